"""Start-up around the main window: open the database (offering a restore when the file
is broken), the first-run set-up or the login, and a forced password change."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ..services import accounts, backup
from ..services.committee import get_committee
from ..services.database import Database, DatabaseOpenError, open_app_database, resolve_url, sqlite_path
from ..services.errors import UserError
from ..services.policy import SessionUser
from .dialogs.change_password_dialog import ChangePasswordDialog
from .dialogs.first_run_dialog import FirstRunDialog
from .dialogs.login_dialog import LoginDialog
from .widgets.buttons import MB, message_box

TEXT = {
    "cannot_open": "无法打开数据库",
    "offer_restore": "\n\n要从备份恢复吗？（原文件会另存一份，不会删除）",
    "choose": "选择备份文件",
    "restored": "已从 {name} 恢复。原文件已另存为 {aside}。",
    "restore_failed": "恢复未完成",
}


def open_or_recover(db_arg: str | None, demo: bool) -> Database | None:
    """The opened database, or None when it cannot be opened and nothing was restored."""
    while True:
        try:
            return open_app_database(db_arg, demo=demo)
        except DatabaseOpenError as exc:
            live = sqlite_path(resolve_url(db_arg, demo=demo))
            if not exc.offer_restore or live is None:
                QMessageBox.critical(None, TEXT["cannot_open"], str(exc))
                return None
            box = message_box(None, QMessageBox.Icon.Critical, TEXT["cannot_open"], str(exc) + TEXT["offer_restore"],
                              MB.Yes | MB.No)
            if box.exec() != MB.Yes:
                return None
            path, _ = QFileDialog.getOpenFileName(None, TEXT["choose"], str(backup.backup_folder()),
                                                  "SQLite (*.sqlite3 *.db)")
            if not path:
                return None
            try:
                result = backup.restore_over_broken(live, Path(path))
            except UserError as err:
                QMessageBox.warning(None, TEXT["restore_failed"], str(err))
                continue
            QMessageBox.information(None, TEXT["cannot_open"], TEXT["restored"].format(
                name=result.restored_from.name, aside=result.safety_copy))


def sign_in(db: Database, demo: bool = False) -> SessionUser | None:
    """Who uses the app this time; None when they cancelled.

    The demo database logs in by itself as its demo administrator (make run opens
    straight into the demo); a real database asks for the first-run set-up or a login.
    """
    if demo:
        return accounts.ensure_demo_admin(db)
    if not accounts.has_users(db):
        dialog = FirstRunDialog(db)
        return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None
    committee = get_committee(db)
    dialog = LoginDialog(db, committee.name if committee else "")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    user = dialog.user
    if accounts.must_change_password(db, user):
        if ChangePasswordDialog(db, user, forced=True).exec() != QDialog.DialogCode.Accepted:
            return None
    return user
