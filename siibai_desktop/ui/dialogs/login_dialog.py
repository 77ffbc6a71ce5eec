"""登录: user name and password; wrong passwords count towards the 15-minute lockout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services.accounts import authenticate
from ...services.database import Database
from ...services.errors import UserError
from ...services.policy import SessionUser
from ..widgets.buttons import SB, button_box

TEXT = {
    "title": "登录 — 四百走访",
    "heading": "{committee}",
    "username": "用户名",
    "password": "密码",
    "login": "登录",
    "quit": "退出",
    "empty": "请输入用户名和密码。",
}
ERROR_STYLE = "color: #c62828;"


def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class LoginDialog(QDialog):
    """Accepted once `authenticate` succeeds; `self.user` is who logged in."""

    def __init__(self, db: Database, committee: str = "", username: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user: SessionUser | None = None
        self.setWindowTitle(TEXT["title"])
        self.setMinimumWidth(360)
        heading = QLabel(TEXT["heading"].format(committee=committee or "四百走访"))
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.username = QLineEdit(username)
        self.password = password_field()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(TEXT["username"], self.username)
        form.addRow(TEXT["password"], self.password)
        self.buttons = button_box(SB.Ok | SB.Cancel)
        self.buttons.button(SB.Ok).setText(TEXT["login"])
        self.buttons.button(SB.Cancel).setText(TEXT["quit"])
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        self.password.returnPressed.connect(self.try_login)
        self.username.returnPressed.connect(self.password.setFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    def keyPressEvent(self, event) -> None:  # Return is handled by the password field
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)

    def try_login(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self.error.setText(TEXT["empty"])
            return
        try:
            self.user = authenticate(self.db, name, password)
        except UserError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
