"""Planning a visit day: due households first, walking order, add/remove, codes."""

from __future__ import annotations

import datetime as dt

import pytest

from siibai_desktop.domain.sheet_code import encode
from siibai_desktop.domain.visit_day import months_before, next_visit_day, within_year
from siibai_desktop.services.due import due_list
from siibai_desktop.services.errors import NotFound, UserError
from siibai_desktop.services.households import find_households
from siibai_desktop.services.staff import list_staff
from siibai_desktop.services.visit_day import (
    add_to_plan, delete_plan, find_plan, get_plan, household_by_code, list_plans, plan_visit_day,
    remove_from_plan,
)

THURSDAY = dt.date(2026, 11, 26)


def test_next_thursday_and_year_window():
    assert next_visit_day(dt.date(2026, 11, 21)) == THURSDAY  # a Saturday
    assert next_visit_day(THURSDAY) == THURSDAY
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 11, 21), 12) == dt.date(2025, 11, 21)
    assert within_year(dt.date(2025, 11, 22), dt.date(2026, 11, 21))
    assert not within_year(dt.date(2025, 11, 21), dt.date(2026, 11, 21))
    assert not within_year(None, dt.date(2026, 11, 21))


def _assert_walking_order(lines):
    """A building's households stand together: no building is walked to twice."""
    seen = []
    for line in lines:
        if not seen or seen[-1] != line.building:
            assert line.building not in seen, "a building visited twice"
            seen.append(line.building)


def _busiest_staff(db):
    staff = list_staff(db)
    return max(staff, key=lambda s: len(due_list(db, staff_id=s.id, day=THURSDAY)))


def test_plan_takes_overdue_first_and_walks_building_by_building(demo_db):
    staff = _busiest_staff(demo_db)
    due = [d for d in due_list(demo_db, staff_id=staff.id, day=THURSDAY) if d.state in ("overdue", "due", "coming_up")]
    assert due, "the demo roster has due households"
    limit = max(1, len(due) // 2)
    plan = get_plan(demo_db, plan_visit_day(demo_db, THURSDAY, staff_id=staff.id, limit=limit))
    assert plan.staff == staff.name and plan.day == THURSDAY and len(plan.lines) == limit
    # the most urgent ones were chosen
    most_urgent = {d.household_id for d in due[:limit]}
    assert {line.household_id for line in plan.lines} == most_urgent
    assert all(line.source == "due" and line.state_label for line in plan.lines)
    _assert_walking_order(plan.lines)
    assert all(line.code == encode(line.household_id) for line in plan.lines)


def test_plan_fills_up_from_the_clear_lists_and_is_kept(demo_db):
    staff = list_staff(demo_db)[0]
    plan_id = plan_visit_day(demo_db, THURSDAY, staff_id=staff.id, limit=200)
    plan = get_plan(demo_db, plan_id)
    sources = [line.source for line in plan.lines]
    assert "unvisited" in sources  # nobody has been visited in the demo yet
    # asking again returns the stored plan, untouched
    assert plan_visit_day(demo_db, THURSDAY, staff_id=staff.id, limit=3) == plan_id
    assert len(get_plan(demo_db, plan_id).lines) == len(plan.lines)
    assert find_plan(demo_db, THURSDAY, staff_id=staff.id) == plan_id
    assert find_plan(demo_db, THURSDAY) is None
    # replace re-plans the same record
    assert plan_visit_day(demo_db, THURSDAY, staff_id=staff.id, limit=3, replace=True) == plan_id
    assert len(get_plan(demo_db, plan_id).lines) == 3
    [summary] = list_plans(demo_db)
    assert summary.households == 3 and summary.staff == staff.name


def test_add_and_remove_households(demo_db):
    staff = list_staff(demo_db)[0]
    plan_id = plan_visit_day(demo_db, THURSDAY, staff_id=staff.id, limit=2)
    before = get_plan(demo_db, plan_id)
    planned = {line.household_id for line in before.lines}
    extra = next(h for h in find_households(demo_db, "", limit=200) if h.id not in planned)
    add_to_plan(demo_db, plan_id, extra.id)
    after = get_plan(demo_db, plan_id)
    line = next(line for line in after.lines if line.household_id == extra.id)
    assert line.source_label == "手动加入"
    _assert_walking_order(after.lines)
    with pytest.raises(UserError, match="已在"):
        add_to_plan(demo_db, plan_id, extra.id)
    remove_from_plan(demo_db, plan_id, extra.id)
    assert {line.household_id for line in get_plan(demo_db, plan_id).lines} == planned
    delete_plan(demo_db, plan_id)
    with pytest.raises(NotFound):
        get_plan(demo_db, plan_id)


def test_household_by_code(demo_db):
    household = find_households(demo_db, "", limit=1)[0]
    hit = household_by_code(demo_db, encode(household.id).lower())
    assert hit.household_id == household.id and hit.address == household.address and hit.residents
    with pytest.raises(UserError, match="校验"):
        code = encode(household.id)
        household_by_code(demo_db, code[:5] + ("A" if code[5] != "A" else "B"))
    with pytest.raises(NotFound, match="没有编号"):
        household_by_code(demo_db, encode(999_999))
