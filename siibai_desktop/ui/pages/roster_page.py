"""花名册: the roster of residents, searched and filtered in SQL, shown lazily.

Public API for other screens and benches: `toolbar` (add actions such as 导入/导出),
`current_query()`, `refresh()`, `search_box`, `table`, `model`, `apply_search_now()`.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu,
                               QSplitter, QTableView, QToolBar, QVBoxLayout, QWidget)

from ...domain.enums import ResidentState
from ...domain.roles import Permission
from ...services import search
from ...services.search import ResidentQuery
from ...services.types import ResidentRow
from ..context import AppContext
from ..dialogs.household_dialog import HouseholdDialog
from ..dialogs.life_event_dialog import DeathDialog, MoveOutDialog, MoveToHouseholdDialog
from ..dialogs.resident_dialog import ResidentDialog
from ..dialogs.split_dialog import SplitHouseholdDialog
from ..models.resident_table import (COL_ADDRESS, COL_AGE, COL_ID, COL_NAME, COL_PHONE, COL_SEX, COL_STATUS,
                                     COL_TAGS, ResidentTableModel)
from ..roster_exchange import install_roster_exchange
from ..widgets.household_panel import HouseholdPanel
from ..widgets.permissions import gate, read_only_notice
from ..widgets.roster_filters import RosterFilters

PAGE_ORDER = 10
PAGE_TITLE = "花名册"

TEXT = {
    "search_hint": "搜索：姓名、拼音首字母（如 zs）、身份证号、电话、地址，多个词用空格分开",
    "count": "共 {n:,} 人",
    "searching": "查询中…",
    "add_household": "新增户",
    "add_resident": "新增居民",
    "edit_resident": "编辑居民",
    "edit_household": "编辑本户",
    "move_out": "迁出",
    "death": "死亡",
    "move_to": "迁至他户",
    "split": "分户",
    "refresh": "刷新",
    "saved": "已保存：{name}。",
    "warnings": "提示：{text}",
    "not_current": "{name} 已不在册（{state}），不能再登记变动。",
}
COLUMN_WIDTHS = {COL_NAME: 76, COL_SEX: 42, COL_AGE: 44, COL_ID: 150, COL_PHONE: 104, COL_ADDRESS: 300,
                 COL_TAGS: 110, COL_STATUS: 72}
SEARCH_DEBOUNCE_MS = 150
ROW_HEIGHT = 26


class RosterPage(QWidget):
    results_shown = Signal(int)  # number of residents now in the table

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._sort = ("name", False)
        self._search_seq = 0  # results of an older search are dropped when a newer one ran
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(TEXT["search_hint"])
        self.search_box.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(110)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.filters = RosterFilters(ctx)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a5a00; background: #fff4d6; border: 1px solid #f0d48a; padding: 4px;")
        self.message.hide()

        self.model = ResidentTableModel(self._fetch_rows, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self._set_up_table()
        self.panel = HouseholdPanel(ctx)
        self.panel.setMinimumWidth(260)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([860, 300])
        splitter.setChildrenCollapsible(False)
        top_row = QHBoxLayout()
        top_row.addWidget(self.toolbar, 1)
        self.read_only_notice = read_only_notice(ctx)  # None for users who may change data
        if self.read_only_notice is not None:
            top_row.addWidget(self.read_only_notice)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_box, 1)
        search_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(top_row)
        layout.addLayout(search_row)
        layout.addWidget(self.filters)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self._make_actions()
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self.apply_search_now)
        self.filters.changed.connect(self._run_search)
        self.model.sort_requested.connect(self._sort_requested)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._selection_changed())
        self.panel.member_activated.connect(self.select_resident)
        ctx.bus.changed.connect(self._on_changed)
        self.apply_search_now()
        install_roster_exchange(self, ctx)

    # --- set-up -------------------------------------------------------------------------
    def _set_up_table(self) -> None:
        t = self.table
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.setWordWrap(False)
        t.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep the room number of long addresses
        t.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        t.verticalHeader().hide()
        t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        t.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = t.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in COLUMN_WIDTHS.items():
            t.setColumnWidth(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_ADDRESS, QHeaderView.ResizeMode.Stretch)
        header.sortIndicatorChanged.connect(self._header_sort)
        t.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        t.customContextMenuRequested.connect(self._context_menu)
        t.doubleClicked.connect(lambda _i: self.edit_resident())

    def _make_actions(self) -> None:
        def action(key: str, slot, shortcut: str | None = None) -> QAction:
            a = QAction(TEXT[key], self)
            a.triggered.connect(lambda _checked=False: slot())
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
                a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(a)
            return a

        self.add_household_action = action("add_household", self.add_household)
        self.add_resident_action = action("add_resident", self.add_resident, "Ctrl+N")
        self.edit_resident_action = action("edit_resident", self.edit_resident)
        self.edit_household_action = action("edit_household", self.edit_household)
        self.move_out_action = action("move_out", self.move_out)
        self.death_action = action("death", self.record_death)
        self.move_to_action = action("move_to", self.move_to_household)
        self.split_action = action("split", self.split_household)
        self.refresh_action = action("refresh", self.refresh, "F5")
        self.resident_actions = [self.edit_resident_action, self.edit_household_action, self.move_out_action,
                                 self.death_action, self.move_to_action, self.split_action]
        # 只读 users see every action greyed out, with the reason on hover
        self.can_edit = gate(self.ctx, Permission.EDIT, self.add_household_action, self.add_resident_action,
                             *self.resident_actions)
        for a in (self.add_household_action, self.add_resident_action, self.edit_resident_action):
            self.toolbar.addAction(a)
        self.toolbar.addSeparator()
        for a in (self.move_out_action, self.death_action, self.move_to_action, self.split_action):
            self.toolbar.addAction(a)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.refresh_action)
        self.toolbar.addSeparator()
        self._update_actions()

    # --- searching ----------------------------------------------------------------------
    def current_query(self) -> ResidentQuery:
        """The query the table shows: search words, filters and sort (a fresh copy)."""
        query = ResidentQuery(text=self.search_box.text().strip(), sort=self._sort[0], descending=self._sort[1])
        return self.filters.apply_to(query)

    def apply_search_now(self) -> int:
        """Run the pending search at once, on this thread; returns the number of rows."""
        self._timer.stop()
        self._search_seq += 1
        ids = search.search_ids(self.ctx.db, self.current_query())
        self._show_ids(ids)
        return len(ids)

    def _run_search(self) -> None:
        """Search after typing paused, a filter or the sort changed: off the GUI thread."""
        self._timer.stop()
        self._search_seq += 1
        seq, db, query = self._search_seq, self.ctx.db, self.current_query()
        self.count_label.setText(TEXT["searching"])

        def done(ids: list[int]) -> None:
            if seq == self._search_seq:
                self._show_ids(ids)

        self.ctx.runner.run(lambda: search.search_ids(db, query), done, parent=self)

    def _show_ids(self, ids: list[int]) -> None:
        keep = self.current_resident_id()
        self.model.set_ids(ids)
        self.count_label.setText(TEXT["count"].format(n=len(ids)))
        if keep is not None and self.model.row_of_id(keep) >= 0:
            self.select_resident(keep)
        else:
            self._selection_changed()
        self.results_shown.emit(len(ids))

    def _fetch_rows(self, ids: list[int]) -> list[ResidentRow]:
        return search.fetch_rows(self.ctx.db, ids, full_id=self.ctx.full_id_allowed)

    def _header_sort(self, column: int, order: Qt.SortOrder) -> None:
        self.model.sort(column, order)
        if self.model.sort_column() != column:  # not a sortable column: put the arrow back
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(),
                                    Qt.SortOrder.DescendingOrder if self._sort[1] else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self._run_search()

    def refresh(self) -> None:
        """Read everything again (after imports, edits, or another user's changes)."""
        self.filters.blockSignals(True)
        self.filters.reload_choices()
        self.filters.blockSignals(False)
        self.apply_search_now()

    def _on_changed(self, what: str) -> None:
        if what == "roster":
            self.refresh()

    # --- selection ----------------------------------------------------------------------
    def current_resident_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def current_resident(self) -> ResidentRow | None:
        index = self.table.currentIndex()
        return self.model.resident_at(index.row()) if index.isValid() else None

    def select_resident(self, resident_id: int) -> bool:
        row = self.model.row_of_id(resident_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self._selection_changed()
        return True

    def _selection_changed(self) -> None:
        row = self.current_resident()
        self.panel.show_resident(row)
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.current_resident()
        for a in self.resident_actions:
            a.setEnabled(row is not None and self.can_edit)
        current = row is not None and row.state == ResidentState.CURRENT.value and self.can_edit
        for a in (self.move_out_action, self.death_action, self.move_to_action, self.split_action):
            a.setEnabled(current)

    def _context_menu(self, pos) -> None:
        if not self.can_edit or not self.table.indexAt(pos).isValid():  # every entry changes data
            return
        menu = QMenu(self)
        for a in (self.edit_resident_action, self.edit_household_action, self.add_resident_action):
            menu.addAction(a)
        menu.addSeparator()
        for a in (self.move_out_action, self.death_action, self.move_to_action, self.split_action):
            menu.addAction(a)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # --- actions (each dialog saves through the services and emits bus.changed) -----------
    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def add_household(self) -> None:
        if not self.can_edit:
            return
        dialog = HouseholdDialog(self.ctx, parent=self)
        if dialog.exec() and dialog.household_id is not None:
            self.add_resident(dialog.household_id)

    def add_resident(self, household_id: int | None = None) -> None:
        if not self.can_edit:
            return
        row = self.current_resident()
        if household_id is None and row is not None:
            household_id = row.household_id
        self._resident_dialog(ResidentDialog(self.ctx, household_id=household_id, parent=self))

    def edit_resident(self) -> None:
        row = self.current_resident()
        if row is not None and self.can_edit:  # a double-click by a 只读 user does nothing
            self._resident_dialog(ResidentDialog(self.ctx, resident_id=row.id, parent=self))

    def _resident_dialog(self, dialog: ResidentDialog) -> None:
        if dialog.exec() and dialog.result_info is not None:
            self.show_saved(dialog.name.text().strip(), dialog.result_info.warnings)
            self.select_resident(dialog.result_info.id)

    def show_saved(self, name: str, warnings: list[str]) -> None:
        """After a save: warnings (e.g. sex disagrees with the ID) shown, never blocking."""
        text = TEXT["saved"].format(name=name)
        if warnings:
            text += TEXT["warnings"].format(text="；".join(warnings))
        self.show_message(text)

    def edit_household(self) -> None:
        row = self.current_resident()
        if row is not None and self.can_edit:
            HouseholdDialog(self.ctx, row.household_id, parent=self).exec()

    def _current_for_event(self) -> ResidentRow | None:
        if not self.can_edit:
            return None
        row = self.current_resident()
        if row is not None and row.state != ResidentState.CURRENT.value:
            self.show_message(TEXT["not_current"].format(name=row.name, state=ResidentState(row.state).label))
            return None
        return row

    def move_out(self) -> None:
        if (row := self._current_for_event()) is not None:
            MoveOutDialog(self.ctx, row, parent=self).exec()

    def record_death(self) -> None:
        if (row := self._current_for_event()) is not None:
            DeathDialog(self.ctx, row, parent=self).exec()

    def move_to_household(self) -> None:
        if (row := self._current_for_event()) is not None:
            MoveToHouseholdDialog(self.ctx, row, parent=self).exec()

    def split_household(self) -> None:
        if (row := self._current_for_event()) is not None:
            SplitHouseholdDialog(self.ctx, row.household_id, preselect=row.id, parent=self).exec()


def create_page(ctx: AppContext) -> QWidget:
    return RosterPage(ctx)


__all__ = ["RosterPage", "create_page", "PAGE_ORDER", "PAGE_TITLE"]
