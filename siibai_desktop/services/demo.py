"""Believable generated rosters for the demo and for benchmarks. No real person's data:
names come from Faker (zh_CN), ID numbers are built from stable area codes with valid
check digits, phones are random."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker
from sqlalchemy import func, insert, select, update

from ..db.engine import Database
from ..db.models import Building, Compound, Grid, Household, LifeEvent, Resident, ResidentTag, Staff, Tag
from ..domain.address import address_sort_key, format_address
from ..domain.clock import birth_date_cutoff
from ..domain.id_number import _check_digit
from ..domain.names import search_text_for
from .committee import CommitteeInfo, save_committee
from .database import default_database_path, open_app_database

DEMO_COMMITTEE = CommitteeInfo(
    name="枫港居民区居民委员会", street_office="示范路街道办事处", district="示范区",
    address="枫港路88弄1号", phone="021-62000000",
)
COMPOUND_STEMS = ["星港", "枫桥", "大兴", "华阳", "长宁", "武夷", "安化", "定西", "凯旋", "延安",
                  "法华", "番禺", "幸福", "和平", "愉园", "镇宁", "新华", "江苏", "宣化", "利西"]
COMPOUND_ENDS = ["景苑", "苑", "邨", "新村", "小区", "公寓", "花园", "坊"]
ROADS = ["长宁支路", "武夷路", "安化路", "定西路", "华阳路", "凯旋路", "延安西路", "番禺路", "法华镇路", "镇宁路"]
# Local area codes, one retired (卢湾区 310103, merged into 黄浦 in 2011) as real rosters have.
LOCAL_AREAS = ["310105", "310105", "310105", "310104", "310106", "310103"]
OTHER_AREAS = ["320102", "340104", "330106", "420106", "510104", "410105", "370102"]
STAFF_NAMES = ["陈静", "王丽华", "李建国", "张敏", "刘芳", "周强", "吴燕", "孙伟"]
TAG_RATES = {  # share of current residents, applied where the group makes sense
    "low_income": 0.025, "disabled": 0.03, "serious_illness": 0.02, "hardship": 0.015,
    "party_member": 0.08, "volunteer": 0.05, "model_worker": 0.003, "entitled_group": 0.006,
}


@dataclass(frozen=True)
class DemoSummary:
    compounds: int
    buildings: int
    households: int
    residents: int
    staff: int


def _age(rng: random.Random) -> int:
    """An old-heavy pyramid: many households headed by people in their 60s to 90s."""
    band = rng.choices([(25, 39), (40, 59), (60, 69), (70, 79), (80, 89), (90, 101)],
                       weights=[12, 25, 25, 20, 13, 5])[0]
    return rng.randint(*band)


class _Ids:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, birth: dt.date, male: bool, local: bool) -> str:
        area = self.rng.choice(LOCAL_AREAS if local else OTHER_AREAS)
        while True:
            seq = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
            number = first17 + _check_digit(first17)
            if number not in self.used:
                self.used.add(number)
                return number


def generate_roster(db: Database, residents: int = 3000, seed: int = 2026,
                    progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Fill an empty database with about `residents` generated people in one transaction."""
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    today = db.clock.today()
    ids = _Ids(rng)
    n_compounds = 4 if residents <= 6000 else min(len(COMPOUND_STEMS) * 2, max(4, residents // 2500))
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(Resident)):
            raise ValueError("数据库中已有居民，演示数据只能生成到空数据库")
        tags = {t.code: t.id for t in session.scalars(select(Tag).where(Tag.code.is_not(None)))}
        staff_ids = []
        for i, name in enumerate(STAFF_NAMES[: 6 + (residents > 2000) + (residents > 20000)]):
            role = "secretary" if i == 0 else "director" if i == 1 else "staff"
            staff = Staff(name=name, role=role, phone=f"1391234{5600 + i:04d}")
            session.add(staff)
            session.flush()
            staff_ids.append(staff.id)
        grids = []
        for i, sid in enumerate(staff_ids):
            grid = Grid(name=f"第{i + 1}网格", staff_id=sid)
            session.add(grid)
            session.flush()
            grids.append(grid.id)

        # compounds and buildings sized so that households ≈ residents / 2.45
        target_households = max(1, round(residents / 2.45))
        per_compound = max(1, target_households // n_compounds)
        building_rows = []
        for c in range(n_compounds):
            name = COMPOUND_STEMS[c % len(COMPOUND_STEMS)] + COMPOUND_ENDS[(c * 3) % len(COMPOUND_ENDS)]
            if c >= len(COMPOUND_STEMS):
                name = COMPOUND_STEMS[c % len(COMPOUND_STEMS)] + "二期" + COMPOUND_ENDS[c % len(COMPOUND_ENDS)]
            compound = Compound(name=name, note="")
            session.add(compound)
            session.flush()
            road = ROADS[c % len(ROADS)]
            lane = str(100 + 2 * rng.randrange(10, 200))
            n_buildings = max(1, per_compound // 18)
            for b in range(1, n_buildings + 1):
                building_rows.append({"compound_id": compound.id, "road": road, "lane": lane, "number": str(b),
                                      "grid_id": None, "version": 1, "_compound": name})
        for i, row in enumerate(building_rows):
            row["grid_id"] = grids[i * len(grids) // len(building_rows)]
        plain = [{k: v for k, v in r.items() if not k.startswith("_")} for r in building_rows]
        session.execute(insert(Building), plain)
        building_ids = list(session.scalars(select(Building.id).order_by(Building.id)))

        households, people, next_hid = [], [], -1
        floors_rooms = [f"{f}0{r}" for f in range(1, 7) for r in range(1, 4)]
        made = 0
        hi = 0
        while made < residents:
            b_index = hi % len(building_rows)
            b = building_rows[b_index]
            room = floors_rooms[(hi // len(building_rows)) % len(floors_rooms)]
            next_hid += 1
            hi += 1
            parts = (b["_compound"], b["road"], b["lane"], b["number"], room)
            address = format_address(*parts)
            households.append({
                "building_id": building_ids[b_index], "room": room,
                "household_type": rng.choices(["family", "rented"], weights=[92, 8])[0],
                "phone": f"021-6{rng.randrange(1000000, 9999999)}" if rng.random() < 0.5 else "",
                "notes": "", "last_verified_on": today - dt.timedelta(days=rng.randrange(0, 540)),
                "address_text": address, "address_sort": address_sort_key(*parts), "version": 1,
            })
            size = rng.choices([1, 2, 3, 4, 5], weights=[25, 33, 22, 13, 7])[0]
            surname = fake.last_name()
            head_age = _age(rng)
            local = rng.random() < 0.88
            status = "registered" if local and rng.random() < 0.9 else ("registered_elsewhere" if local else "non_local")
            members = [("head", head_age, rng.random() < 0.5, surname)]
            if size >= 2:
                members.append(("spouse", max(20, head_age + rng.randint(-4, 3)), not members[0][2], fake.last_name()))
            for k in range(size - 2):
                child_age = head_age - rng.randint(24, 32)
                if child_age < 1:
                    child_age = rng.randint(1, 15)
                members.append(("child" if k < 2 else "grandchild", max(0, child_age - (28 if k >= 2 else 0)),
                                rng.random() < 0.5, surname))
            moved_in = today - dt.timedelta(days=rng.choice([rng.randrange(0, 40), rng.randrange(365, 365 * 40)])
                                            if rng.random() < 0.03 else rng.randrange(365, 365 * 40))
            for relation, age, male, sname in members:
                if made >= residents:
                    break
                made += 1
                birth = birth_date_cutoff(age, today) - dt.timedelta(days=rng.randrange(0, 364))
                given = fake.first_name_male() if male else fake.first_name_female()
                name = sname + given
                number = ids.make(birth, male, local)
                phone = f"1{rng.choice('358')}{rng.randrange(0, 10)}{rng.randrange(10000000, 99999999)}" if age >= 16 and rng.random() < 0.85 else ""
                full, search = search_text_for(name, number, phone, address)
                people.append({
                    "household_id": next_hid, "name": name, "sex": "M" if male else "F", "birth_date": birth,
                    "id_number": number, "phone": phone, "relation": relation, "residence_status": status,
                    "moved_in_on": moved_in, "state": "current", "notes": "", "name_pinyin": full,
                    "search_text": search,
                    "version": 1,
                })
            if progress and hi % 500 == 0:
                progress(made, residents)
        # Real ids come back in order (RETURNING), so sequences stay right on PostgreSQL too.
        household_ids = list(session.scalars(
            insert(Household).returning(Household.id, sort_by_parameter_order=True), households))
        for person in people:
            person["household_id"] = household_ids[person["household_id"]]
        for start in range(0, len(people), 5000):
            session.execute(insert(Resident), people[start:start + 5000])
        _tag_and_age(session, rng, tags, today)
        return DemoSummary(n_compounds, len(building_rows), len(households), made, len(staff_ids))


def _tag_and_age(session, rng: random.Random, tags: dict[str, int], today: dt.date) -> None:
    """Tags at realistic rates, 高龄独居 for the 80+ living alone, a few move-outs and deaths."""
    rows = session.execute(select(Resident.id, Resident.household_id, Resident.birth_date)).all()
    size = dict(session.execute(select(Resident.household_id, func.count()).group_by(Resident.household_id)).all())
    links, events = [], []
    start = today - dt.timedelta(days=400)
    for rid, hid, birth in rows:
        age = today.year - birth.year
        for code, rate in TAG_RATES.items():
            weight = 2.0 if code in ("serious_illness", "entitled_group", "model_worker") and age >= 60 else 1.0
            if code == "volunteer" and not 18 <= age <= 75:
                continue
            if rng.random() < rate * weight:
                links.append({"resident_id": rid, "tag_id": tags[code], "start_date": start, "note": "", "version": 1})
        if age >= 80 and size[hid] == 1:
            links.append({"resident_id": rid, "tag_id": tags["elderly_alone"], "start_date": start, "note": "", "version": 1})
        if age >= 88 and rng.random() < 0.02:
            links.append({"resident_id": rid, "tag_id": tags["retired_cadre"], "start_date": start, "note": "", "version": 1})
    if links:
        session.execute(insert(ResidentTag), links)
    leavers = rng.sample(rows, k=max(1, len(rows) // 60))
    for rid, hid, birth in leavers:
        died = (today.year - birth.year) >= 80 and rng.random() < 0.5
        day = today - dt.timedelta(days=rng.randrange(1, 300))
        session.execute(update(Resident).where(Resident.id == rid).values(
            state="died" if died else "moved_out", left_on=day, version=Resident.version + 1))
        events.append({"resident_id": rid, "kind": "died" if died else "moved_out", "event_date": day,
                       "from_household_id": hid, "place": "" if died else "外区", "note": ""})
    session.execute(insert(LifeEvent), events)


def ensure_demo_database() -> str:
    """Create the demo database on first use (kept apart from the real one); return its path."""
    path = default_database_path(demo=True)
    if not path.exists():
        db = open_app_database(str(path))
        try:
            from .demo_visits import generate_visits

            save_committee(db, DEMO_COMMITTEE)
            generate_roster(db, residents=3000)
            generate_visits(db)  # a year of visits and needs, so every page has something to show
        except BaseException:
            db.close()
            path.unlink(missing_ok=True)
            raise
        db.close()
    return str(path)
