"""Correcting (修改) and voiding (作废) a recorded visit: the same rules as recording, the
optimistic lock, a reason to void, the audit trail, and a voided visit counting nowhere."""

import datetime as dt
import json

import pytest

from siibai_desktop.domain.roles import Role
from siibai_desktop.services import accounts
from siibai_desktop.services import reports as R
from siibai_desktop.services.audit import AuditFilter, list_entries
from siibai_desktop.services.clear_lists import unvisited_households
from siibai_desktop.services.dashboard import dashboard
from siibai_desktop.services.due import due_list
from siibai_desktop.services.errors import ConflictError, NotFound, ValidationFailed
from siibai_desktop.services.needs import household_needs, list_categories
from siibai_desktop.services.policy import PermissionDenied, SessionUser
from siibai_desktop.services.sheet_data import sheet_data
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.visit_edits import update_visit, visit_form, void_visit
from siibai_desktop.services.visits import NeedDraft, get_visit, household_visits, resident_visits
from tests.visit_builders import household, tag, visit, years_before

TODAY = dt.date(2026, 11, 21)
READER = SessionUser(None, "ro", "只读者", Role.READONLY.value)


@pytest.fixture
def home(db):
    """王阿婆, 85 and living alone (高龄独居: a visit every 30 days), and a staff member."""
    hid, (rid,) = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    return hid, rid, add_staff(db, "陈静")


def test_correcting_a_visit_saves_the_new_values_and_keeps_the_old_in_the_audit_trail(db, home):
    hid, rid, chen = home
    wang = add_staff(db, "王丽华")
    vid = visit(db, hid, TODAY - dt.timedelta(days=3), [chen], mode="phone", notes="电话问候")
    form = visit_form(db, vid)
    assert (form.data.mode, form.data.staff_ids, form.data.notes) == ("phone", [chen], "电话问候")
    data = form.data
    data.visit_date, data.mode, data.staff_ids = TODAY - dt.timedelta(days=2), "入户", [chen, wang]
    data.resident_ids, data.must_do, data.notes = [rid], ["relief"], "上门看望，身体尚可"
    new_version = update_visit(db, vid, data, form.version)
    row = get_visit(db, vid)
    assert new_version == row.version == form.version + 1
    assert (row.visit_date, row.mode_label, row.staff_text) == (TODAY - dt.timedelta(days=2), "入户", "陈静、王丽华")
    assert row.residents_met == ("王阿婆",) and row.must_do == ("帮助居民排忧解难",)
    assert row.notes == "上门看望，身体尚可" and not row.voided


@pytest.mark.parametrize("change, field, message", [
    (dict(visit_date=TODAY + dt.timedelta(days=1)), "visit_date", "走访日期不能晚于今天"),
    (dict(staff_ids=[]), "staff_ids", "请选择走访人员"),
    (dict(mode="上门"), "mode", "请选择走访方式"),
    (dict(household_id=9999), "household_id", "请选择走访的户"),
    (dict(must_know=["safety"]), "must_know", "3必知事项不对"),
    (dict(needs=[NeedDraft(1, "新诉求")]), "needs", "请在“民情诉求”中另行登记"),
])
def test_a_correction_is_checked_like_a_new_visit_and_bad_input_changes_nothing(db, home, change, field, message):
    hid, _, chen = home
    vid = visit(db, hid, TODAY - dt.timedelta(days=3), [chen], notes="原来的")
    form = visit_form(db, vid)
    data = form.data
    data.notes = "改过的"
    for key, value in change.items():
        setattr(data, key, value)
    with pytest.raises(ValidationFailed) as caught:
        update_visit(db, vid, data, form.version)
    assert message in caught.value.errors[field]
    after = get_visit(db, vid)
    assert (after.notes, after.version, after.visit_date) == ("原来的", form.version, TODAY - dt.timedelta(days=3))


def test_residents_met_must_live_in_the_corrected_household(db, home):
    hid, rid, chen = home
    other, _ = household(db, "303", people=[("邻居", years_before(TODAY, 50), None)])
    vid = visit(db, hid, TODAY, [chen], resident_ids=[rid])
    form = visit_form(db, vid)
    form.data.household_id = other
    with pytest.raises(ValidationFailed) as caught:
        update_visit(db, vid, form.data, form.version)
    assert caught.value.errors["resident_ids"] == "见到的居民不是该户成员"


def test_moving_a_visit_to_the_right_household_moves_its_needs_and_the_due_state(db, home):
    hid, rid, chen = home
    right, (right_rid,) = household(db, "402", people=[("李阿公", years_before(TODAY, 88), None)])
    repair = next(c.id for c in list_categories(db) if c.name == "物业维修")
    vid = visit(db, hid, TODAY - dt.timedelta(days=1), [chen], resident_ids=[rid],
                needs=[NeedDraft(repair, "楼道灯不亮", resident_id=rid)])
    states = {line.household_id: line.state for line in due_list(db, include_not_due=True)}
    assert states == {hid: "done", right: "overdue"}
    form = visit_form(db, vid)
    form.data.household_id, form.data.resident_ids = right, [right_rid]
    update_visit(db, vid, form.data, form.version)
    states = {line.household_id: line.state for line in due_list(db, include_not_due=True)}
    assert states == {hid: "overdue", right: "done"}
    assert household_needs(db, hid) == []
    (need,) = household_needs(db, right)
    assert (need.description, need.visit_id, need.resident_id) == ("楼道灯不亮", vid, None)


def test_a_stale_correction_is_refused_and_shows_both_sides(db, home):
    hid, _, chen = home
    vid = visit(db, hid, TODAY, [chen], notes="原来的")
    mine, theirs = visit_form(db, vid), visit_form(db, vid)
    theirs.data.notes = "对方改的"
    update_visit(db, vid, theirs.data, theirs.version)
    mine.data.notes = "我改的"
    with pytest.raises(ConflictError) as caught:
        update_visit(db, vid, mine.data, mine.version)
    assert "修改" in str(caught.value) and "没有保存" in str(caught.value)
    assert caught.value.changes == {"备注": ("我改的", "对方改的")}
    assert get_visit(db, vid).notes == "对方改的"


def test_voiding_needs_a_reason_and_then_the_visit_no_longer_counts(db, home):
    hid, rid, chen = home
    vid = visit(db, hid, TODAY - dt.timedelta(days=5), [chen])
    (line,) = due_list(db, include_not_due=True)
    assert line.state == "done" and line.last_visit_date == TODAY - dt.timedelta(days=5)
    version = get_visit(db, vid).version
    for blank in ("", "   "):
        with pytest.raises(ValidationFailed) as caught:
            void_visit(db, vid, blank, version)
        assert caught.value.errors["reason"].startswith("请填写作废原因")
    assert not get_visit(db, vid).voided and get_visit(db, vid).version == version

    void_visit(db, vid, " 重复登记 ", version)
    row = get_visit(db, vid)
    assert row.voided and row.status_label == "已作废" and row.void_reason == "重复登记"
    assert row.voided_by == "系统" and row.voided_at.date() == TODAY
    (line,) = due_list(db)
    assert line.state == "overdue" and line.last_visit_date is None
    # the record is kept: still in the household's and the resident's history, marked
    assert [v.id for v in household_visits(db, hid) if v.voided] == [vid]
    assert [v.voided for v in resident_visits(db, rid)] == [True]


def test_a_voided_visit_is_left_out_of_coverage_reports_and_sheets(db, home, clock):
    hid, rid, chen = home
    tag(db, rid, "低保", TODAY - dt.timedelta(days=400))
    kept = visit(db, hid, TODAY - dt.timedelta(days=40), [chen], mode="phone", notes="电话问候")
    wrong = visit(db, hid, TODAY - dt.timedelta(days=2), [chen], notes="其实没去")
    assert dashboard(db).visited_12m == 1
    void_visit(db, wrong, "实际未走访", get_visit(db, wrong).version)
    figures = dashboard(db)
    assert figures.visited_12m == 1  # the phone call 40 days ago still counts
    scorecard = dict(R.run_report(db, "scorecard", TODAY - dt.timedelta(days=60), TODAY).figures)
    assert scorecard["走访次数"] == "1"
    (sheet,) = sheet_data(db, [hid], {})
    assert [v.summary for v in sheet.last_visits] == ["电话问候"]
    void_visit(db, kept, "户选错了", get_visit(db, kept).version)
    assert dashboard(db).visited_12m == 0
    assert [line.household_id for line in unvisited_households(db)] == [hid]
    coverage = {r[0]: r[2:] for r in R.run_report(db, "coverage", TODAY, TODAY).tables[0].rows}
    assert coverage["合计"][1] == 0


def test_needs_raised_in_a_voided_visit_stay_open(db, home):
    hid, _, chen = home
    repair = next(c.id for c in list_categories(db) if c.name == "物业维修")
    vid = visit(db, hid, TODAY, [chen], needs=[NeedDraft(repair, "水管漏水")])
    void_visit(db, vid, "重复登记", get_visit(db, vid).version)
    (need,) = household_needs(db, hid)
    assert (need.description, need.status_label, need.visit_id) == ("水管漏水", "待处理", vid)


def test_a_voided_visit_cannot_be_voided_again_or_corrected(db, home):
    hid, _, chen = home
    vid = visit(db, hid, TODAY, [chen])
    form = visit_form(db, vid)
    version = void_visit(db, vid, "重复登记", form.version)
    with pytest.raises(ValidationFailed, match="已经作废"):
        void_visit(db, vid, "再来一次", version)
    with pytest.raises(ValidationFailed, match="已作废的走访记录不能再修改"):
        update_visit(db, vid, visit_form(db, vid).data, version)
    with pytest.raises(NotFound, match="不存在"):
        void_visit(db, 9999, "重复登记", 1)


def test_a_stale_void_and_an_edit_of_a_voided_visit_say_who_did_what(db, home):
    hid, _, chen = home
    vid = visit(db, hid, TODAY, [chen], notes="原来的")
    form = visit_form(db, vid)
    theirs = visit_form(db, vid)
    theirs.data.notes = "对方改的"
    update_visit(db, vid, theirs.data, theirs.version)
    with pytest.raises(ConflictError) as caught:
        void_visit(db, vid, "重复登记", form.version)  # the form was read before their change
    assert caught.value.changes == {"状态": ("已作废（重复登记）", "有效")}
    assert not get_visit(db, vid).voided
    void_visit(db, vid, "重复登记", get_visit(db, vid).version)
    form.data.notes = "我改的"
    with pytest.raises(ConflictError, match="作废（原因：重复登记）"):
        update_visit(db, vid, form.data, form.version)


def test_voiding_is_in_the_audit_trail_with_who_and_why(db, home):
    admin = accounts.first_run_setup(db, "枫港居委会", "boss", "王书记", "secret123")
    hid, _, chen = home
    vid = visit(db, hid, TODAY, [chen])
    void_visit(db, vid, "重复登记", get_visit(db, vid).version, user=admin)
    (entry,) = list_entries(db, admin, AuditFilter(action="update", text=f"visits#{vid}"))
    changes = json.loads(entry.detail)["changes"]
    assert entry.actor == "boss"
    assert changes["void_reason"] == [None, "重复登记"] and changes["voided_by"] == [None, "boss"]
    assert get_visit(db, vid).voided_by == "王书记"  # shown by display name


def test_a_read_only_user_can_neither_correct_nor_void(db, home):
    hid, _, chen = home
    vid = visit(db, hid, TODAY, [chen], notes="原来的")
    form = visit_form(db, vid)
    form.data.notes = "改过的"
    with pytest.raises(PermissionDenied, match="只读"):
        update_visit(db, vid, form.data, form.version, user=READER)
    with pytest.raises(PermissionDenied, match="只读"):
        void_visit(db, vid, "重复登记", form.version, user=READER)
    row = get_visit(db, vid)
    assert (row.notes, row.voided, row.version) == ("原来的", False, form.version)
