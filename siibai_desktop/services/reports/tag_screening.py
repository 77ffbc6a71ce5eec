"""Tag screening (标签筛查), e.g. for 双拥优待证: residents with any (or all) of a set of
tags and within an age range, as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, or_, select

from ...db.engine import Database
from ...db.models import Resident, ResidentTag, Tag
from ...domain.clock import age_on, birth_date_cutoff
from ...domain.enums import Sex
from ...domain.masking import mask_id_number
from ..errors import ValidationFailed
from .model import Chart, Column, Report, Table
from .roster_facts import load_people, people_query, present_filter

TITLE = "标签筛查名单"


def tag_screening_report(db: Database, start: dt.date | None = None, end: dt.date | None = None,
                         tags: list[str] | tuple[str, ...] = (), match_all: bool = False,
                         age_min: int | None = None, age_max: int | None = None, **_options) -> Report:
    """Residents living here on `end` (the "as of" day) with the tags and ages asked for."""
    day = end or start or db.clock.today()
    names = [t.strip() for t in tags if t and t.strip()]
    if age_min is not None and age_max is not None and age_min > age_max:
        raise ValidationFailed({"age": "最小年龄不能大于最大年龄"})
    with db.reading() as session:
        tag_rows = session.execute(select(Tag.id, Tag.name).where(or_(Tag.name.in_(names), Tag.code.in_(names)))
                                   ).all() if names else []
        unknown = set(names) - {n for _, n in tag_rows} - set(
            session.scalars(select(Tag.code).where(Tag.code.in_(names))))
        if unknown:
            raise ValidationFailed({"tags": "没有这些标签：" + "、".join(sorted(unknown))})
        tag_names = {tid: name for tid, name in tag_rows}
        stmt = people_query().where(present_filter(day))
        if age_min is not None:
            stmt = stmt.where(Resident.birth_date <= birth_date_cutoff(age_min, day))
        if age_max is not None:
            stmt = stmt.where(Resident.birth_date > birth_date_cutoff(age_max + 1, day))
        held: dict[int, set[int]] = defaultdict(set)
        if tag_names:
            active = and_(ResidentTag.tag_id.in_(tag_names), ResidentTag.start_date <= day,
                          or_(ResidentTag.end_date.is_(None), ResidentTag.end_date > day))
            for rid, tid in session.execute(select(ResidentTag.resident_id, ResidentTag.tag_id).where(active)):
                held[rid].add(tid)
            wanted = [rid for rid, ts in held.items() if not match_all or len(ts) == len(tag_names)]
            people = []
            for i in range(0, len(wanted), 900):
                people += load_people(session, stmt.where(Resident.id.in_(wanted[i:i + 900])))
        else:
            people = load_people(session, stmt)
    people.sort(key=lambda p: (p.address_sort, p.id))
    order = sorted(tag_names, key=lambda t: tag_names[t])
    rows = tuple(
        (i, p.name, Sex(p.sex).label if p.sex else "", age_on(p.birth_date, day), mask_id_number(p.id_number),
         p.address.replace(" ", ""), "、".join(tag_names[t] for t in order if t in held.get(p.id, ())))
        for i, p in enumerate(people, 1)
    )
    per_tag = tuple(sum(1 for p in people if t in held.get(p.id, ())) for t in order)
    ages = []
    if age_min is not None and age_max is not None:
        ages.append(f"{age_min}–{age_max}岁")
    elif age_min is not None:
        ages.append(f"{age_min}岁及以上")
    elif age_max is not None:
        ages.append(f"{age_max}岁及以下")
    criteria = ("、".join(tag_names[t] for t in order) or "全部居民") + (
        "（同时具备）" if match_all and len(order) > 1 else "（任一）" if len(order) > 1 else "")
    return Report(
        key="tags", title=TITLE, period=f"截至{day.year}年{day.month}月{day.day}日", start=day, end=day,
        figures=(("筛查条件", criteria + ("，" + ages[0] if ages else "")), ("符合人数", str(len(people))))
        + tuple((f"其中{tag_names[t]}", str(n)) for t, n in zip(order, per_tag)),
        tables=(Table("名单", (Column("序号", 0.6, "right"), Column("姓名", 1.2), Column("性别", 0.6),
                               Column("年龄", 0.6, "right"), Column("身份证号", 2.0), Column("住址", 3.2),
                               Column("标签", 1.6)), rows),),
        charts=(Chart("各标签人数", tuple(tag_names[t] for t in order), per_tag),) if order else (),
        extra={"tags": [tag_names[t] for t in order], "match_all": match_all, "age_min": age_min,
               "age_max": age_max},
    )
