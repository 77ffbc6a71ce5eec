"""The main window: a left navigation of the pages that exist and a stack of pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget

from ..services.committee import get_committee
from .context import AppContext
from .pages import discover_pages

WINDOW_TITLE = "四百走访"
NAV_STYLE = """
QListWidget#nav { border: none; border-right: 1px solid #d9dee5; background: #f4f6f9; font-size: 11pt; }
QListWidget#nav::item { height: 40px; color: #333; }
QListWidget#nav::item:selected { background: #1f6fd1; color: white; }
QListWidget#nav::item:hover:!selected { background: #e3e9f2; }
"""


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        committee = get_committee(ctx.db)
        self.setWindowTitle(f"{WINDOW_TITLE} — {committee.name}" if committee else WINDOW_TITLE)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(140)
        self.nav.setStyleSheet(NAV_STYLE)
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for spec in discover_pages():
            page = spec.module.create_page(ctx)
            self.pages[spec.title] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(spec.title)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)
        self.statusBar().showMessage(f"数据库：{ctx.db.url}")

    def show_page(self, title: str) -> QWidget:
        """Switch to a page by its title and return it."""
        titles = list(self.pages)
        self.nav.setCurrentRow(titles.index(title))
        return self.pages[title]
