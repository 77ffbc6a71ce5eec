"""The pure due-state logic with a frozen today, through every state."""

import datetime as dt

import pytest

from siibai_desktop.domain.visit_rules import (
    DEFAULT_RULES, evaluate, reason, state_label, who_phrase,
)

TODAY = dt.date(2026, 11, 21)


def days_ago(n):
    return TODAY - dt.timedelta(days=n)


@pytest.mark.parametrize("last, state, overdue", [
    (days_ago(5), "done", 0),          # visited 5 days ago, next due in 25
    (days_ago(22), "done", 0),         # 8 days left, warning window is 7
    (days_ago(23), "coming_up", 0),    # 7 days left
    (days_ago(29), "coming_up", 0),
    (days_ago(30), "due", 0),
    (days_ago(41), "overdue", 11),
])
def test_periodic_rule_states(last, state, overdue):
    status = evaluate(TODAY, 30, 7, last, anchor=days_ago(400))
    assert (status.state, status.overdue_days) == (state, overdue)
    assert status.due_date == last + dt.timedelta(days=30)


def test_never_visited_is_due_from_coverage_but_at_most_one_period_back():
    assert evaluate(TODAY, 30, 7, None, anchor=TODAY).state == "due"
    recent = evaluate(TODAY, 30, 7, None, anchor=days_ago(10))
    assert (recent.state, recent.overdue_days) == ("overdue", 10)
    old = evaluate(TODAY, 30, 7, None, anchor=days_ago(4000))
    assert (old.state, old.overdue_days, old.due_date) == ("overdue", 30, days_ago(30))
    assert evaluate(TODAY, 30, 7, None, anchor=None).state == "due"


def test_one_off_rule_for_new_residents():
    moved = days_ago(3)
    assert evaluate(TODAY, 14, 7, None, moved, once=True).state == "not_due"        # due in 11 days
    assert evaluate(TODAY, 14, 7, None, days_ago(8), once=True).state == "coming_up"
    assert evaluate(TODAY, 14, 7, None, days_ago(14), once=True).state == "due"
    late = evaluate(TODAY, 14, 7, None, days_ago(20), once=True)
    assert (late.state, late.overdue_days) == ("overdue", 6)
    # a visit before moving in does not count; one after does, for good
    assert evaluate(TODAY, 14, 7, days_ago(30), days_ago(20), once=True).state == "overdue"
    assert evaluate(TODAY, 14, 7, days_ago(1), days_ago(20), once=True).state == "done"


def test_labels_and_reasons():
    assert state_label("overdue", 11) == "逾期 11 天"
    assert [state_label(s) for s in ("not_due", "coming_up", "due", "done")] == ["未到期", "即将到期", "到期", "本期已访"]
    who = who_phrase("高龄独居", 80, True, via_criteria=True)
    assert reason(TODAY, who, 30, days_ago(41), "home") == "独居80岁以上每30天一次；上次入户走访 41 天前"
    assert reason(TODAY, who_phrase("低保", None, False, False), 90, None, None) == "低保每90天一次；从未走访"
    assert who_phrase("高龄独居", 80, True, via_criteria=False) == "高龄独居"
    text = reason(TODAY, "新住户", 14, None, None, anchor=days_ago(3), once=True)
    assert text == f"新住户迁入后14天内走访一次；{days_ago(3).isoformat()} 迁入，尚未走访"
    assert reason(TODAY, "低保", 90, TODAY, "phone").endswith("今天电话走访")


def test_default_rules_cover_the_seven_groups():
    names = {r.name for r in DEFAULT_RULES}
    assert {"新住户", "大病重病", "高龄独居", "低保", "劳模", "优抚对象", "离休干部", "困难家庭", "残疾"} == names
    by_code = {r.code: r for r in DEFAULT_RULES}
    assert "phone" in by_code["low_income"].counting_modes
    assert "phone" not in by_code["elderly_alone"].counting_modes
    assert by_code["elderly_alone"].min_age == 80 and by_code["elderly_alone"].living_alone
    assert all(r.warn_days < r.interval_days for r in DEFAULT_RULES)
