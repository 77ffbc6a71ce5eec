"""Needs through every status, a reopen after an unsatisfied follow-up, filters and history."""

import datetime as dt

import pytest

from siibai_desktop.services.errors import ConflictError, NotFound, ValidationFailed
from siibai_desktop.services.needs import (
    NeedFilter, NeedInput, add_category, add_need, change_status, follow_up, get_need, household_needs,
    list_categories, list_needs, need_history,
)
from siibai_desktop.services.staff import add_staff
from tests.visit_builders import household, years_before

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def need(db):
    hid, (rid,) = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    owner = add_staff(db, "陈静")
    cat = next(c.id for c in list_categories(db) if c.name == "物业维修")
    nid = add_need(db, NeedInput(hid, cat, "厨房水管漏水", source="来电", raised_by="王阿婆", resident_id=rid,
                                 owner_staff_id=owner, deadline=TODAY + dt.timedelta(days=5)), who="陈静")
    return nid


def test_every_status_then_a_reopen(db, clock, need):
    row = get_need(db, need)
    assert (row.status_label, row.source_label, row.owner, row.overdue) == ("待处理", "来电", "陈静", False)
    v = change_status(db, need, "处理中", "陈静", "已联系物业", row.version)
    with pytest.raises(ValidationFailed) as err:
        change_status(db, need, "已上报", "陈静", expected_version=v)
    assert "escalated_to" in err.value.errors
    v = change_status(db, need, "escalated", "陈静", "物业不处理，上报街道", v, escalated_to="街道科室")
    with pytest.raises(ValidationFailed):
        change_status(db, need, "已办结", "陈静", expected_version=v)            # needs a resolution
    v = change_status(db, need, "已办结", "陈静", "", v, resolution="街道协调物业更换水管")
    assert get_need(db, need).resolution == "街道协调物业更换水管"
    v = follow_up(db, need, "不满意", "王丽华", "仍有渗水", v)
    row = get_need(db, need)
    assert (row.status_label, row.verdict_label) == ("处理中", "不满意")
    v = change_status(db, need, "已办结", "陈静", "", v, resolution="重新更换接口")
    clock.advance(days=2)
    follow_up(db, need, "满意", "王丽华", "", v)
    row = get_need(db, need)
    assert (row.status, row.status_label, row.verdict_label) == ("followed_up", "已回访", "满意")
    history = need_history(db, need)
    assert [h.to_label for h in history] == ["待处理", "处理中", "已上报", "已办结", "处理中", "已办结", "已回访"]
    assert history[4].verdict_label == "不满意" and "回访不满意" in history[4].note
    assert history[-1].event_date == TODAY + dt.timedelta(days=2) and history[-1].who == "王丽华"
    assert history[1].from_label == "待处理" and history[1].note == "已联系物业"


def test_illegal_moves_and_stale_versions(db, need):
    row = get_need(db, need)
    with pytest.raises(ValidationFailed):
        change_status(db, need, "已回访", "陈静")
    with pytest.raises(ValidationFailed):
        follow_up(db, need, "满意", "陈静")                                  # not resolved yet
    with pytest.raises(ValidationFailed):
        change_status(db, need, "办完了", "陈静")
    change_status(db, need, "处理中", "陈静", expected_version=row.version, note="已联系物业")
    with pytest.raises(ConflictError) as refused:                         # a second PC, stale copy
        change_status(db, need, "已办结", "王丽华", expected_version=row.version, resolution="x")
    assert "陈静" in str(refused.value) and "处理中" in str(refused.value)
    assert refused.value.changes == {"状态": ("已办结", "处理中"), "说明": ("", "已联系物业")}
    assert get_need(db, need).status_label == "处理中"                      # nothing overwritten
    with pytest.raises(ValidationFailed):
        change_status(db, need, "待处理", "陈静")                              # no way back to 待处理
    with pytest.raises(NotFound):
        change_status(db, 999, "处理中", "陈静")


def test_overdue_flag_filters_and_household_needs(db, clock, need):
    hid = get_need(db, need).household_id
    cat = next(c.id for c in list_categories(db) if c.name == "安全隐患")
    other = add_need(db, NeedInput(hid, cat, "楼道灯不亮"))
    clock.advance(days=6)
    rows = list_needs(db)
    assert rows[0].id == need and rows[0].overdue and rows[0].overdue_days == 1
    assert [r.id for r in list_needs(db, NeedFilter(overdue_only=True))] == [need]
    assert [r.id for r in list_needs(db, NeedFilter(category_id=cat))] == [other]
    assert [r.id for r in list_needs(db, NeedFilter(text="灯"))] == [other]
    v = get_need(db, need).version
    change_status(db, need, "已办结", "陈静", expected_version=v, resolution="修好了")
    assert not get_need(db, need).overdue                                     # closed needs are never late
    assert [r.id for r in household_needs(db, hid)] == [other]
    assert {r.id for r in household_needs(db, hid, open_only=False)} == {need, other}
    assert [r.id for r in list_needs(db, NeedFilter(statuses=("resolved",)))] == [need]


def test_validation_and_categories(db, need):
    hid = get_need(db, need).household_id
    with pytest.raises(ValidationFailed) as err:
        add_need(db, NeedInput(hid, 9999, ""))
    assert {"description", "category_id"} <= set(err.value.errors)
    with pytest.raises(ValidationFailed) as err:
        add_need(db, NeedInput(hid, list_categories(db)[0].id, "x", deadline=TODAY - dt.timedelta(days=1)))
    assert "deadline" in err.value.errors
    names = [c.name for c in list_categories(db)]
    assert names[:3] == ["物业维修", "环境卫生", "安全隐患"] and names[-1] == "其他"
    cid = add_category(db, "停车管理")
    assert list_categories(db)[-1].id == cid
    with pytest.raises(ValidationFailed):
        add_category(db, "停车管理")
