"""Roles and what each may do (least privilege). Pure data: services enforce it."""

from __future__ import annotations

import enum

from .enums import Labelled


class Role(Labelled):
    ADMIN = ("admin", "管理员")
    STAFF = ("staff", "工作人员")
    READONLY = ("readonly", "只读")


class Permission(str, enum.Enum):
    VIEW = "view"                      # see the roster, visits, needs (masked)
    PRINT = "print"                    # print sheets and reports (masked)
    EDIT = "edit"                      # add and change records
    EXPORT = "export"                  # export to Excel (masked)
    REVEAL_FULL_ID = "reveal_full_id"  # see one person's full ID number / phone, with a reason
    EXPORT_FULL_ID = "export_full_id"  # export or print full numbers, with a reason
    ISSUE_CERTIFICATE = "issue_certificate"
    MANAGE_ACCOUNTS = "manage_accounts"
    SETTINGS = "settings"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    RESTORE = "restore"


PERMISSION_LABELS = {
    Permission.VIEW: "查看", Permission.PRINT: "打印", Permission.EDIT: "修改数据",
    Permission.EXPORT: "导出", Permission.REVEAL_FULL_ID: "查看完整证件号",
    Permission.EXPORT_FULL_ID: "导出或打印完整证件号", Permission.ISSUE_CERTIFICATE: "开具证明",
    Permission.MANAGE_ACCOUNTS: "管理账户", Permission.SETTINGS: "修改设置",
    Permission.VIEW_AUDIT: "查看审计日志", Permission.BACKUP: "备份", Permission.RESTORE: "从备份恢复",
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.STAFF: frozenset({
        Permission.VIEW, Permission.PRINT, Permission.EDIT, Permission.EXPORT,
        Permission.REVEAL_FULL_ID, Permission.ISSUE_CERTIFICATE, Permission.BACKUP,
    }),
    Role.READONLY: frozenset({Permission.VIEW, Permission.PRINT}),
}


def allowed(role: str | Role, permission: Permission) -> bool:
    try:
        return Permission(permission) in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
