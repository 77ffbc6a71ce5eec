"""Idle lock: after N minutes without keyboard or mouse input every window of the app is
covered and its controls disabled, so no personal data shows on an unattended PC, until
the logged-in user types their password again (wrong passwords count towards lockout).

Covering instead of closing keeps a half-filled form intact under the cover.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ..services.accounts import authenticate, record_screen_lock
from ..services.errors import UserError
from .context import AppContext
from .dialogs.login_dialog import ERROR_STYLE, password_field

TEXT = {
    "locked": "已锁定",
    "who": "当前用户：{name}（{role}）",
    "why": "为保护居民个人信息，闲置 {minutes} 分钟后自动锁定。请输入密码解锁。",
    "why_now": "为保护居民个人信息，窗口已锁定。请输入密码解锁。",
    "unlock": "解锁",
    "quit": "退出程序",
    "covered": "已锁定，请在主窗口输入密码解锁。",
}
ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
            QEvent.Type.TouchBegin}


class LockCover(QWidget):
    """An opaque cover over one window; the one on the active window takes the password."""

    def __init__(self, host: QWidget, with_password: bool, lock: IdleLock):
        super().__init__(host)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QWidget#lockCover { background: #eef1f5; }")
        self.password = None
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        if with_password:
            title = QLabel(TEXT["locked"])
            title.setStyleSheet("font-size: 20pt; font-weight: bold;")
            user = lock.ctx.user
            who = QLabel(TEXT["who"].format(name=user.label, role=user.role_label))
            why = QLabel(TEXT["why"].format(minutes=lock.minutes) if lock.minutes else TEXT["why_now"])
            why.setWordWrap(True)
            self.password = password_field()
            self.password.setMaximumWidth(260)
            self.password.returnPressed.connect(lambda: lock.try_unlock(self.password.text()))
            self.error = QLabel()
            self.error.setStyleSheet(ERROR_STYLE)
            self.error.setWordWrap(True)
            self.unlock_button = QPushButton(TEXT["unlock"])
            self.unlock_button.clicked.connect(lambda: lock.try_unlock(self.password.text()))
            quit_button = QPushButton(TEXT["quit"])
            quit_button.clicked.connect(QApplication.quit)
            row = QHBoxLayout()
            row.addWidget(self.password)
            row.addWidget(self.unlock_button)
            row.addWidget(quit_button)
            row.addStretch(1)
            for w in (title, who, why):
                layout.addWidget(w)
            layout.addLayout(row)
            layout.addWidget(self.error)
        else:
            layout.addWidget(QLabel(TEXT["covered"]))
        layout.addStretch(1)
        layout.setContentsMargins(60, 40, 60, 40)
        self.setGeometry(host.rect())
        host.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # follow the host's size
        if event.type() == QEvent.Type.Resize and obj is self.parent():
            self.setGeometry(obj.rect())
        return False


class IdleLock(QObject):
    """Watches input application-wide; `minutes` 0 turns the lock off."""

    locked_changed = Signal(bool)

    def __init__(self, ctx: AppContext, main_window: QWidget, minutes: int,
                 clock: Callable[[], float] = time.monotonic, check_ms: int = 5000):
        super().__init__(main_window)
        self.ctx, self.main_window, self.minutes, self.clock = ctx, main_window, minutes, clock
        self.last_activity = clock()
        self.covers: list[LockCover] = []
        self.input_cover: LockCover | None = None
        self._disabled: list[QWidget] = []
        app = QApplication.instance()
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.lock_if_idle)
        self.timer.start(check_ms)

    @property
    def is_locked(self) -> bool:
        return bool(self.covers)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = self.clock()
        return False

    def lock_if_idle(self) -> None:
        if self.minutes and not self.is_locked and self.clock() - self.last_activity >= self.minutes * 60:
            self.lock()

    def lock(self) -> None:
        if self.is_locked:
            return
        active = QApplication.activeModalWidget() or self.main_window
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)]
        if self.main_window not in windows:
            windows.append(self.main_window)
        for window in windows:
            for child in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
                if child.isEnabled() and not child.isWindow():
                    child.setEnabled(False)
                    self._disabled.append(child)
            cover = LockCover(window, window is active, self)
            cover.show()
            cover.raise_()
            self.covers.append(cover)
            if cover.password is not None:
                self.input_cover = cover
                cover.password.setFocus()
        try:
            record_screen_lock(self.ctx.db, self.ctx.user)
        except Exception:  # the lock must never fail because the log could not be written
            pass
        self.locked_changed.emit(True)

    def try_unlock(self, password: str) -> bool:
        cover = self.input_cover
        try:
            authenticate(self.ctx.db, self.ctx.user.username, password, purpose="screen_unlocked")
        except UserError as exc:
            cover.error.setText(str(exc))
            cover.password.clear()
            return False
        self.unlock()
        return True

    def unlock(self) -> None:
        for child in self._disabled:
            child.setEnabled(True)
        self._disabled.clear()
        for cover in self.covers:
            cover.hide()
            cover.deleteLater()
        self.covers.clear()
        self.last_activity = self.clock()
        self.locked_changed.emit(False)

