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
        # Pages are built the first time they are shown: start-up pays for one page only.
        self.specs = [s for s in discover_pages() if s.permission is None or ctx.can(s.permission)]
        self.pages: dict[str, QWidget] = {}
        for spec in self.specs:
            self.stack.addWidget(QWidget())
            item = QListWidgetItem(spec.title)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._switch)
        self.nav.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.resize(1280, 800)
        self.statusBar().showMessage(f"数据库：{ctx.db.url}")

    def page(self, title: str) -> QWidget:
        """The page with this title, built now if it was not shown before."""
        if title not in self.pages:
            index = [s.title for s in self.specs].index(title)
            page = self.specs[index].module.create_page(self.ctx)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[title] = page
        return self.pages[title]

    def _switch(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.stack.setCurrentWidget(self.page(self.specs[row].title))

    def show_page(self, title: str) -> QWidget:
        """Switch to a page by its title and return it."""
        self.nav.setCurrentRow([s.title for s in self.specs].index(title))
        return self.page(title)
