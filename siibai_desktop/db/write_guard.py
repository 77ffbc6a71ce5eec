"""A read-only account changes nothing: the guard behind the screens.

The screens hide or disable every action that changes data for a user whose role lacks
Permission.EDIT; this guard makes sure a forgotten button cannot write all the same.

The Database's `session_user` says who is working. services.accounts sets it at login
(with `db.actor`) and clears it at logout; it is None before anyone logs in, on the
command line and for the system, and then nothing is checked here. When the user may not
edit, every flush that adds, changes or deletes an ORM object, and every INSERT / UPDATE
/ DELETE statement run through a session, is refused with the user's own Chinese
PermissionDenied (`session_user.refusal(Permission.EDIT)`, a UserError), and the
transaction rolls back: nothing is saved.

Bookkeeping a read-only user causes by their own actions still goes through:
- the audit trail (AuditEntry, AuditHead): logins, logouts, screen locks, prints,
  exports, backups;
- their own account row, and only its sign-in columns (failed attempts, lockout, last
  login, password hash, must-change flag): logging in, being locked out, changing their
  own password;
- the failed-attempt count and lockout of any account: a wrong password typed at a login
  prompt counts whoever is at the keyboard.

Writes through `session.connection()` (Core) or the raw driver cursor (db/fastpath.py)
pass no ORM event; a service that writes that way calls `check_may_write(db)` first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from ..domain.roles import Permission
from .models.accounts import AuditEntry, AuditHead, User

BOOKKEEPING_CLASSES = (AuditEntry, AuditHead)
BOOKKEEPING_TABLES = frozenset(c.__table__.name for c in BOOKKEEPING_CLASSES)
# What a failed login touches on any account's row, and what signing in, a lockout or
# changing one's own password touches on one's own.
LOCKOUT_COLUMNS = frozenset({"failed_attempts", "locked_until", "version", "updated_at"})
OWN_ACCOUNT_COLUMNS = LOCKOUT_COLUMNS | {"last_login_at", "password_hash", "must_change_password"}


def restricted_user(db: Any) -> Any | None:
    """The Database's logged-in user when they may not change data; None when writes are allowed."""
    user = getattr(db, "session_user", None)
    return None if user is None or user.can(Permission.EDIT) else user


def check_may_write(db: Any, what: str = "") -> None:
    """Refuse now when the logged-in user may not change data. For services that write
    past the ORM events (the roster import's raw-cursor fast path)."""
    user = restricted_user(db)
    if user is not None:
        _refuse(user, what)


def _refuse(user: Any, what: str) -> None:
    """Raise the user's Chinese refusal; `what` names the write (for tests and debugging)."""
    error = user.refusal(Permission.EDIT)
    error.refused_write = what
    raise error


def _changed_columns(obj: Any) -> set[str]:
    state = inspect(obj)
    return {a.key for a in state.mapper.column_attrs if state.attrs[a.key].history.has_changes()}


def _sign_in_update(obj: Any, user: Any) -> bool:
    if not isinstance(obj, User):
        return False
    own = (user.id is not None and obj.id == user.id) or obj.username == user.username
    return _changed_columns(obj) <= (OWN_ACCOUNT_COLUMNS if own else LOCKOUT_COLUMNS)


def _target(obj: Any) -> str:
    return getattr(getattr(obj, "__table__", None), "name", type(obj).__name__)


def _check_flush(session: Session, _flush_context, _instances) -> None:
    user = restricted_user(session.info.get("db"))
    if user is None:
        return
    for obj in session.new:
        if not isinstance(obj, BOOKKEEPING_CLASSES):
            _refuse(user, f"insert {_target(obj)}")
    for obj in session.dirty:
        if isinstance(obj, BOOKKEEPING_CLASSES) or not session.is_modified(obj):
            continue
        if not _sign_in_update(obj, user):
            _refuse(user, f"update {_target(obj)}")
    for obj in session.deleted:
        if not isinstance(obj, BOOKKEEPING_CLASSES):
            _refuse(user, f"delete {_target(obj)}")


def _statement_table(state: ORMExecuteState) -> str:
    table = getattr(state.statement, "table", None)
    return getattr(table, "name", "") or ""


def _check_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    user = restricted_user(state.session.info.get("db"))
    if user is None:
        return
    table = _statement_table(state)
    if table not in BOOKKEEPING_TABLES:
        kind = "insert" if state.is_insert else "update" if state.is_update else "delete"
        _refuse(user, f"{kind} {table or '?'}")


def install(sessions: sessionmaker) -> None:
    """Guard every session this factory makes (once; installing again changes nothing)."""
    if not event.contains(sessions, "before_flush", _check_flush):
        event.listen(sessions, "before_flush", _check_flush)
    if not event.contains(sessions, "do_orm_execute", _check_statement):
        event.listen(sessions, "do_orm_execute", _check_statement)
