"""Who may do what, and the gate for full ID numbers.

Every screen, sheet and export masks ID numbers and phones. Full numbers need a role
that allows it AND a stated reason, and every such view or export is written to the
audit trail. Other services and the command line call `require` and
`authorize_full_numbers`; both raise PermissionDenied (a UserError) with a Chinese reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..db.engine import Database
from ..db.models import Resident
from ..domain.roles import PERMISSION_LABELS, Permission, Role, allowed
from .errors import NotFound, UserError

MIN_REASON_CHARS = 2


class PermissionDenied(UserError):
    """The current user's role does not allow this."""


@dataclass(frozen=True)
class SessionUser:
    """The person logged in. `id` is None for the built-in test and system users."""

    id: int | None
    username: str
    display_name: str
    role: str

    @property
    def role_label(self) -> str:
        try:
            return Role(self.role).label
        except ValueError:
            return self.role

    @property
    def label(self) -> str:
        return self.display_name or self.username

    def can(self, permission: Permission) -> bool:
        return allowed(self.role, permission)

    def refusal(self, permission: Permission) -> PermissionDenied:
        """The Chinese error for something this user's role does not allow (not raised)."""
        return PermissionDenied(
            f"“{self.role_label}”角色无权{PERMISSION_LABELS[Permission(permission)]}，请联系管理员。"
        )


# What AppContext uses when a test builds one without logging in: the least privilege
# that still lets the daily-work screens be driven (never an administrator).
TEST_STAFF_USER = SessionUser(None, "test", "测试用户", Role.STAFF.value)
SYSTEM_USER = SessionUser(None, "系统", "系统", Role.ADMIN.value)


def require(user: SessionUser | None, permission: Permission) -> None:
    """Raise PermissionDenied unless `user`'s role allows `permission`."""
    if user is None:
        raise PermissionDenied("请先登录。")
    if not user.can(permission):
        raise user.refusal(permission)


def check_reason(reason: str | None) -> str:
    """A stated reason for seeing full numbers, or PermissionDenied."""
    text = " ".join((reason or "").split())
    if len(text) < MIN_REASON_CHARS:
        raise PermissionDenied("查看或导出完整证件号码须填写事由（至少两个字），并将记入审计日志。")
    return text[:200]


@dataclass(frozen=True)
class FullNumbers:
    resident_id: int
    name: str
    id_number: str
    phone: str


def reveal_full_id(db: Database, user: SessionUser, resident_id: int, reason: str) -> FullNumbers:
    """One resident's full ID number and phone, for a user allowed to see them, with the
    reason written to the audit trail in the same transaction."""
    from .audit import record

    require(user, Permission.REVEAL_FULL_ID)
    why = check_reason(reason)
    with db.transaction() as session:
        resident = session.get(Resident, resident_id)
        if resident is None:
            raise NotFound("该居民不存在")
        record(session, "reveal_full_id", f"residents#{resident_id}",
               {"name": resident.name, "reason": why}, actor=user.username)
        return FullNumbers(resident.id, resident.name, resident.id_number or "", resident.phone or "")


def authorize_full_numbers(db: Database, user: SessionUser, reason: str, what: str,
                           count: int | None = None) -> str:
    """Gate for exporting or printing full numbers (`what`: e.g. "花名册导出").

    Checks the role and the reason, writes the audit entry, and returns the cleaned reason.
    Call it before producing the file; without it, export masked.
    """
    from .audit import record

    require(user, Permission.EXPORT_FULL_ID)
    why = check_reason(reason)
    record(db, "full_numbers", what, {"reason": why, "count": count}, actor=user.username)
    return why
