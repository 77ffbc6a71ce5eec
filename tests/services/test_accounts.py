"""Accounts: first run, roles, lockout with the injected clock, passwords, idle setting."""

from __future__ import annotations

import pytest

from siibai_desktop.services import accounts
from siibai_desktop.services.accounts import LoginFailed
from siibai_desktop.services.audit import AuditFilter, list_entries
from siibai_desktop.services.committee import get_committee
from siibai_desktop.services.errors import UserError, ValidationFailed
from siibai_desktop.services.policy import PermissionDenied

PW = "secret123"


@pytest.fixture
def admin(db):
    return accounts.first_run_setup(db, "枫港居民区居民委员会", "boss", "王书记", PW)


def test_first_run_names_the_committee_and_creates_an_administrator(db):
    assert not accounts.has_users(db)
    user = accounts.first_run_setup(db, "枫港居民区居民委员会", "boss", "王书记", PW)
    assert user.role == "admin" and user.role_label == "管理员"
    assert accounts.has_users(db)
    assert get_committee(db).name == "枫港居民区居民委员会"
    with pytest.raises(UserError, match="已有账户"):
        accounts.first_run_setup(db, "另一个", "x", "", PW)


def test_password_is_stored_as_an_argon2id_hash(db, admin):
    from siibai_desktop.db.models.accounts import User

    with db.reading() as session:
        stored = session.get(User, admin.id).password_hash
    assert stored.startswith("$argon2id$") and PW not in stored


def test_short_password_and_blank_committee_are_refused(db):
    with pytest.raises(ValidationFailed, match="至少"):
        accounts.first_run_setup(db, "居委会", "boss", "", "12345")
    with pytest.raises(ValidationFailed, match="居委会名称"):
        accounts.first_run_setup(db, "  ", "boss", "", PW)


def test_login_succeeds_and_sets_the_audit_actor(db, admin):
    db.actor = "系统"
    user = accounts.authenticate(db, "boss", PW)
    assert user.username == "boss" and db.actor == "boss"


def test_five_wrong_passwords_lock_for_fifteen_minutes(db, admin, clock):
    for left in (4, 3, 2, 1):
        with pytest.raises(LoginFailed, match=f"再错 {left} 次"):
            accounts.authenticate(db, "boss", "wrong")
    with pytest.raises(LoginFailed, match="锁定 15 分钟"):
        accounts.authenticate(db, "boss", "wrong")
    # Even the right password is refused while locked.
    with pytest.raises(LoginFailed, match="已锁定"):
        accounts.authenticate(db, "boss", PW)
    clock.advance(minutes=14)
    with pytest.raises(LoginFailed, match="1 分钟后"):
        accounts.authenticate(db, "boss", PW)
    clock.advance(minutes=1)
    assert accounts.authenticate(db, "boss", PW).username == "boss"


def test_a_success_resets_the_failure_count(db, admin):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            accounts.authenticate(db, "boss", "wrong")
    accounts.authenticate(db, "boss", PW)
    with pytest.raises(LoginFailed, match="再错 4 次"):
        accounts.authenticate(db, "boss", "wrong")


def test_administrator_unlocks_a_locked_account(db, admin):
    accounts.create_user(db, admin, "li", "李敏", "工作人员", "staffpw1")
    for _ in range(5):
        with pytest.raises(LoginFailed):
            accounts.authenticate(db, "li", "wrong")
    with pytest.raises(LoginFailed, match="已锁定"):
        accounts.authenticate(db, "li", "staffpw1")
    accounts.unlock_user(db, admin, "li")
    assert accounts.authenticate(db, "li", "staffpw1").role == "staff"


def test_unknown_user_gets_the_same_message_as_a_wrong_password(db, admin):
    with pytest.raises(LoginFailed, match="用户名或密码不对"):
        accounts.authenticate(db, "nobody", PW)


def test_only_administrators_manage_accounts(db, admin):
    accounts.create_user(db, admin, "li", "李敏", "staff", "staffpw1")
    staff = accounts.authenticate(db, "li", "staffpw1")
    with pytest.raises(PermissionDenied, match="工作人员"):
        accounts.create_user(db, staff, "zhao", "", "staff", "staffpw2")
    with pytest.raises(PermissionDenied):
        accounts.list_users(db, staff)
    with pytest.raises(PermissionDenied):
        accounts.reset_password(db, staff, "boss", "newpass1")


def test_change_and_reset_password(db, admin):
    accounts.create_user(db, admin, "li", "李敏", "只读", "staffpw1")
    user = accounts.authenticate(db, "li", "staffpw1")
    with pytest.raises(ValidationFailed, match="原密码"):
        accounts.change_password(db, user, "bad", "another1")
    accounts.change_password(db, user, "staffpw1", "another1")
    assert accounts.authenticate(db, "li", "another1")
    accounts.reset_password(db, admin, "li", "resetpw1")
    assert accounts.must_change_password(db, user)
    with pytest.raises(LoginFailed):
        accounts.authenticate(db, "li", "another1")
    user = accounts.authenticate(db, "li", "resetpw1")
    accounts.change_password(db, user, "resetpw1", "mineagain")
    assert not accounts.must_change_password(db, user)


def test_the_last_administrator_cannot_be_demoted_or_disabled(db, admin):
    with pytest.raises(UserError, match="至少要保留"):
        accounts.update_user(db, admin, "boss", role="staff")
    with pytest.raises(UserError, match="至少要保留"):
        accounts.update_user(db, admin, "boss", active=False)
    accounts.create_user(db, admin, "zhu", "朱主任", "管理员", "adminpw2")
    accounts.update_user(db, admin, "boss", role="staff")


def test_disabled_user_cannot_log_in(db, admin):
    accounts.create_user(db, admin, "li", "李敏", "staff", "staffpw1")
    accounts.update_user(db, admin, "li", active=False)
    with pytest.raises(LoginFailed):
        accounts.authenticate(db, "li", "staffpw1")


def test_idle_minutes_default_and_setting(db, admin):
    assert accounts.get_idle_minutes(db) == 10
    accounts.set_idle_minutes(db, admin, 3)
    assert accounts.get_idle_minutes(db) == 3
    with pytest.raises(ValidationFailed):
        accounts.set_idle_minutes(db, admin, 999)


def test_logins_and_failures_are_audited(db, admin):
    with pytest.raises(LoginFailed):
        accounts.authenticate(db, "boss", "wrong")
    accounts.authenticate(db, "boss", PW)
    actions = [e.action for e in list_entries(db, admin, AuditFilter(actor="boss"))]
    assert actions[:2] == ["login", "login_failed"]


def test_demo_admin_logs_in_without_a_password(db):
    user = accounts.ensure_demo_admin(db)
    assert user.role == "admin" and db.actor == "demo"
    assert accounts.ensure_demo_admin(db).id == user.id
