"""修改密码: the user's own password (after a reset by an administrator it is required)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from ...services.accounts import change_password
from ...services.database import Database
from ...services.errors import UserError, ValidationFailed
from ...services.policy import SessionUser
from ..widgets.buttons import SB, button_box
from .login_dialog import ERROR_STYLE, password_field

TEXT = {
    "title": "修改密码",
    "forced": "管理员重置了您的密码，请设置一个只有您知道的新密码。",
    "old": "原密码",
    "new": "新密码",
    "confirm": "再输入一次",
    "mismatch": "两次输入的新密码不一致。",
}


class ChangePasswordDialog(QDialog):
    def __init__(self, db: Database, user: SessionUser, forced: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.user = db, user
        self.setWindowTitle(TEXT["title"])
        self.setMinimumWidth(340)
        self.old, self.new, self.confirm = password_field(), password_field(), password_field()
        form = QFormLayout()
        form.addRow(TEXT["old"], self.old)
        form.addRow(TEXT["new"], self.new)
        form.addRow(TEXT["confirm"], self.confirm)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = button_box(SB.Ok | SB.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel(TEXT["forced"])
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.new.text() != self.confirm.text():
            self.error.setText(TEXT["mismatch"])
            return
        try:
            change_password(self.db, self.user, self.old.text(), self.new.text())
        except ValidationFailed as exc:
            self.error.setText("；".join(exc.errors.values()))
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
