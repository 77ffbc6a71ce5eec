"""The due list (必访清单) with a frozen today (2026-11-21): every state and the tricky cases."""

import datetime as dt

import pytest

from siibai_desktop.services.due import due_list
from siibai_desktop.services.errors import ConflictError, ValidationFailed
from siibai_desktop.services.life_events import move_out, record_death
from siibai_desktop.services.tags import end_tag
from siibai_desktop.services.visit_rules import list_rules, rule_input, update_rule
from tests.visit_builders import household, staff_with_grid, tag, visit, years_before

TODAY = dt.date(2026, 11, 21)


def ago(n):
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def staff(db):
    from siibai_desktop.services.staff import add_staff
    return add_staff(db, "陈静")


def line_for(db, household_id, **kw):
    lines = [x for x in due_list(db, **kw) if x.household_id == household_id]
    assert len(lines) <= 1
    return lines[0] if lines else None


@pytest.mark.parametrize("days, state, label", [
    (None, "overdue", "逾期 30 天"),     # never visited: a whole period overdue
    (41, "overdue", "逾期 11 天"),
    (30, "due", "到期"),
    (25, "coming_up", "即将到期"),
    (10, "done", "本期已访"),
])
def test_elderly_living_alone_through_every_state(db, staff, days, state, label):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    if days is not None:
        visit(db, hid, ago(days), [staff])
    line = line_for(db, hid, include_not_due=True)
    assert (line.state, line.state_label) == (state, label)
    assert line.rules == ("高龄独居",) and line.residents == ("王阿婆",)
    if days == 41:
        assert line.reason == "独居80岁以上每30天一次；上次入户走访 41 天前"
        assert (line.last_visit_date, line.last_visit_mode, line.last_visit_staff) == (ago(41), "home", "陈静")
        assert line.due_date == ago(11)
    in_default = line_for(db, hid)
    assert (in_default is not None) == (state in ("overdue", "due", "coming_up"))


def test_not_due_before_the_first_one_off_visit(db):
    hid, _ = household(db, "101", people=[("新来的", years_before(TODAY, 40), ago(3))])
    line = line_for(db, hid, include_not_due=True)
    assert (line.state, line.rules) == ("not_due", ("新住户",))
    assert line.due_date == ago(3) + dt.timedelta(days=14)
    assert line_for(db, hid) is None


def test_new_resident_overdue_then_done_and_old_arrivals_not_covered(db, staff):
    late, _ = household(db, "102", people=[("晚登记", years_before(TODAY, 30), ago(20))])
    old, _ = household(db, "103", people=[("老住户", years_before(TODAY, 30), ago(100))])
    line = line_for(db, late)
    assert (line.state, line.overdue_days) == ("overdue", 6)
    assert "尚未走访" in line.reason
    visit(db, late, ago(30), [staff])          # before moving in: does not count
    assert line_for(db, late).state == "overdue"
    visit(db, late, ago(2), [staff], mode="stool")
    assert line_for(db, late) is None
    assert line_for(db, late, include_not_due=True).state == "done"
    assert line_for(db, old, include_not_due=True) is None


def test_resident_who_dies_while_due_drops_out_at_once(db, staff):
    hid, (rid,) = household(db, "201", people=[("李老伯", years_before(TODAY, 88), None)])
    tag(db, rid, "低保", ago(300))
    assert line_for(db, hid).state == "overdue"
    record_death(db, rid, TODAY)
    assert line_for(db, hid, include_not_due=True) is None


def test_moving_out_ends_coverage_and_living_alone_needs_one_member(db):
    hid, (old, young) = household(db, "202", people=[("张奶奶", years_before(TODAY, 90), None),
                                                      ("张孙", years_before(TODAY, 30), None)])
    assert line_for(db, hid, include_not_due=True) is None      # not alone
    move_out(db, young, TODAY)
    assert line_for(db, hid).rules == ("高龄独居",)                 # alone now
    move_out(db, old, TODAY)
    assert line_for(db, hid, include_not_due=True) is None


def test_resident_covered_by_tag_and_by_age_is_listed_once(db):
    hid, (rid,) = household(db, "303", people=[("钱阿婆", years_before(TODAY, 90), None)])
    tag(db, rid, "高龄独居", ago(100))
    line = line_for(db, hid)
    assert line.residents == ("钱阿婆",) and line.rules == ("高龄独居",)


def test_phone_call_counts_for_low_income_not_for_elderly_alone(db, staff):
    hid, (rid,) = household(db, "301", people=[("赵老太", years_before(TODAY, 86), None)])
    tag(db, rid, "低保", ago(500))
    visit(db, hid, ago(100), [staff], mode="home")
    visit(db, hid, ago(5), [staff], mode="phone")
    line = line_for(db, hid)
    assert line.rules == ("高龄独居",)                               # 低保 is done by the call
    assert (line.state, line.overdue_days) == ("overdue", 70)
    assert (line.last_visit_date, line.last_visit_mode) == (ago(100), "home")
    everything = line_for(db, hid, include_not_due=True)
    assert everything.rules == ("高龄独居", "低保") and everything.state == "overdue"
    assert "上次电话走访 5 天前" in everything.reason


def test_one_visit_clears_every_rule_due_in_the_household(db, staff):
    hid, (a, b) = household(db, "401", people=[("钱大", years_before(TODAY, 60), None),
                                                ("钱二", years_before(TODAY, 58), None)])
    tag(db, a, "低保", ago(200))
    tag(db, b, "残疾", ago(200))
    line = line_for(db, hid)
    assert line.rules == ("低保", "残疾") and set(line.residents) == {"钱大", "钱二"}
    visit(db, hid, TODAY, [staff], mode="home")
    assert line_for(db, hid) is None
    assert line_for(db, hid, include_not_due=True).state == "done"


def test_birthday_crossing_the_age_threshold_brings_them_in(db, clock, staff):
    birth = years_before(TODAY, 80) + dt.timedelta(days=1)           # 80 tomorrow
    hid, _ = household(db, "501", people=[("孙伯伯", birth, None)])
    visit(db, hid, ago(41), [staff])
    assert line_for(db, hid, include_not_due=True) is None
    clock.advance(days=1)
    line = line_for(db, hid)
    assert (line.state, line.overdue_days) == ("overdue", 12)
    assert line_for(db, hid, day=TODAY, include_not_due=True) is None   # an explicit day wins


def test_a_tag_ending_drops_the_rule(db):
    hid, (rid,) = household(db, "601", people=[("周某", years_before(TODAY, 50), None)])
    tag_id = tag(db, rid, "困难家庭", ago(90))
    assert line_for(db, hid).rules == ("困难家庭",)
    end_tag(db, rid, tag_id, TODAY)
    assert line_for(db, hid, include_not_due=True) is None


def test_staff_and_grid_scope(db):
    mine, (r1,) = household(db, "101", building="1", people=[("甲", years_before(TODAY, 60), None)])
    theirs, (r2,) = household(db, "101", building="2", people=[("乙", years_before(TODAY, 60), None)])
    for rid in (r1, r2):
        tag(db, rid, "低保", ago(200))
    from siibai_desktop.services.households import get_household, list_buildings
    buildings = dict((label, bid) for bid, label in list_buildings(db))
    b1 = [bid for label, bid in buildings.items() if label.endswith("1号")][0]
    b2 = [bid for label, bid in buildings.items() if label.endswith("2号")][0]
    s1 = staff_with_grid(db, "陈静", "第1网格", [b1])
    staff_with_grid(db, "王丽华", "第2网格", [b2])
    assert [x.household_id for x in due_list(db, staff_id=s1)] == [mine]
    line = due_list(db, staff_id=s1)[0]
    assert (line.staff, line.grid, line.address) == ("陈静", "第1网格", get_household(db, mine).address)
    from siibai_desktop.services.staff import list_grids
    g2 = [g.id for g in list_grids(db) if g.name == "第2网格"][0]
    assert [x.household_id for x in due_list(db, grid_id=g2)] == [theirs]
    assert {x.household_id for x in due_list(db)} == {mine, theirs}


def test_editing_a_rule_changes_the_list(db, staff):
    hid, (rid,) = household(db, "701", people=[("吴某", years_before(TODAY, 50), None)])
    tag(db, rid, "低保", ago(400))
    visit(db, hid, ago(40), [staff], mode="phone")
    assert line_for(db, hid) is None                     # every 90 days, phone counts
    rule = next(r for r in list_rules(db) if r.code == "low_income")
    data = rule_input(rule)
    data.interval_days, data.counting_modes = 30, ("home",)
    update_rule(db, rule.id, data, rule.version)
    line = line_for(db, hid)
    assert line.state == "overdue" and line.reason == "低保每30天一次；从未走访"
    with pytest.raises(ConflictError):
        update_rule(db, rule.id, data, rule.version)
    rule = next(r for r in list_rules(db) if r.code == "low_income")
    data.counting_modes = ()
    with pytest.raises(ValidationFailed) as err:
        update_rule(db, rule.id, data, rule.version)
    assert "counting_modes" in err.value.errors
    data = rule_input(rule)
    data.active = False
    update_rule(db, rule.id, data, rule.version)
    assert line_for(db, hid, include_not_due=True) is None


def test_demo_roster_lines_are_consistent(demo_db):
    lines = due_list(demo_db)
    assert lines
    assert all(x.state in ("overdue", "due", "coming_up") for x in lines)
    urgency = {"overdue": 0, "due": 1, "coming_up": 2}
    assert [urgency[x.state] for x in lines] == sorted(urgency[x.state] for x in lines)
    everything = due_list(demo_db, include_not_due=True)
    assert {x.household_id for x in lines} <= {x.household_id for x in everything}
