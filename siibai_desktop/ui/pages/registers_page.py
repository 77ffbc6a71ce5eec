"""三必知: the registers of conflicts, community resources and environmental problems,
one tab each, with add and edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from ...domain.roles import Permission
from ...services import registers
from ..context import AppContext
from ..dialogs.register_dialog import RegisterDialog
from ..widgets.permissions import gate

PAGE_ORDER = 40
PAGE_TITLE = "三必知"

TEXT = {
    "conflict": "矛盾纠纷", "resource": "社区资源", "issue": "环境突出问题",
    "add": "登记", "edit": "编辑", "open_only": "只看未解决", "count": "共 {n} 条",
    "intro": {
        "conflict": "群体矛盾、不稳定因素必知：发挥调解“第一防线”作用，把矛盾纠纷化解在萌芽状态。",
        "resource": "社区资源情况必知：共建单位、志愿者队伍、能人达人，用其所长。",
        "issue": "影响社区环境的突出问题必知：群租、楼道堆物、违建、设施损坏……",
    },
}
COLUMNS = {
    "conflict": ["事由", "类别", "风险", "状态", "当事人", "涉及户", "发现日期", "化解日期", "负责人"],
    "resource": ["类别", "名称 / 姓名", "特长 / 能提供", "联系人", "电话", "状态"],
    "issue": ["类别", "楼栋", "地点", "状态", "发现日期", "解决日期", "情况说明"],
}


def _cells(kind: str, r) -> list[str]:
    d = lambda day: day.isoformat() if day else ""  # noqa: E731
    if kind == "conflict":
        return [r.title, r.kind_label, r.risk_label, r.status_label, r.parties, "；".join(r.addresses),
                d(r.found_on), d(r.resolved_on), r.staff or ""]
    if kind == "resource":
        return [r.kind_label, r.name, r.skills, r.contact_person, r.phone, "可用" if r.active else "停用"]
    return [r.kind_label, r.building, r.place, r.status_label, d(r.found_on), d(r.resolved_on), r.notes]


class RegisterTab(QWidget):
    def __init__(self, ctx: AppContext, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.rows: list = []
        intro = QLabel(TEXT["intro"][kind])
        intro.setStyleSheet("color: #555;")
        self.add_button = QPushButton(TEXT["add"] + TEXT[kind])
        self.edit_button = QPushButton(TEXT["edit"])
        self.can_edit = gate(ctx, Permission.EDIT, self.add_button, self.edit_button)  # 只读: read the register
        self.open_only = QCheckBox(TEXT["open_only"])
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        if kind != "resource":
            bar.addWidget(self.open_only)
        bar.addStretch()
        bar.addWidget(self.count)
        self.table = QTableWidget(0, len(COLUMNS[kind]))
        self.table.setHorizontalHeaderLabels(COLUMNS[kind])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(self.edit_current)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.edit_current())
        self.open_only.toggled.connect(lambda _on: self.refresh())

    def _load(self):
        db, open_only = self.ctx.db, self.open_only.isChecked()
        if self.kind == "conflict":
            return registers.list_conflicts(db, open_only=open_only)
        if self.kind == "resource":
            return registers.list_resources(db)
        return registers.list_environment_issues(db, open_only=open_only)

    def refresh(self) -> None:
        self.ctx.runner.run(self._load, self.show_rows, parent=self)

    def show_rows(self, rows: list) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(_cells(self.kind, row)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        for j in range(self.table.columnCount()):
            self.table.setColumnWidth(j, max(64, min(self.table.columnWidth(j), 260)))
        self.count.setText(TEXT["count"].format(n=len(rows)))
        self.edit_button.setEnabled(bool(rows) and self.can_edit)

    def edit_current(self) -> None:
        i = self.table.currentRow()
        if 0 <= i < len(self.rows):
            self.open_dialog(self.rows[i])

    def open_dialog(self, row) -> RegisterDialog | None:
        """The add (row None) or edit dialog, not modal; None for a user who may not change data."""
        if not self.can_edit:  # also a double-click
            return None
        dialog = RegisterDialog(self.ctx, self.kind, row, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog


class RegistersPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.conflicts = RegisterTab(ctx, "conflict")
        self.resources = RegisterTab(ctx, "resource")
        self.issues = RegisterTab(ctx, "issue")
        for tab in (self.conflicts, self.resources, self.issues):
            self.tabs.addTab(tab, TEXT[tab.kind])
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, what: str) -> None:
        if what in ("registers", "roster"):
            self.refresh()

    def refresh(self) -> None:
        for tab in (self.conflicts, self.resources, self.issues):
            tab.refresh()


def create_page(ctx: AppContext) -> QWidget:
    return RegistersPage(ctx)
