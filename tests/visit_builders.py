"""Small builders for the visit programme tests: a household with people, tags, staff."""

from __future__ import annotations

import datetime as dt

from siibai_desktop.services.households import add_household
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.staff import add_grid, add_staff
from siibai_desktop.services.tags import assign_tag, tag_id_by_name
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from siibai_desktop.services.visits import VisitInput, record_visit
from tests.helpers import make_id

_seq = iter(range(1, 10_000))


def years_before(day: dt.date, years: int, days: int = 0) -> dt.date:
    return day.replace(year=day.year - years) - dt.timedelta(days=days)


def household(db, room: str, building: str = "5", people=(), compound: str = "星港景苑") -> tuple[int, list[int]]:
    """A household and its residents: people = [(name, birth_date, moved_in_on or None), …]."""
    hid = add_household(db, HouseholdInput(compound=compound, building=building, road="长宁支路", lane="314",
                                           room=room))
    ids = []
    for name, birth, moved_in in people:
        result = add_resident(db, ResidentInput(
            household_id=hid, name=name, id_number=make_id(birth, seq=next(_seq) % 499),
            relation="head" if not ids else "spouse", moved_in_on=moved_in))
        ids.append(result.id)
    return hid, ids


def tag(db, resident_id: int, name: str, start: dt.date) -> int:
    tag_id = tag_id_by_name(db, name)
    assign_tag(db, resident_id, tag_id, start)
    return tag_id


def staff_with_grid(db, name: str, grid: str, building_ids: list[int]) -> int:
    sid = add_staff(db, name)
    add_grid(db, grid, sid, building_ids)
    return sid


def visit(db, household_id: int, day: dt.date, staff_ids: list[int], mode: str = "home", **kw) -> int:
    return record_visit(db, VisitInput(household_id=household_id, visit_date=day, staff_ids=staff_ids,
                                       mode=mode, **kw))
