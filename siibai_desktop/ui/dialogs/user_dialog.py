"""新建账户 (administrators): user name, name, role and a first password."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.roles import Role
from ...services.accounts import create_user
from ...services.errors import UserError, ValidationFailed
from ..context import AppContext
from ..widgets.buttons import SB, button_box
from .login_dialog import ERROR_STYLE, password_field

TEXT = {
    "title": "新建账户",
    "username": "用户名", "display_name": "姓名", "role": "角色", "password": "初始密码", "confirm": "再输入一次",
    "mismatch": "两次输入的密码不一致。",
    "roles_help": "管理员：全部功能，包括账户和设置；工作人员：日常工作；只读：只能查看和打印。",
}


class UserDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.created = None
        self.setWindowTitle(TEXT["title"])
        self.setMinimumWidth(380)
        self.username, self.display_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData(Role.STAFF.value))
        self.password, self.confirm = password_field(), password_field()
        form = QFormLayout()
        form.addRow(TEXT["username"], self.username)
        form.addRow(TEXT["display_name"], self.display_name)
        form.addRow(TEXT["role"], self.role)
        form.addRow(TEXT["password"], self.password)
        form.addRow(TEXT["confirm"], self.confirm)
        help_text = QLabel(TEXT["roles_help"])
        help_text.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = button_box(SB.Ok | SB.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_text)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.password.text() != self.confirm.text():
            self.error.setText(TEXT["mismatch"])
            return
        try:
            self.created = create_user(self.ctx.db, self.ctx.user, self.username.text(), self.display_name.text(),
                                       self.role.currentData(), self.password.text())
        except ValidationFailed as exc:
            self.error.setText("；".join(exc.errors.values()))
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
