"""民情诉求: every need with filters; overdue ones stand out; change status, follow up, history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QLineEdit, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from ...domain.needs import NeedStatus
from ...domain.roles import Permission
from ...services.needs import NeedFilter, NeedRow, add_category, list_categories, list_needs, need_history
from ..context import AppContext
from ..dialogs.follow_up_dialog import FollowUpDialog
from ..dialogs.need_dialog import NeedDialog
from ..dialogs.need_status_dialog import NeedStatusDialog
from ..models.rows_table import RowsModel
from ..widgets.permissions import gate

PAGE_ORDER = 30
PAGE_TITLE = "民情诉求"

TEXT = {
    "status": "状态", "category": "类别", "search": "查找", "search_hint": "内容、地址或提出人",
    "open": "未办结", "everything": "全部", "all_categories": "（全部类别）", "overdue": "只看逾期",
    "add": "登记诉求…", "change": "办理 / 改状态…", "follow_up": "回访…", "category_add": "新增类别…",
    "category_title": "新增诉求类别", "category_prompt": "类别名称（如：停车管理）",
    "summary": "共 {n} 条，其中逾期 {late} 条", "history": "办理经过",
    "pick": "请先选中一条诉求",
}
COLUMNS = [
    ("状态", lambda n: n.status_label),
    ("逾期", lambda n: f"{n.overdue_days} 天" if n.overdue else ""),
    ("类别", lambda n: n.category),
    ("内容", lambda n: n.description),
    ("地址", lambda n: n.address),
    ("提出人", lambda n: n.raised_by or n.resident_name or ""),
    ("来源", lambda n: n.source_label),
    ("提出日期", lambda n: n.raised_on.isoformat()),
    ("期限", lambda n: n.deadline.isoformat() if n.deadline else ""),
    ("负责人", lambda n: n.owner or ""),
    ("上报去向", lambda n: n.escalated_to),
    ("回访", lambda n: n.verdict_label),
]
HISTORY_COLUMNS = [
    ("日期", lambda e: e.event_date.isoformat()),
    ("变化", lambda e: f"{e.from_label} → {e.to_label}" if e.from_label else e.to_label),
    ("回访评价", lambda e: e.verdict_label),
    ("经办人", lambda e: e.who),
    ("说明", lambda e: e.note),
]


def _table(model: RowsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class NeedsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.status_box = QComboBox()
        self.status_box.addItem(TEXT["open"], "open")
        self.status_box.addItem(TEXT["everything"], "all")
        for s in NeedStatus:
            self.status_box.addItem(s.label, s.value)
        self.category_box = QComboBox()
        self.overdue_check = QCheckBox(TEXT["overdue"])
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(TEXT["search_hint"])
        self.search_edit.setClearButtonEnabled(True)
        self.add_button = QPushButton(TEXT["add"])
        self.change_button = QPushButton(TEXT["change"])
        self.follow_button = QPushButton(TEXT["follow_up"])
        self.category_button = QPushButton(TEXT["category_add"])
        # 只读 users read the needs and their history; every button here changes something
        self.can_edit = gate(ctx, Permission.EDIT, self.add_button, self.change_button, self.follow_button,
                             self.category_button)
        bar = QHBoxLayout()
        for label, widget in ((TEXT["status"], self.status_box), (TEXT["category"], self.category_box),
                              (TEXT["search"], self.search_edit)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.overdue_check)
        bar.addStretch(1)
        for button in (self.add_button, self.change_button, self.follow_button, self.category_button):
            bar.addWidget(button)
        self.summary = QLabel()
        self.model = RowsModel(COLUMNS, foreground=lambda n: "#c62828" if n.overdue else None,
                               background=lambda n: "#fbd3cf" if n.overdue else None, background_columns={0, 1})
        self.table = _table(self.model)
        for col, width in enumerate((64, 56, 80, 280, 230, 80, 52, 90, 90, 64, 80)):
            self.table.setColumnWidth(col, width)
        self.history_label = QLabel(TEXT["history"])
        self.history_model = RowsModel(HISTORY_COLUMNS)
        self.history_table = _table(self.history_model)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_label)
        lower_layout.addWidget(self.history_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([500, 180])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

        self._fill_categories()
        self.status_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.category_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.overdue_check.toggled.connect(lambda _on: self.refresh())
        self.search_edit.returnPressed.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda t: self.refresh() if not t else None)
        self.add_button.clicked.connect(self.add_need)
        self.change_button.clicked.connect(self.change_selected)
        self.follow_button.clicked.connect(self.follow_up_selected)
        self.category_button.clicked.connect(self.add_category)
        self.table.doubleClicked.connect(lambda _i: self.change_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_history())
        ctx.bus.changed.connect(lambda what: self.refresh() if what in ("needs", "visits") else None)
        self.refresh()

    def _fill_categories(self) -> None:
        self.category_box.blockSignals(True)
        self.category_box.clear()
        self.category_box.addItem(TEXT["all_categories"], None)
        for c in self.ctx.runner.call(lambda: list_categories(self.ctx.db)):
            self.category_box.addItem(c.name, c.id)
        self.category_box.blockSignals(False)

    def filters(self) -> NeedFilter:
        status = self.status_box.currentData()
        return NeedFilter(
            statuses=() if status in ("open", "all") else (status,), open_only=status == "open",
            category_id=self.category_box.currentData(), overdue_only=self.overdue_check.isChecked(),
            text=self.search_edit.text().strip())

    def refresh(self) -> None:
        selected = self.selected_need()
        keep = selected.id if selected else None
        filters = self.filters()
        self.ctx.runner.run(lambda: list_needs(self.ctx.db, filters), lambda rows: self._show(rows, keep), parent=self)

    def _show(self, rows: list[NeedRow], keep: int | None) -> None:
        self.model.set_rows(rows)
        self.summary.setText(TEXT["summary"].format(n=len(rows), late=sum(1 for r in rows if r.overdue)))
        for i, row in enumerate(rows):
            if row.id == keep:
                self.table.selectRow(i)
                break
        self._show_history()

    def selected_need(self) -> NeedRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_history(self) -> None:
        need = self.selected_need()
        if need is None:
            self.history_model.set_rows([])
            self.history_label.setText(TEXT["history"])
            return
        self.history_label.setText(f"{TEXT['history']}：{need.address} {need.description}")
        self.ctx.runner.run(lambda: need_history(self.ctx.db, need.id), self.history_model.set_rows, parent=self)

    def add_need(self) -> None:
        if not self.can_edit:
            return
        NeedDialog(self.ctx, parent=self).exec()

    def change_selected(self) -> None:
        if not self.can_edit:  # also a double-click
            return
        need = self.selected_need()
        if need is None:
            self.summary.setText(TEXT["pick"])
            return
        NeedStatusDialog(self.ctx, need, self).exec()

    def follow_up_selected(self) -> None:
        if not self.can_edit:
            return
        need = self.selected_need()
        if need is None:
            self.summary.setText(TEXT["pick"])
            return
        FollowUpDialog(self.ctx, need, self).exec()


    def add_category(self) -> None:
        if not self.can_edit:
            return
        name = ask_category_name(self)
        if name:
            self.ctx.runner.run(lambda: add_category(self.ctx.db, name), lambda _id: self._category_added(),
                                parent=self)

    def _category_added(self) -> None:
        self._fill_categories()
        self.ctx.bus.changed.emit("need_categories")


def ask_category_name(parent: QWidget) -> str:
    """The new category's name ('' when cancelled). Tests replace this."""
    name, ok = QInputDialog.getText(parent, TEXT["category_title"], TEXT["category_prompt"])
    return name.strip() if ok else ""


def create_page(ctx: AppContext) -> QWidget:
    return NeedsPage(ctx)
