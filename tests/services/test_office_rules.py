"""An office's own must-visit rules (e.g. 失独家庭 every 30 days): added, checked like an
edit, seen by the very next due list, turned off and on; refused to a 只读 user."""

import datetime as dt

import pytest

from siibai_desktop.services.due import due_list, households_only_under
from siibai_desktop.services.errors import ConflictError, ValidationFailed
from siibai_desktop.services.policy import PermissionDenied
from siibai_desktop.services.tags import add_tag
from siibai_desktop.services.visit_rules import (
    RuleInput, add_rule, list_rules, rule_input, set_rule_active, update_rule,
)
from tests.accounts_builders import log_in, office_accounts
from tests.visit_builders import household, tag, years_before

TODAY = dt.date(2026, 11, 21)
REFUSED = "“只读”角色无权修改数据，请联系管理员。"


def bereaved_rule(tag_id, **changes) -> RuleInput:
    data = RuleInput(name="失独家庭", tag_id=tag_id, interval_days=30, counting_modes=("home", "phone"),
                     warn_days=7, description="失独家庭每月联系一次")
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@pytest.fixture
def bereaved(db):
    """Tag 失独家庭 on two households (40 days); a third household has only 低保."""
    tag_id = add_tag(db, "失独家庭")
    homes = {}
    for room, name in (("101", "周阿姨"), ("102", "钱伯伯")):
        homes[name], (rid,) = household(db, room, people=[(name, years_before(TODAY, 66), None)])
        tag(db, rid, "失独家庭", TODAY - dt.timedelta(days=40))
    homes["孙某"], (rid,) = household(db, "103", people=[("孙某", years_before(TODAY, 50), None)])
    tag(db, rid, "低保", TODAY - dt.timedelta(days=200))
    return tag_id, homes


def lines_by_household(db, **kw):
    return {line.household_id: line for line in due_list(db, **kw)}


def test_a_new_rule_is_listed_last_with_an_office_code(db, bereaved):
    tag_id, _ = bereaved
    before = list_rules(db)
    first = add_rule(db, bereaved_rule(tag_id))
    second = add_rule(db, bereaved_rule(None, name="新就业形态劳动者（60岁以上）", min_age=60, interval_days=90,
                                        warn_days=14))
    rules = list_rules(db)
    assert [r.id for r in rules[:-2]] == [r.id for r in before]
    new, other = rules[-2:]
    assert (new.id, new.code, new.name, new.tag_name) == (first, "office_1", "失独家庭", "失独家庭")
    assert (new.interval_days, new.counting_modes, new.warn_days, new.active) == (30, ("home", "phone"), 7, True)
    assert new.description == "失独家庭每月联系一次"
    assert (other.id, other.code, other.min_age) == (second, "office_2", 60)
    assert new.sort_order > max(r.sort_order for r in before) and other.sort_order > new.sort_order


def test_the_next_due_list_picks_the_new_rule_up(db, bereaved):
    tag_id, homes = bereaved
    lines = lines_by_household(db)                 # compiles and keeps the statement for the old rules
    assert homes["周阿姨"] not in lines and lines[homes["孙某"]].rules == ("低保",)
    add_rule(db, bereaved_rule(tag_id))
    lines = lines_by_household(db)
    for name in ("周阿姨", "钱伯伯"):
        line = lines[homes[name]]
        assert line.rules == ("失独家庭",) and line.residents == (name,)
        assert line.reason == "失独家庭每30天一次；从未走访" and line.state_label == "逾期 30 天"
    assert lines[homes["孙某"]].rules == ("低保",)


def test_turning_a_rule_off_takes_its_households_off_the_list_at_once(db, bereaved):
    tag_id, homes = bereaved
    rule_id = add_rule(db, bereaved_rule(tag_id))
    assert households_only_under(db, rule_id) == 2
    rule = next(r for r in list_rules(db) if r.id == rule_id)
    set_rule_active(db, rule_id, False, rule.version)
    lines = lines_by_household(db, include_not_due=True)
    assert homes["周阿姨"] not in lines and homes["钱伯伯"] not in lines and homes["孙某"] in lines
    assert households_only_under(db, rule_id) == 0
    off = next(r for r in list_rules(db) if r.id == rule_id)
    assert not off.active and off.name == "失独家庭"          # kept, not deleted
    with pytest.raises(ConflictError):
        set_rule_active(db, rule_id, True, rule.version)   # a stale copy
    set_rule_active(db, rule_id, True, off.version)
    assert lines_by_household(db)[homes["周阿姨"]].rules == ("失独家庭",)


def test_a_household_under_two_rules_stays_for_the_other(db, bereaved):
    tag_id, homes = bereaved
    rule_id = add_rule(db, bereaved_rule(tag_id))
    with_both, (rid,) = household(db, "104", people=[("吴某", years_before(TODAY, 70), None)])
    tag(db, rid, "失独家庭", TODAY - dt.timedelta(days=40))
    tag(db, rid, "低保", TODAY - dt.timedelta(days=200))
    assert lines_by_household(db)[with_both].rules == ("低保", "失独家庭")
    assert households_only_under(db, rule_id) == 2
    set_rule_active(db, rule_id, False, next(r for r in list_rules(db) if r.id == rule_id).version)
    assert lines_by_household(db)[with_both].rules == ("低保",)


@pytest.mark.parametrize("changes, field, message", [
    ({"name": "  "}, "name", "规则名称不能为空"),
    ({"name": "长" * 41}, "name", "规则名称不能超过 40 个字"),
    ({"tag_id": None}, "tag_id", "请至少设置一个条件：标签、年龄、独居或迁入天数"),
    ({"interval_days": 0}, "interval_days", "走访周期应为 1 到 3660 天"),
    ({"counting_modes": ()}, "counting_modes", "至少选择一种计入的走访方式"),
    ({"warn_days": 30}, "warn_days", "提前提醒天数应小于走访周期"),
    ({"tag_id": 99_999}, "tag_id", "该标签不存在"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(db, bereaved, changes, field, message):
    tag_id, _ = bereaved
    before = list_rules(db)
    with pytest.raises(ValidationFailed) as refused:
        add_rule(db, bereaved_rule(**{"tag_id": tag_id, **changes}))
    assert refused.value.errors[field] == message
    assert list_rules(db) == before


def test_names_are_unique_for_new_and_edited_rules(db, bereaved):
    tag_id, _ = bereaved
    before = list_rules(db)
    with pytest.raises(ValidationFailed) as refused:
        add_rule(db, bereaved_rule(tag_id, name="低保"))
    assert refused.value.errors == {"name": "已有名为“低保”的规则，请换一个名称"}
    assert list_rules(db) == before
    rule_id = add_rule(db, bereaved_rule(tag_id))
    with pytest.raises(ValidationFailed, match="已有名为“失独家庭”的规则"):
        add_rule(db, bereaved_rule(tag_id, name=" 失独家庭 "))
    low_income = next(r for r in list_rules(db) if r.code == "low_income")
    renamed = rule_input(low_income)
    renamed.name = "失独家庭"
    with pytest.raises(ValidationFailed, match="已有名为“失独家庭”的规则"):
        update_rule(db, low_income.id, renamed, low_income.version)
    mine = next(r for r in list_rules(db) if r.id == rule_id)
    same = rule_input(mine)
    same.interval_days = 60
    update_rule(db, rule_id, same, mine.version)        # its own name is no duplicate
    assert next(r for r in list_rules(db) if r.id == rule_id).interval_days == 60


def test_read_only_user_can_neither_add_nor_turn_off_a_rule(db, bereaved):
    tag_id, _ = bereaved
    office_accounts(db)
    log_in(db, "只读")
    before = list_rules(db)
    with pytest.raises(PermissionDenied) as refused:
        add_rule(db, bereaved_rule(tag_id))
    assert str(refused.value) == REFUSED
    with pytest.raises(PermissionDenied):
        add_rule(db, bereaved_rule(None))                  # refused before the form is even checked
    with pytest.raises(PermissionDenied):
        set_rule_active(db, before[0].id, False, before[0].version)
    assert list_rules(db) == before
