"""账户: administrators manage accounts, roles, lockouts and the idle-lock time; everyone
can change their own password here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel,
    QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.roles import Permission, Role
from ...services import accounts
from ...services.errors import UserError
from ..context import AppContext
from ..dialogs.change_password_dialog import ChangePasswordDialog
from ..dialogs.user_dialog import UserDialog
from ..runner import show_error
from ..widgets.buttons import confirm, warn

PAGE_ORDER = 90
PAGE_TITLE = "账户"
TEXT = {
    "me": "我的账户：{name}（{username}，{role}）",
    "change_password": "修改我的密码…",
    "users": "账户管理",
    "columns": ["用户名", "姓名", "角色", "状态", "最近登录"],
    "add": "新建账户…", "reset": "重置密码…", "unlock": "解除锁定", "toggle": "停用/启用", "role": "改角色…",
    "active": "正常", "disabled": "已停用", "locked": "锁定至 {t}",
    "pick": "请先在表中选择一个账户。",
    "reset_prompt": "为 {name} 设置新密码（至少 6 位，对方下次登录须修改）：",
    "reset_done": "已重置 {name} 的密码。",
    "role_prompt": "{name} 的新角色：",
    "toggle_confirm": "确定要{verb}账户 {name} 吗？",
    "idle": "闲置锁定",
    "idle_label": "无人操作多少分钟后锁定窗口（0 表示不锁定）：",
    "save": "保存",
    "saved": "已保存，下次登录起生效。",
    "done": "完成",
}


class AccountsPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        user = ctx.user
        layout = QVBoxLayout(self)
        me = QHBoxLayout()
        me.addWidget(QLabel(TEXT["me"].format(name=user.label, username=user.username, role=user.role_label)))
        self.change_button = QPushButton(TEXT["change_password"])
        self.change_button.clicked.connect(self.change_password)
        me.addWidget(self.change_button)
        me.addStretch(1)
        layout.addLayout(me)
        self.table = None
        if ctx.can(Permission.MANAGE_ACCOUNTS):
            layout.addWidget(self._users_box(), 1)
            layout.addWidget(self._idle_box())
            self.refresh()
        else:
            layout.addStretch(1)

    def _users_box(self) -> QGroupBox:
        box = QGroupBox(TEXT["users"])
        self.table = QTableWidget(0, len(TEXT["columns"]))
        self.table.setHorizontalHeaderLabels(TEXT["columns"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key, slot in (("add", self.add_user), ("reset", self.reset_password), ("unlock", self.unlock),
                          ("toggle", self.toggle_active), ("role", self.change_role)):
            button = QPushButton(TEXT[key])
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addLayout(buttons)
        inner.addWidget(self.table)
        return box

    def _idle_box(self) -> QGroupBox:
        box = QGroupBox(TEXT["idle"])
        row = QHBoxLayout(box)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setValue(accounts.get_idle_minutes(self.ctx.db))
        save = QPushButton(TEXT["save"])
        save.clicked.connect(self.save_idle)
        row.addWidget(QLabel(TEXT["idle_label"]))
        row.addWidget(self.idle)
        row.addWidget(save)
        row.addStretch(1)
        return box

    def refresh(self) -> None:
        self.users = accounts.list_users(self.ctx.db, self.ctx.user)
        now = self.ctx.db.clock.now()
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            state = TEXT["active"] if u.active else TEXT["disabled"]
            if u.active and u.locked_until and u.locked_until > now:
                state = TEXT["locked"].format(t=u.locked_until.strftime("%H:%M"))
            last = u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else ""
            for col, text in enumerate((u.username, u.display_name, u.role_label, state, last)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def selected(self):
        row = self.table.currentRow()
        if row < 0 or row >= len(self.users):
            warn(self, PAGE_TITLE, TEXT["pick"])
            return None
        return self.users[row]

    def _run(self, fn, message: str | None = None) -> None:
        try:
            fn()
        except UserError as exc:
            show_error(self, exc)
            return
        self.refresh()
        if message:
            warn(self, TEXT["done"], message)

    def change_password(self) -> None:
        ChangePasswordDialog(self.ctx.db, self.ctx.user, parent=self).exec()

    def add_user(self) -> None:
        if UserDialog(self.ctx, self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def reset_password(self) -> None:
        u = self.selected()
        if u is None:
            return
        text, ok = QInputDialog.getText(self, TEXT["reset"], TEXT["reset_prompt"].format(name=u.display_name),
                                        QLineEdit.EchoMode.Password)
        if ok:
            self._run(lambda: accounts.reset_password(self.ctx.db, self.ctx.user, u.username, text),
                      TEXT["reset_done"].format(name=u.display_name))

    def unlock(self) -> None:
        u = self.selected()
        if u is not None:
            self._run(lambda: accounts.unlock_user(self.ctx.db, self.ctx.user, u.username))

    def toggle_active(self) -> None:
        u = self.selected()
        if u is not None and confirm(self, PAGE_TITLE, TEXT["toggle_confirm"].format(
                verb="停用" if u.active else "启用", name=u.display_name)):
            self._run(lambda: accounts.update_user(self.ctx.db, self.ctx.user, u.username, active=not u.active))

    def change_role(self) -> None:
        u = self.selected()
        if u is None:
            return
        labels = Role.labels()
        label, ok = QInputDialog.getItem(self, TEXT["role"], TEXT["role_prompt"].format(name=u.display_name),
                                         labels, labels.index(u.role_label), False)
        if ok:
            self._run(lambda: accounts.update_user(self.ctx.db, self.ctx.user, u.username,
                                                   role=Role.from_label(label).value))

    def save_idle(self) -> None:
        self._run(lambda: accounts.set_idle_minutes(self.ctx.db, self.ctx.user, self.idle.value()), TEXT["saved"])


def create_page(ctx: AppContext) -> QWidget:
    return AccountsPage(ctx)
