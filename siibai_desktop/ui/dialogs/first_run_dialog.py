"""首次使用: name the committee and create the administrator (书记或主任)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services.accounts import MIN_PASSWORD_CHARS, first_run_setup
from ...services.committee import get_committee
from ...services.database import Database
from ...services.errors import UserError, ValidationFailed
from ...services.policy import SessionUser
from ..widgets.buttons import SB, button_box
from .login_dialog import ERROR_STYLE, password_field

TEXT = {
    "title": "首次使用 — 四百走访",
    "intro": "欢迎使用四百走访。请填写居委会名称，并为书记或主任建立管理员账户。\n"
             "管理员可以新建其他工作人员的账户。请牢记密码：密码不能找回，只能由管理员重置。",
    "committee": "居委会名称",
    "committee_hint": "如：枫港居民区居民委员会",
    "username": "管理员用户名",
    "username_hint": "登录用，如 wangsj",
    "display_name": "姓名",
    "display_hint": "如：王书记",
    "password": "密码",
    "password_hint": f"至少 {MIN_PASSWORD_CHARS} 位",
    "confirm": "再输入一次",
    "mismatch": "两次输入的密码不一致。",
    "start": "开始使用",
}


class FirstRunDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.user: SessionUser | None = None
        self.setWindowTitle(TEXT["title"])
        self.setMinimumWidth(460)
        intro = QLabel(TEXT["intro"])
        intro.setWordWrap(True)
        existing = get_committee(db)
        self.committee = QLineEdit(existing.name if existing else "")
        self.committee.setPlaceholderText(TEXT["committee_hint"])
        self.username = QLineEdit()
        self.username.setPlaceholderText(TEXT["username_hint"])
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(TEXT["display_hint"])
        self.password = password_field(TEXT["password_hint"])
        self.confirm = password_field()
        form = QFormLayout()
        form.addRow(TEXT["committee"], self.committee)
        form.addRow(TEXT["username"], self.username)
        form.addRow(TEXT["display_name"], self.display_name)
        form.addRow(TEXT["password"], self.password)
        form.addRow(TEXT["confirm"], self.confirm)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = button_box(SB.Ok | SB.Cancel)
        self.buttons.button(SB.Ok).setText(TEXT["start"])
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def create(self) -> None:
        if self.password.text() != self.confirm.text():
            self.error.setText(TEXT["mismatch"])
            return
        try:
            self.user = first_run_setup(self.db, self.committee.text(), self.username.text(),
                                        self.display_name.text(), self.password.text())
        except ValidationFailed as exc:
            self.error.setText("；".join(exc.errors.values()))
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
