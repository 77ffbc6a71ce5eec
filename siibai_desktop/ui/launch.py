"""Start-up once Qt is loaded: Chinese Qt, open the database, sign in, the main window.

`app.main` imports this module only after it has begun the database's integrity check,
so that Qt, SQLAlchemy and the screens load while the check runs.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from ..services.database import DatabaseOpenError
from ..services.accounts import get_idle_minutes, logout
from .auto_backup import AutoBackup
from .context import AppContext
from .idle_lock import IdleLock
from .pages.backup_page import RESTART_CODE
from .session import open_or_recover, sign_in
from .fonts import apply_default_font
from .main_window import MainWindow
from .runner import Runner


def install_chinese(app: QApplication) -> list[QTranslator]:
    """Qt's own strings (dialog buttons, context menus) in Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, path):
            app.installTranslator(tr)
            translators.append(tr)
    return translators


def run(args: argparse.Namespace, demo: bool) -> int:
    """The app from QApplication to the last window closed; the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("四百走访")
    install_chinese(app)
    apply_default_font(app)
    # Only the demo database itself logs in by itself, never a file named with --db.
    auto_login = demo and not args.db
    if auto_login:
        from ..services.demo import ensure_demo_database  # Faker loads slowly: only for the demo

        try:
            ensure_demo_database()
        except DatabaseOpenError as exc:
            QMessageBox.critical(None, "无法打开数据库", str(exc))
            return 2
    while True:
        db = open_or_recover(args.db, demo)
        if db is None:
            return 2
        code = run_session(app, db, demo, auto_login)
        if code != RESTART_CODE:
            return code


def run_session(app: QApplication, db, demo: bool, auto_login: bool) -> int:
    """Sign in, show the main window until it closes; back up on exit and close."""
    user = sign_in(db, demo=auto_login)
    if user is None:
        db.close()
        return 0
    ctx = AppContext(db=db, runner=Runner(), user=user)
    window = MainWindow(ctx)
    if demo:
        window.setWindowTitle(window.windowTitle() + "（演示数据）")
    window.setWindowTitle(window.windowTitle() + f" — {user.label}（{user.role_label}）")
    lock = IdleLock(ctx, window, 0 if auto_login else get_idle_minutes(db))
    auto_backup = AutoBackup(ctx, window)
    window.show()
    code = app.exec()
    lock.timer.stop()
    if code != RESTART_CODE:
        auto_backup.on_exit()
    try:
        logout(db, user)
    except Exception:  # closing must not fail on the log
        pass
    window.deleteLater()
    db.close()
    return code
