"""审计日志 (administrators): browse and filter the trail, check its hash chain, export it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...services import audit
from ..context import AppContext
from ..widgets.buttons import warn

PAGE_ORDER = 95
PAGE_TITLE = "审计日志"
LIMIT = 1000
TEXT = {
    "search": "查找（操作人、对象、详情）",
    "all_actors": "全部操作人", "all_actions": "全部操作",
    "from": "从", "to": "到", "use_dates": "按日期",
    "query": "查询", "verify": "校验完整性", "export": "导出…",
    "columns": ["序号", "时间", "操作人", "操作", "对象", "详情"],
    "count": "共 {n} 条{more}",
    "more": "，显示最近 {limit} 条",
    "export_title": "导出审计日志",
    "export_name": "审计日志-{date}.csv",
    "exported": "已导出 {n} 条到 {path}",
    "verify_title": "审计日志校验",
}



class AuditPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.text = QLineEdit()
        self.text.setPlaceholderText(TEXT["search"])
        self.text.returnPressed.connect(self.refresh)
        self.actor = QComboBox()
        self.action = QComboBox()
        self.action.addItem(TEXT["all_actions"], "")
        for code, label in audit.ACTION_LABELS.items():
            self.action.addItem(label, code)
        today = ctx.db.clock.today()
        self.use_dates = QCheckBox(TEXT["use_dates"])
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit, day in ((self.date_from, today - dt.timedelta(days=30)), (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(day.year, day.month, day.day))
        filters = QHBoxLayout()
        for w in (self.text, self.actor, self.action, self.use_dates, QLabel(TEXT["from"]), self.date_from,
                  QLabel(TEXT["to"]), self.date_to):
            filters.addWidget(w)
        self.query_button = QPushButton(TEXT["query"])
        self.verify_button = QPushButton(TEXT["verify"])
        self.export_button = QPushButton(TEXT["export"])
        self.query_button.clicked.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.export_button.clicked.connect(self.export)
        for b in (self.query_button, self.verify_button, self.export_button):
            filters.addWidget(b)
        self.table = QTableWidget(0, len(TEXT["columns"]))
        self.table.setHorizontalHeaderLabels(TEXT["columns"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._load_actors()
        self.refresh()

    def _load_actors(self) -> None:
        self.actor.clear()
        self.actor.addItem(TEXT["all_actors"], "")
        for name in audit.actors(self.ctx.db, self.ctx.user):
            self.actor.addItem(name, name)

    def current_filter(self) -> audit.AuditFilter:
        flt = audit.AuditFilter(text=self.text.text(), actor=self.actor.currentData() or "",
                                action=self.action.currentData() or "")
        if self.use_dates.isChecked():
            flt.date_from = self.date_from.date().toPython()
            flt.date_to = self.date_to.date().toPython()
        return flt

    def refresh(self) -> None:
        flt = self.current_filter()
        rows = audit.list_entries(self.ctx.db, self.ctx.user, flt, limit=LIMIT)
        total = audit.count_entries(self.ctx.db, self.ctx.user, flt)
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            values = (str(e.id), e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, e.action_label, e.target, e.detail)
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        more = TEXT["more"].format(limit=LIMIT) if total > LIMIT else ""
        self.count.setText(TEXT["count"].format(n=total, more=more))

    def verify(self) -> None:
        result = audit.verify_audit(self.ctx.db)
        warn(self, TEXT["verify_title"], result.message)

    def export(self, path: str | None = None) -> None:
        if not path:
            default = TEXT["export_name"].format(date=self.ctx.db.clock.today().strftime("%Y%m%d"))
            path, _ = QFileDialog.getSaveFileName(self, TEXT["export_title"], default, "CSV (*.csv)")
        if not path:
            return
        flt = self.current_filter()
        self.ctx.runner.run(lambda: audit.export_entries(self.ctx.db, self.ctx.user, path, flt),
                            lambda n: warn(self, TEXT["export_title"], TEXT["exported"].format(n=n, path=path)),
                            parent=self)


def create_page(ctx: AppContext) -> QWidget:
    return AuditPage(ctx)
