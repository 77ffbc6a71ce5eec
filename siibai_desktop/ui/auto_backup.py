"""Automatic backups while the app runs: at least daily (checked hourly) and on exit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer

from ..services import backup
from .context import AppContext

CHECK_MS = 60 * 60 * 1000


class AutoBackup(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None, check_ms: int = CHECK_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.backup_if_due)
        if ctx.db.is_sqlite:
            self.timer.start(check_ms)
            QTimer.singleShot(60_000, self.backup_if_due)  # a first copy soon after start

    def backup_if_due(self) -> None:
        self.ctx.runner.run(lambda: backup.backup_if_due(self.ctx.db), on_error=self._report)

    def on_exit(self) -> None:
        """A checked copy as the app closes (runs on the GUI thread: the app is ending)."""
        self.timer.stop()
        if not self.ctx.db.is_sqlite:
            return
        try:
            backup.make_backup(self.ctx.db, "exit")
        except Exception as exc:  # never block closing; the daily copy remains
            self._report(exc)

    def _report(self, exc: BaseException) -> None:
        print(f"自动备份未完成：{exc}", file=sys.stderr)
