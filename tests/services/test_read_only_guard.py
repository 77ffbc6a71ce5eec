"""A 只读 account logged in changes nothing, whichever service is called (db/write_guard.py),
while its own logins, logouts, password, lockout and the audit trail still work; a
工作人员 does everything as before."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from siibai_desktop.db.write_guard import check_may_write
from siibai_desktop.services import accounts
from siibai_desktop.services.audit import AuditFilter, count_entries, list_entries, verify_audit
from siibai_desktop.services.households import get_household
from siibai_desktop.services.needs import NeedInput, add_need, change_status, get_need, list_categories
from siibai_desktop.services.policy import SYSTEM_USER, PermissionDenied
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.roster_import import import_roster
from siibai_desktop.services.search import ResidentQuery, search_ids
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.types import ResidentInput
from siibai_desktop.services.visit_day import find_plan, get_plan, plan_visit_day
from siibai_desktop.services.visits import VisitInput, household_visits, record_visit
from tests.accounts_builders import ACCOUNTS, log_in, office_accounts
from tests.exchange_files import write_office_roster
from tests.helpers import make_id
from tests.visit_builders import household, years_before

TODAY = dt.date(2026, 11, 21)
REFUSED = "“只读”角色无权修改数据，请联系管理员。"


@pytest.fixture
def office(db):
    """Accounts for every role, and a household with a need entered by the 工作人员."""
    office_accounts(db)
    staff = log_in(db, "工作人员")
    hid, (rid,) = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    chen = add_staff(db, "陈静")
    category = next(c.id for c in list_categories(db) if c.name == "物业维修")
    need = add_need(db, NeedInput(hid, category, "厨房水管漏水", owner_staff_id=chen), who="陈静")
    accounts.logout(db, staff)
    return SimpleNamespace(household=hid, resident=rid, staff=chen, need=need)


def audit_size(db) -> int:
    return count_entries(db, SYSTEM_USER)


def a_resident(household_id: int) -> ResidentInput:
    return ResidentInput(household_id=household_id, name="李新", id_number=make_id(dt.date(1990, 6, 1), seq=77))


def a_visit(office) -> VisitInput:
    return VisitInput(household_id=office.household, visit_date=TODAY, staff_ids=[office.staff], mode="home",
                      observations="身体尚好")


def test_read_only_user_cannot_add_a_resident_and_nothing_is_saved(db, office):
    log_in(db, "只读")
    people, logged = search_ids(db, ResidentQuery()), audit_size(db)
    with pytest.raises(PermissionDenied) as refused:
        add_resident(db, a_resident(office.household))
    assert str(refused.value) == REFUSED
    assert search_ids(db, ResidentQuery()) == people
    assert get_household(db, office.household).member_count == 1
    assert audit_size(db) == logged  # the refused save left no trace either: it was rolled back


def test_read_only_user_cannot_record_a_visit(db, office):
    log_in(db, "只读")
    with pytest.raises(PermissionDenied, match="无权修改数据"):
        record_visit(db, a_visit(office))
    assert household_visits(db, office.household) == []


def test_read_only_user_cannot_change_a_need_status(db, office):
    log_in(db, "只读")
    before = get_need(db, office.need)
    with pytest.raises(PermissionDenied, match="无权修改数据"):
        change_status(db, office.need, "处理中", "赵阅", "已联系物业", before.version)
    after = get_need(db, office.need)
    assert (after.status_label, after.version) == (before.status_label, before.version) == ("待处理", 1)


def test_read_only_user_cannot_plan_a_visit_day_but_reads_the_plans(db, office):
    day = dt.date(2026, 11, 26)
    staff = log_in(db, "工作人员")
    plan_id = plan_visit_day(db, day)                       # the whole committee's plan
    accounts.logout(db, staff)
    log_in(db, "只读")
    assert [line.household_id for line in get_plan(db, plan_id).lines] == [office.household]
    with pytest.raises(PermissionDenied):
        plan_visit_day(db, day, replace=True)
    assert find_plan(db, day) == plan_id


def test_read_only_user_cannot_import_a_roster_file(db, office, tmp_path):
    path = write_office_roster(tmp_path / "花名册.xlsx")
    log_in(db, "只读")
    people = search_ids(db, ResidentQuery())
    with pytest.raises(PermissionDenied, match="无权修改数据"):
        import_roster(db, path)
    assert search_ids(db, ResidentQuery()) == people


def test_the_import_fast_path_check_refuses_a_read_only_user_only(db, office):
    check_may_write(db)                                     # nobody logged in: the system may write
    log_in(db, "只读")
    with pytest.raises(PermissionDenied, match="无权修改数据"):
        check_may_write(db, "roster import")
    log_in(db, "工作人员")
    check_may_write(db)


def test_logins_logouts_password_lockout_and_audit_still_work_for_read_only(db, office):
    reader = log_in(db, "只读")
    username, _name, password = ACCOUNTS["只读"]
    accounts.record_screen_lock(db, reader)
    assert accounts.authenticate(db, username, password, purpose="screen_unlocked") == reader
    accounts.change_password(db, reader, password, "newreadonly1")     # the own password
    with pytest.raises(accounts.LoginFailed, match="再错 4 次"):
        accounts.authenticate(db, ACCOUNTS["工作人员"][0], "wrong")    # a failed login still counts
    for _ in range(4):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(db, username, "wrong")
    with pytest.raises(accounts.LoginFailed, match="已锁定"):
        accounts.authenticate(db, username, "wrong")                   # locks the own account
    accounts.logout(db, reader)
    actions = [e.action for e in reversed(list_entries(db, SYSTEM_USER, AuditFilter(actor=username)))]
    assert actions == ["login", "screen_locked", "screen_unlocked", "password_changed", "update",
                       *["login_failed"] * 5, "account_locked", "logout"]
    assert verify_audit(db).ok


def test_staff_user_still_adds_records_and_changes_needs(db, office):
    log_in(db, "工作人员")
    added = add_resident(db, a_resident(office.household))
    visit_id = record_visit(db, a_visit(office))
    version = change_status(db, office.need, "处理中", "陈静", "已联系物业", get_need(db, office.need).version)
    assert get_household(db, office.household).member_count == 2 and added.id
    assert [v.id for v in household_visits(db, office.household)] == [visit_id]
    assert get_need(db, office.need).status_label == "处理中" and version == 2


def test_after_the_read_only_user_logs_out_the_restriction_ends(db, office):
    reader = log_in(db, "只读")
    accounts.logout(db, reader)
    assert add_resident(db, a_resident(office.household)).id   # the system (command line, set-up) writes
