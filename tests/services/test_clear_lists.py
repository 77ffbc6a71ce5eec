"""2必清: 底数清 (roster verified within 12 months), 需求清 (visited within 12 months),
marking a household verified, and the dashboard figures built on them."""

from __future__ import annotations

import datetime as dt

from siibai_desktop.services.clear_lists import mark_verified, unverified_households, unvisited_households
from siibai_desktop.services.dashboard import dashboard, due_lines
from siibai_desktop.services.households import add_household
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.households import list_buildings
from siibai_desktop.services.staff import add_grid, add_staff
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from siibai_desktop.services.visits import VisitInput, record_visit
from tests.conftest import TODAY


def _household(db, room, verified=None, name="张三"):
    hid = add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314", building="5", room=room,
                                           last_verified_on=verified))
    add_resident(db, ResidentInput(household_id=hid, name=name, relation="head"))
    return hid


def test_unverified_households(db):
    never = _household(db, "101")
    stale = _household(db, "102", verified=dt.date(2025, 11, 21))  # exactly 12 months ago: stale
    fresh = _household(db, "103", verified=dt.date(2025, 11, 22))
    add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314", building="5", room="104"))  # empty
    lines = unverified_households(db)
    assert [line.household_id for line in lines] == [never, stale]
    assert lines[0].reason == "底数清：户籍信息从未核对" and lines[0].residents == ("张三",)
    assert "2025-11-21" in lines[1].reason and lines[1].building.endswith("长宁支路314弄5号")
    assert mark_verified(db, never) == TODAY
    assert [line.household_id for line in unverified_households(db)] == [stale]
    assert fresh not in {line.household_id for line in unverified_households(db)}


def test_unvisited_households_and_scope(db):
    staff = add_staff(db, "陈静")
    a, b = _household(db, "201"), _household(db, "202", name="李四")
    other = add_household(db, HouseholdInput(compound="枫桥苑", road="武夷路", lane="20", building="3", room="101"))
    add_resident(db, ResidentInput(household_id=other, name="王五", relation="head"))
    [(bid, _)] = [x for x in list_buildings(db) if "长宁支路" in x[1]]
    add_grid(db, "第1网格", staff, [bid])
    record_visit(db, VisitInput(household_id=a, visit_date=TODAY - dt.timedelta(days=30), staff_ids=[staff]))
    record_visit(db, VisitInput(household_id=b, visit_date=dt.date(2025, 10, 1), staff_ids=[staff], mode="电话"))
    lines = unvisited_households(db)
    assert [line.household_id for line in lines] == [b, other]
    assert lines[0].reason == "需求清：上次走访于 2025-10-01，12 个月内未走访" and lines[1].reason == "需求清：从未走访"
    assert [line.household_id for line in unvisited_households(db, staff_id=staff)] == [b]
    assert lines[0].staff == "陈静" and lines[0].grid == "第1网格" and lines[1].grid is None

    figures = dashboard(db)
    assert figures.households == 3 and figures.visited_12m == 1 and figures.unvisited == 2
    [coverage] = figures.staff
    assert (coverage.name, coverage.households, coverage.visited, coverage.residents) == ("陈静", 2, 1, 2)
    assert coverage.share == 0.5 and coverage.grids == "第1网格"


def test_dashboard_due_figures_match_their_lists(demo_db):
    figures = dashboard(demo_db)
    assert figures.overdue == len(due_lines(demo_db, "overdue")) > 0
    assert figures.due_today == len(due_lines(demo_db, "today"))
    assert figures.due_this_week == len(due_lines(demo_db, "week"))
    assert figures.unverified == len(unverified_households(demo_db))
    assert figures.unvisited == len(unvisited_households(demo_db))
    assert sum(s.households for s in figures.staff) == figures.households
    assert figures.open_needs == figures.overdue_needs == 0
