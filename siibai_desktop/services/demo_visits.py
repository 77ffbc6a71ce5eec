"""Believable generated visits and needs for the demo database (no real people).

Households under a 7必访 rule are visited more often, mostly by their grid's staff
member; a few visits raise needs that are then moved along their statuses.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from ..db.engine import Database
from ..db.fastpath import sync_id_sequence
from ..db.models import Building, Grid, Household, Resident, ResidentTag, Staff
from ..db.models.visits import Need, NeedCategory, NeedEvent, Visit, VisitStaff
from ..domain.checklist import MUST_DO, MUST_KNOW

MODES = ["home"] * 45 + ["phone"] * 25 + ["wechat"] * 8 + ["stool"] * 10 + ["visit_day"] * 12
NOTES = ["老人身体尚可，精神不错", "家中整洁，无异常", "反映楼道灯不亮", "子女每周探望", "需要帮助申请助餐",
         "询问加装电梯进度", "对物业服务有意见", "独自在家，叮嘱注意防滑", "刚出院，需要关心", "邻里关系和睦"]
NEEDS = [("物业维修", "楼道灯不亮"), ("物业维修", "厨房水管漏水"), ("环境卫生", "楼道堆物较多"),
         ("安全隐患", "电瓶车在楼道充电"), ("帮困救助", "申请助餐服务"), ("政策咨询", "咨询长护险申请"),
         ("矛盾纠纷", "楼上噪音扰民"), ("加装电梯", "希望本楼加装电梯")]


@dataclass(frozen=True)
class DemoVisitsSummary:
    visits: int
    needs: int


def generate_visits(db: Database, per_household: float = 2.0, days: int = 365, seed: int = 2026,
                    progress: Callable[[int, int], None] | None = None) -> DemoVisitsSummary:
    """Add generated visits (about `per_household` a year per household, more for those
    under a rule) and a few needs, in one transaction. Only on a database with no visits."""
    rng = random.Random(seed)
    today = db.clock.today()
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Visit)):
            raise ValueError("数据库中已有走访记录，演示走访只能生成到没有走访记录的数据库")
        keeper = dict(session.execute(select(Household.id, Grid.staff_id)
                                      .join(Building, Building.id == Household.building_id)
                                      .outerjoin(Grid, Grid.id == Building.grid_id)).all())
        staff = list(session.scalars(select(Staff.id)))
        if not keeper or not staff:
            return DemoVisitsSummary(0, 0)
        covered = set(session.scalars(select(Resident.household_id).join(ResidentTag)
                                      .where(ResidentTag.end_date.is_(None), Resident.state == "current")))
        categories = dict(session.execute(select(NeedCategory.name, NeedCategory.id)).all())
        next_id = (session.scalar(select(func.max(Visit.id))) or 0) + 1
        visits, links, needs = [], [], []
        for n, (hid, owner) in enumerate(keeper.items()):
            rate = per_household * (4 if hid in covered else 1) * days / 365
            for _ in range(int(rate) + (rng.random() < rate % 1)):
                who = owner or rng.choice(staff)
                day = today - dt.timedelta(days=rng.randrange(0, days))
                visits.append({
                    "id": next_id, "household_id": hid, "visit_date": day, "mode": rng.choice(MODES),
                    "met_whom": "", "observations": rng.choice(NOTES) if rng.random() < 0.7 else "",
                    "must_do": ",".join(i.code for i in MUST_DO if rng.random() < 0.3),
                    "must_know": ",".join(i.code for i in MUST_KNOW if rng.random() < 0.15),
                    "notes": "", "next_step": "", "created_by": "演示数据", "version": 1,
                })
                links.append({"visit_id": next_id, "staff_id": who})
                if rng.random() < 0.2:
                    other = rng.choice(staff)
                    if other != who:
                        links.append({"visit_id": next_id, "staff_id": other})
                if rng.random() < 0.03:
                    category, text = rng.choice(NEEDS)
                    needs.append((next_id, hid, day, who, categories.get(category), text))
                next_id += 1
            if progress and n % 1000 == 0:
                progress(n, len(keeper))
        for start in range(0, len(visits), 5000):
            session.execute(insert(Visit), visits[start:start + 5000])
        sync_id_sequence(session, Visit)
        for start in range(0, len(links), 5000):
            session.execute(insert(VisitStaff), links[start:start + 5000])
        made = 0
        for visit_id, hid, day, who, category_id, text in needs:
            if category_id is None:
                continue
            made += 1
            need = Need(household_id=hid, category_id=category_id, description=text, source="visit",
                        raised_by="", raised_on=day, visit_id=visit_id, owner_staff_id=who,
                        deadline=day + dt.timedelta(days=14), status="pending", resolution="")
            session.add(need)
            session.flush()
            session.add(NeedEvent(need_id=need.id, event_date=day, to_status="pending", who="演示数据", note="登记"))
            _advance(session, rng, need, day, today)
        return DemoVisitsSummary(len(visits), made)


def _advance(session, rng: random.Random, need: Need, day: dt.date, today: dt.date) -> None:
    """Move an old enough need along 处理中 → (已上报) → 已办结 → 已回访."""
    steps = [("in_progress", ""), ("resolved", "已处理完毕"), ("followed_up", "")]
    if rng.random() < 0.3:
        steps.insert(1, ("escalated", ""))
        need.escalated_to = rng.choice(["物业", "街道科室", "业委会"])
    when = day
    for status, resolution in steps:
        when += dt.timedelta(days=rng.randrange(2, 12))
        # most needs get done within weeks; a few stay stuck, as in real life
        if when > today or rng.random() < 0.06:
            return
        session.add(NeedEvent(need_id=need.id, event_date=when, from_status=need.status, to_status=status,
                              verdict="satisfied" if status == "followed_up" else None, who="演示数据", note=""))
        need.status = status
        if resolution:
            need.resolution = resolution
            need.closed_on = when
        if status == "followed_up":
            need.follow_up_verdict = "satisfied"
