"""报表: pick a report and its period, see the figures, charts and lists; save PDF or .xlsx."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
    QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.roles import Permission
from ...services import reports as R
from ...services.tags import list_tags
from ..context import AppContext
from ..widgets.permissions import gate
from ..widgets.report_chart import chart_widget

PAGE_ORDER = 60
PAGE_TITLE = "报表"
ANY_AGE = "不限"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class ReportsPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.report: R.Report | None = None
        self.report_box = QComboBox()
        for spec in R.REPORTS.values():
            self.report_box.addItem(spec.title, spec.key)
        self.start_edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.end_edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.run_button = QPushButton("生成")
        self.pdf_button = QPushButton("保存 PDF…", enabled=False)
        self.xlsx_button = QPushButton("保存 Excel…", enabled=False)
        self.can_export = gate(ctx, Permission.EXPORT, self.xlsx_button)  # a PDF is printing: everyone
        self.description = QLabel(wordWrap=True)
        self.description.setStyleSheet("color:#555")
        self.status = QLabel()
        # tag screening options
        self.options = QGroupBox("筛查条件")
        self.tag_list = QListWidget()
        self.tag_list.setFlow(QListWidget.Flow.LeftToRight)
        self.tag_list.setWrapping(True)
        self.tag_list.setMaximumHeight(70)
        self.match_all = QCheckBox("须同时具备所选标签")
        self.age_min, self.age_max = QSpinBox(), QSpinBox()
        for box in (self.age_min, self.age_max):
            box.setRange(-1, 120)
            box.setValue(-1)
            box.setSpecialValueText(ANY_AGE)
        option_row = QHBoxLayout(self.options)
        option_row.addWidget(self.tag_list, 3)
        ages = QFormLayout()
        ages.addRow("最小年龄", self.age_min)
        ages.addRow("最大年龄", self.age_max)
        ages.addRow(self.match_all)
        option_row.addLayout(ages, 1)
        # results
        self.figures = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.spaces = QPlainTextEdit(readOnly=True)
        self.charts = QVBoxLayout()
        self.table_box = QComboBox()
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)

        top = QHBoxLayout()
        for widget in (QLabel("报表"), self.report_box, QLabel("起始"), self.start_edit, QLabel("截止"),
                       self.end_edit, self.run_button, self.pdf_button, self.xlsx_button):
            top.addWidget(widget)
        top.addStretch(1)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.addWidget(self.figures)
        left_column.addLayout(self.charts, 1)
        left_column.addWidget(self.spaces, 1)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.addWidget(self.table_box)
        right_column.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 860])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.description)
        layout.addWidget(self.options)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.report_box.currentIndexChanged.connect(self.report_changed)
        self.start_edit.dateChanged.connect(self._month_follows)
        self.run_button.clicked.connect(self.run)
        self.table_box.currentIndexChanged.connect(self.show_table)
        self.pdf_button.clicked.connect(lambda: self.save(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save(".xlsx"))
        for tag in list_tags(ctx.db):
            item = QListWidgetItem(tag.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.tag_list.addItem(item)
        self.report_changed()

    def spec(self) -> R.ReportSpec:
        return R.REPORTS[self.report_box.currentData()]

    def report_changed(self, *_args) -> None:
        spec = self.spec()
        start, end = R.default_period(spec, self.ctx.db.clock.today())
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(end))
        self.start_edit.setEnabled(spec.period != "date")
        self.end_edit.setEnabled(spec.period != "month")
        self.description.setText(spec.description + ("（月报取起始日期所在月份）" if spec.period == "month" else ""))
        self.options.setVisible(spec.key == "tags")

    def _month_follows(self, date: QDate) -> None:
        if self.spec().period == "month":
            self.end_edit.setDate(_qdate(R.month_end(_date(date))))

    def select_tags(self, names: list[str]) -> None:
        for i in range(self.tag_list.count()):
            item = self.tag_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)

    def options_for(self, spec: R.ReportSpec) -> dict:
        if spec.key != "tags":
            return {}
        tags = [self.tag_list.item(i).text() for i in range(self.tag_list.count())
                if self.tag_list.item(i).checkState() == Qt.CheckState.Checked]
        return {"tags": tags, "match_all": self.match_all.isChecked(),
                "age_min": None if self.age_min.value() < 0 else self.age_min.value(),
                "age_max": None if self.age_max.value() < 0 else self.age_max.value()}

    def run(self) -> None:
        spec = self.spec()
        start, end = _date(self.start_edit.date()), _date(self.end_edit.date())
        options = self.options_for(spec)
        self.status.setText("正在计算…")
        self.ctx.runner.run(lambda: R.run_report(self.ctx.db, spec.key, start, end, **options),
                            self.show_report, parent=self)

    def show_report(self, report: R.Report) -> None:
        self.report = report
        self.status.setText("")
        lines = [f"<b>{report.title}</b>　{report.period}"]
        lines += [f"{label}：<b>{value}</b>" for label, value in report.figures]
        self.figures.setText("<br>".join(lines))
        while self.charts.count():
            widget = self.charts.takeAt(0).widget()
            if widget:
                widget.deleteLater()
        for chart in report.charts:
            self.charts.addWidget(chart_widget(chart))
        text = []
        for space in report.spaces:
            text.append(space.heading)
            text += [f"　{fact}" for fact in space.facts]
            text.append("")
        text += list(report.notes)
        self.spaces.setPlainText("\n".join(text))
        self.spaces.setVisible(bool(text))
        self.table_box.blockSignals(True)
        self.table_box.clear()
        for table in report.tables:
            self.table_box.addItem(f"{table.title}（{len(table.rows)}）")
        self.table_box.blockSignals(False)
        self.show_table()
        self.pdf_button.setEnabled(True)
        self.xlsx_button.setEnabled(self.can_export)

    def show_table(self, *_args) -> None:
        index = self.table_box.currentIndex()
        if self.report is None or not (0 <= index < len(self.report.tables)):
            self.table.setRowCount(0)
            return
        table = self.report.tables[index]
        self.table.setUpdatesEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(table.columns))
        self.table.setHorizontalHeaderLabels([c.title for c in table.columns])
        self.table.setRowCount(len(table.rows))
        for i, row in enumerate(table.rows):
            for j, value in enumerate(row):
                item = QTableWidgetItem("" if value is None else str(value))
                if table.columns[j].align == "right":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        self.table.setUpdatesEnabled(True)

    def save(self, suffix: str) -> None:
        report = self.report
        if report is None or (suffix == ".xlsx" and not self.can_export):
            return
        kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 文件 (*.xlsx)"
        path, _ = QFileDialog.getSaveFileName(self, "保存报表", f"{report.title}_{report.period}{suffix}", kind)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        self.ctx.runner.run(lambda: R.save_report(report, path, db=self.ctx.db), lambda pages: self.status.setText(
            f"已保存：{path}" + (f"（{pages} 页）" if pages else "")), parent=self)


def create_page(ctx: AppContext) -> QWidget:
    return ReportsPage(ctx)
