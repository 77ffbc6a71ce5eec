"""Accounts: first-run set-up, login with lockout, passwords, roles, idle-lock setting.

Passwords are stored only as argon2id hashes. Five wrong passwords in a row lock the
account for 15 minutes (an administrator can unlock it earlier). Every login, failure,
lock and account change is in the audit trail. Times come from db.clock.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import Committee
from ..db.models.accounts import Setting, User
from ..domain.roles import Permission, Role
from .audit import record
from .errors import NotFound, UserError, ValidationFailed
from .policy import SessionUser, require

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_CHARS = 6
DEFAULT_IDLE_MINUTES = 10
IDLE_KEY = "idle_lock_minutes"
DEMO_USERNAME = "demo"

_hasher = PasswordHasher()  # argon2id with the library's recommended cost


class LoginFailed(UserError):
    """Wrong name or password, or the account is locked; nothing else is revealed."""


@dataclass(frozen=True)
class UserInfo:
    id: int
    version: int
    username: str
    display_name: str
    role: str
    role_label: str
    active: bool
    locked_until: dt.datetime | None
    failed_attempts: int
    last_login_at: dt.datetime | None
    must_change_password: bool


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.version, u.username, u.display_name, u.role, Role(u.role).label,
                    u.active, u.locked_until, u.failed_attempts, u.last_login_at, u.must_change_password)


def _session_user(u: User) -> SessionUser:
    return SessionUser(u.id, u.username, u.display_name, u.role)


def _work_as(db: Database, user: SessionUser) -> None:
    """From now on the database works for `user`: the audit trail names them, and when
    their role may not change data the write guard refuses every change (db/write_guard.py)."""
    db.actor = user.username
    db.session_user = user


def check_password_rules(password: str, username: str = "") -> None:
    if len(password or "") < MIN_PASSWORD_CHARS:
        raise ValidationFailed({"password": f"密码至少 {MIN_PASSWORD_CHARS} 位"})
    if username and password == username:
        raise ValidationFailed({"password": "密码不能与用户名相同"})


def _check_username(username: str) -> str:
    name = (username or "").strip()
    if not name:
        raise ValidationFailed({"username": "用户名不能为空"})
    if len(name) > 50 or any(c.isspace() for c in name):
        raise ValidationFailed({"username": "用户名不能含空格，且不超过 50 个字"})
    return name


def _role(role: str) -> str:
    try:
        return Role(role).value
    except ValueError:
        try:
            return Role.from_label(role).value
        except ValueError:
            raise ValidationFailed({"role": "角色只能是管理员、工作人员或只读"}) from None


def has_users(db: Database) -> bool:
    """False until the first administrator is created (first start)."""
    with db.reading() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def first_run_setup(db: Database, committee_name: str, username: str, display_name: str,
                    password: str) -> SessionUser:
    """Name the committee and create the first administrator; refused once anyone exists."""
    name = (committee_name or "").strip()
    if not name:
        raise ValidationFailed({"committee": "请填写居委会名称"})
    username = _check_username(username)
    check_password_rules(password, username)
    with db.transaction() as session:
        if session.scalar(select(func.count()).select_from(User)):
            raise UserError("已有账户，不能再次初始化。")
        db.actor = username
        committee = session.scalar(select(Committee).order_by(Committee.id).limit(1))
        if committee is None:
            session.add(Committee(name=name, street_office="", district="", address="", phone=""))
        else:
            committee.name = name
        user = User(username=username, display_name=(display_name or "").strip() or username,
                    role=Role.ADMIN.value, password_hash=_hasher.hash(password))
        session.add(user)
        session.flush()
        record(session, "login", f"users#{user.id}", {"first_run": True}, actor=username)
        signed_in = _session_user(user)
        _work_as(db, signed_in)
        return signed_in


def authenticate(db: Database, username: str, password: str, purpose: str = "login") -> SessionUser:
    """Check a password. Counts failures and locks after MAX_FAILURES; raises LoginFailed.

    `purpose` is "login" or "screen_unlocked" (typing the password at the idle lock).
    """
    now = db.clock.now()
    name = (username or "").strip()
    failure: str | None = None
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            record(session, "login_failed", name, {"reason": "用户不存在或已停用"}, actor=name or "?")
            failure = "用户名或密码不对。"
        elif user.locked_until and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() + 59) // 60)
            record(session, "login_failed", f"users#{user.id}", {"reason": "账户已锁定"}, actor=name)
            failure = f"密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试，或请管理员解锁。"
        elif not _verify(user, password):
            user.failed_attempts = (0 if user.locked_until else user.failed_attempts) + 1
            user.locked_until = None
            record(session, "login_failed", f"users#{user.id}", {"attempt": user.failed_attempts}, actor=name)
            left = MAX_FAILURES - user.failed_attempts
            if left <= 0:
                user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                user.failed_attempts = 0
                record(session, "account_locked", f"users#{user.id}", {"minutes": LOCK_MINUTES}, actor=name)
                failure = f"密码连续错误 {MAX_FAILURES} 次，账户已锁定 {LOCK_MINUTES} 分钟。"
            else:
                failure = f"用户名或密码不对（再错 {left} 次将锁定 {LOCK_MINUTES} 分钟）。"
        else:
            user.failed_attempts, user.locked_until, user.last_login_at = 0, None, now
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            record(session, purpose, f"users#{user.id}", None, actor=name)
            signed_in = _session_user(user)
            _work_as(db, signed_in)
            return signed_in
    raise LoginFailed(failure)


def _verify(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False


def logout(db: Database, user: SessionUser) -> None:
    record(db, "logout", f"users#{user.id}", None, actor=user.username)
    db.actor = "系统"
    db.session_user = None


def record_screen_lock(db: Database, user: SessionUser) -> None:
    record(db, "screen_locked", f"users#{user.id}", None, actor=user.username)


def must_change_password(db: Database, user: SessionUser) -> bool:
    with db.reading() as session:
        u = session.get(User, user.id) if user.id else None
        return bool(u and u.must_change_password)


def change_password(db: Database, user: SessionUser, old_password: str, new_password: str) -> None:
    """The user changes their own password (the old one is asked again)."""
    check_password_rules(new_password, user.username)
    with db.transaction() as session:
        u = session.get(User, user.id) if user.id else None
        if u is None:
            raise NotFound("账户不存在")
        if not _verify(u, old_password):
            raise ValidationFailed({"old_password": "原密码不对"})
        u.password_hash = _hasher.hash(new_password)
        u.must_change_password = False
        record(session, "password_changed", f"users#{u.id}", None, actor=user.username)


def _get(session, username: str) -> User:
    u = session.scalar(select(User).where(User.username == (username or "").strip()))
    if u is None:
        raise NotFound(f"没有用户“{username}”")
    return u


def create_user(db: Database, actor: SessionUser, username: str, display_name: str, role: str,
                password: str) -> UserInfo:
    """An administrator adds an account."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    username = _check_username(username)
    role = _role(role)
    check_password_rules(password, username)
    with db.transaction() as session:
        if session.scalar(select(User.id).where(User.username == username)):
            raise ValidationFailed({"username": f"用户名“{username}”已存在"})
        u = User(username=username, display_name=(display_name or "").strip() or username, role=role,
                 password_hash=_hasher.hash(password))
        session.add(u)
        session.flush()
        return _info(u)


def list_users(db: Database, actor: SessionUser) -> list[UserInfo]:
    require(actor, Permission.MANAGE_ACCOUNTS)
    with db.reading() as session:
        return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def reset_password(db: Database, actor: SessionUser, username: str, new_password: str) -> None:
    """An administrator sets a new password; the user must change it at next login."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    with db.transaction() as session:
        u = _get(session, username)
        check_password_rules(new_password, u.username)
        u.password_hash = _hasher.hash(new_password)
        u.must_change_password = u.username != actor.username
        u.failed_attempts, u.locked_until = 0, None
        record(session, "password_reset", f"users#{u.id}", {"username": u.username}, actor=actor.username)


def unlock_user(db: Database, actor: SessionUser, username: str) -> None:
    """An administrator lifts a lockout before the 15 minutes are over."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    with db.transaction() as session:
        u = _get(session, username)
        u.failed_attempts, u.locked_until = 0, None
        record(session, "account_unlocked", f"users#{u.id}", {"username": u.username}, actor=actor.username)


def _admins_left(session, excluding: int) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.id != excluding)) or 0


def update_user(db: Database, actor: SessionUser, username: str, role: str | None = None,
                active: bool | None = None, display_name: str | None = None) -> UserInfo:
    """Change a user's role, name or whether they may log in; never the last administrator."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    with db.transaction() as session:
        u = _get(session, username)
        new_role = _role(role) if role else u.role
        new_active = u.active if active is None else active
        losing_admin = u.role == Role.ADMIN.value and (new_role != Role.ADMIN.value or not new_active)
        if losing_admin and _admins_left(session, u.id) == 0:
            raise UserError("至少要保留一个可用的管理员账户。")
        u.role, u.active = new_role, new_active
        if display_name is not None and display_name.strip():
            u.display_name = display_name.strip()
        session.flush()
        return _info(u)


def ensure_demo_admin(db: Database) -> SessionUser:
    """The demo database's administrator, logged in without a password (demo only)."""
    with db.transaction() as session:
        u = session.scalar(select(User).where(User.username == DEMO_USERNAME))
        if u is None:
            u = User(username=DEMO_USERNAME, display_name="演示管理员", role=Role.ADMIN.value,
                     password_hash=_hasher.hash(secrets.token_urlsafe(16)))
            session.add(u)
            session.flush()
        signed_in = _session_user(u)
        _work_as(db, signed_in)
        record(session, "login", f"users#{u.id}", {"demo": True}, actor=u.username)
        return signed_in


def get_idle_minutes(db: Database) -> int:
    """Minutes without input before the window locks (0 = never)."""
    with db.reading() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == IDLE_KEY))
    try:
        return max(0, int(value)) if value is not None else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(db: Database, actor: SessionUser, minutes: int) -> None:
    require(actor, Permission.SETTINGS)
    if not 0 <= int(minutes) <= 240:
        raise ValidationFailed({"idle": "闲置锁定时间应在 0–240 分钟之间（0 表示不锁定）"})
    with db.transaction() as session:
        s = session.scalar(select(Setting).where(Setting.key == IDLE_KEY))
        if s is None:
            session.add(Setting(key=IDLE_KEY, value=str(int(minutes))))
        else:
            s.value = str(int(minutes))
