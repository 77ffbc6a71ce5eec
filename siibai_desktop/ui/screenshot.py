"""`python -m siibai_desktop.ui.screenshot OUT.png [--db PATH]`: the main window as the
README shows it, rendered offscreen (the demo database unless --db is given)."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="siibai-screenshot", description="主窗口截图")
    p.add_argument("out", help="PNG 文件")
    p.add_argument("--db", help="数据库文件（默认：演示数据库）")
    p.add_argument("--size", default="1280x800")
    p.add_argument("--search", default="", help="搜索框中预填的文字")
    args = p.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from ..services.database import open_app_database
    from ..services.demo import ensure_demo_database
    from .app import install_chinese
    from .context import AppContext
    from .fonts import apply_default_font
    from .main_window import MainWindow
    from .runner import SyncRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_chinese(app)
    apply_default_font(app)
    db = open_app_database(args.db or ensure_demo_database())
    window = MainWindow(AppContext(db=db, runner=SyncRunner()))
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    page = window.show_page("花名册")
    if args.search:
        page.search_box.setText(args.search)
        page.apply_search_now()
    # show the household panel filled: the first visible resident with a tag and a family
    for row in range(min(page.model.rowCount(), 25)):
        resident = page.model.resident_at(row)
        if resident.tags and row > 2:
            page.select_resident(resident.id)
            break
    app.processEvents()
    window.grab().save(args.out)
    db.close()
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
