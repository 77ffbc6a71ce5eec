"""备份: make a checked backup now, see the list (date, kind, size), restore one.
Restoring first backs up the current state, then the app signs in again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.roles import Permission
from ...services import backup
from ..context import AppContext
from ..widgets.buttons import confirm, warn

PAGE_ORDER = 92
PAGE_TITLE = "备份"
RESTART_CODE = 1077  # app.main reopens the database and asks to log in again
TEXT = {
    "intro": "程序每天和退出时自动备份，并在升级数据库前备份；每份备份都经过完整性检查。"
             "自动备份保留最近 7 天、4 周、12 个月各一份。",
    "pg": "当前使用 PostgreSQL 服务器模式：数据由服务器统一备份（pg_dump），请联系管理员。",
    "backup": "立即备份", "restore": "从所选备份恢复…", "restore_file": "从文件恢复…", "folder": "打开备份文件夹",
    "columns": ["时间", "类型", "大小", "文件"],
    "done": "已备份：{name}（{size}，完整性检查通过）",
    "pick": "请先在表中选择一份备份。",
    "confirm": "确定用 {when} 的备份替换当前数据吗？\n\n恢复前会先把当前数据另存一份备份，所以此操作可以撤销。"
               "恢复后需要重新登录。",
    "restored": "已恢复。恢复前的数据已另存为 {name}。\n请重新登录。",
    "title": "备份",
    "choose": "选择备份文件",
}



class BackupPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel(TEXT["intro"] if ctx.db.is_sqlite else TEXT["pg"])
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.backups: list[backup.BackupInfo] = []
        if not ctx.db.is_sqlite:
            layout.addStretch(1)
            return
        row = QHBoxLayout()
        self.backup_button = QPushButton(TEXT["backup"])
        self.restore_button = QPushButton(TEXT["restore"])
        self.restore_file_button = QPushButton(TEXT["restore_file"])
        folder = QPushButton(TEXT["folder"])
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup.backup_folder()))))
        for b in (self.backup_button, self.restore_button, self.restore_file_button, folder):
            row.addWidget(b)
        row.addStretch(1)
        can_restore = ctx.can(Permission.RESTORE)
        self.restore_button.setEnabled(can_restore)
        self.restore_file_button.setEnabled(can_restore)
        self.table = QTableWidget(0, len(TEXT["columns"]))
        self.table.setHorizontalHeaderLabels(TEXT["columns"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.backups = backup.list_backups(self.ctx.db)
        self.table.setRowCount(len(self.backups))
        for r, b in enumerate(self.backups):
            for c, text in enumerate((b.created_at.strftime("%Y-%m-%d %H:%M:%S"), b.reason_label, b.size_label,
                                      b.path.name)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def backup_now(self) -> None:
        def done(info: backup.BackupInfo) -> None:
            self.refresh()
            warn(self, TEXT["title"], TEXT["done"].format(name=info.path.name, size=info.size_label))

        self.ctx.runner.run(lambda: backup.make_backup(self.ctx.db, "manual", user=self.ctx.user), done, parent=self)

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.backups):
            warn(self, TEXT["title"], TEXT["pick"])
            return
        chosen = self.backups[row]
        self.restore(chosen.path, chosen.created_at.strftime("%Y-%m-%d %H:%M"))

    def restore_from_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, TEXT["choose"], str(backup.backup_folder()), "SQLite (*.sqlite3 *.db)")
        if path:
            self.restore(Path(path), Path(path).name)

    def restore(self, path: Path, when: str, ask: bool = True) -> None:
        if ask and not confirm(self, TEXT["title"], TEXT["confirm"].format(when=when)):
            return

        def done(result: backup.RestoreResult) -> None:
            warn(self, TEXT["title"], TEXT["restored"].format(name=result.safety_copy.name))
            self.restored = result
            QApplication.exit(RESTART_CODE)

        self.ctx.runner.run(lambda: backup.restore_backup(self.ctx.db, path, user=self.ctx.user), done, parent=self)


def create_page(ctx: AppContext) -> QWidget:
    return BackupPage(ctx)
