"""Full ID numbers on request: the role must allow it, a reason is asked, the view or
export is written to the audit trail. Screens and files are masked otherwise."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from ...domain.roles import Permission
from ...services.errors import UserError
from ...services.policy import FullNumbers, authorize_full_numbers, reveal_full_id
from ..context import AppContext
from ..widgets.buttons import SB, button_box, message_box, warn
from .login_dialog import ERROR_STYLE

TEXT = {
    "reveal_title": "查看完整证件号",
    "export_title": "导出完整号码",
    "intro": "身份证号和电话属于敏感个人信息。请说明用途，本次查看将记入审计日志。",
    "export_intro": "导出文件将包含完整的身份证号和电话。请说明用途，本次导出将记入审计日志；"
                    "不填写则按隐去中间位的方式导出。",
    "reason": "用途",
    "reasons": ["", "开具证明", "核对身份", "办理补贴或救助", "上报街道", "其他（请写明）"],
    "shown": "{name}\n身份证号：{id_number}\n电话：{phone}",
    "denied": "无权查看",
}


class ReasonDialog(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(400)
        note = QLabel(intro)
        note.setWordWrap(True)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(TEXT["reasons"])
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        form = QFormLayout()
        form.addRow(TEXT["reason"], self.reason)
        buttons = button_box(SB.Ok | SB.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.reason.currentText().strip()


def reveal(parent: QWidget | None, ctx: AppContext, resident_id: int) -> FullNumbers | None:
    """Ask a reason, then show one resident's full numbers (None when refused or cancelled)."""
    if not ctx.can(Permission.REVEAL_FULL_ID):
        warn(parent, TEXT["denied"], f"“{ctx.user.role_label}”角色不能查看完整证件号。")
        return None
    dialog = ReasonDialog(TEXT["reveal_title"], TEXT["intro"], parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            full = reveal_full_id(ctx.db, ctx.user, resident_id, dialog.text())
        except UserError as exc:
            dialog.error.setText(str(exc))
            continue
        text = TEXT["shown"].format(name=full.name, id_number=full.id_number or "（无）", phone=full.phone or "（无）")
        message_box(parent, QMessageBox.Icon.Information, TEXT["reveal_title"], text).exec()
        return full
    return None


def ask_full_numbers(parent: QWidget | None, ctx: AppContext, what: str, count: int | None = None) -> bool:
    """For exports and prints: True only when the role allows full numbers and a reason was
    given (and logged). Users without the right are never asked: they export masked."""
    if not ctx.can(Permission.EXPORT_FULL_ID):
        return False
    dialog = ReasonDialog(TEXT["export_title"], TEXT["export_intro"], parent)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        if not dialog.text():
            return False
        try:
            authorize_full_numbers(ctx.db, ctx.user, dialog.text(), what, count)
        except UserError as exc:
            dialog.error.setText(str(exc))
            continue
        return True
    return False
