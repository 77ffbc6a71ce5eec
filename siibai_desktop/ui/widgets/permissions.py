"""What a user's role does not allow is shown greyed out, with the reason on hover.

A page calls `can_edit = gate(ctx, Permission.EDIT, button, action, ...)` once as it is
built; code that enables the same controls later (after a selection, a search or a plan)
ANDs in what `gate` returned, so they stay disabled. Whatever a forgotten control might
still try is refused below the screens by the write guard (db/write_guard.py).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from ...domain.roles import Permission
from ..context import AppContext

DENIED = {
    Permission.EDIT: "只读账户不能修改数据",
    Permission.EXPORT: "当前账户无权导出数据，请联系管理员",
    Permission.ISSUE_CERTIFICATE: "当前账户无权开具、补打或作废证明，请联系管理员",
}
READ_ONLY_NOTICE = "只读账户：可以查看、查找和打印，不能修改数据"
NOTICE_STYLE = "color: #555; background: #eef2f7; border: 1px solid #d0d7e2; padding: 2px 6px;"


def denied_text(permission: Permission) -> str:
    return DENIED.get(permission, "当前账户无权进行此操作，请联系管理员")


def gate(ctx: AppContext, permission: Permission, *controls: QWidget | QAction) -> bool:
    """Disable `controls`, with the reason as their tooltip, unless the user's role allows
    `permission`; returns whether it does."""
    if ctx.can(permission):
        return True
    for control in controls:
        control.setEnabled(False)
        control.setToolTip(denied_text(permission))
        if isinstance(control, QAction):
            control.setStatusTip(denied_text(permission))
    return False


def read_only_notice(ctx: AppContext) -> QLabel | None:
    """A small label telling a user who may not change data what they can do; None otherwise."""
    if ctx.can(Permission.EDIT):
        return None
    label = QLabel(READ_ONLY_NOTICE)
    label.setObjectName("read_only_notice")
    label.setStyleSheet(NOTICE_STYLE)
    return label
