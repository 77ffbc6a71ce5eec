"""必访清单: who must be visited, why and by when, for a staff member or grid and a day.

Double-click a line (or press 登记走访) to record the visit; the list refreshes and the
line changes state.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QTableView, QVBoxLayout, QWidget)

from ...domain.roles import Permission
from ...domain.visits import mode_label
from ...services.due import DueLine, due_list
from ...services.staff import list_grids, list_staff
from ..context import AppContext
from ..dialogs.visit_dialog import open_visit_dialog
from ..models.rows_table import RowsModel
from ..widgets.dates import from_qdate, to_qdate
from ..widgets.household_history import show_household_history
from ..widgets.permissions import gate

PAGE_ORDER = 20
PAGE_TITLE = "必访清单"

TEXT = {
    "staff": "居委干部", "grid": "网格", "date": "日期", "everyone": "（全部）",
    "all": "显示未到期和本期已访", "refresh": "刷新", "record": "登记走访…", "history": "走访记录…",
    "summary": "共 {n} 户：逾期 {overdue}，到期 {due}，即将到期 {coming}",
    "summary_all": "，未到期 {not_due}，本期已访 {done}",
    "loading": "正在计算……",
    "pick": "请先在清单中选中一户",
}
COLUMNS = [
    ("状态", lambda x: x.state_label),
    ("到期日", lambda x: x.due_date.isoformat()),
    ("地址", lambda x: x.address),
    ("居民", lambda x: "、".join(x.residents)),
    ("必访类别", lambda x: "、".join(x.rules)),
    ("上次走访", lambda x: _last(x)),
    ("原因", lambda x: x.reason),
    ("网格", lambda x: x.grid or ""),
    ("负责人", lambda x: x.staff or ""),
]
COL_STATE, COL_REASON = 0, 6
# text colour by state; overdue also gets a pale red background so it stands out
FOREGROUND = {"overdue": "#c62828", "due": "#d84315", "coming_up": "#8a5a00", "done": "#2e7d32",
              "not_due": "#6b6b6b"}
BACKGROUND = {"overdue": "#fbd3cf", "due": "#ffe0cc", "coming_up": "#fff4d6"}


def _last(line: DueLine) -> str:
    if line.last_visit_date is None:
        return "从未走访"
    who = f" {line.last_visit_staff}" if line.last_visit_staff else ""
    return f"{line.last_visit_date.isoformat()} {mode_label(line.last_visit_mode)}{who}"


class DuePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.staff_box = QComboBox()
        self.grid_box = QComboBox()
        self.date_edit = QDateEdit(to_qdate(ctx.db.clock.today()))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.all_check = QCheckBox(TEXT["all"])
        self.refresh_button = QPushButton(TEXT["refresh"])
        self.record_button = QPushButton(TEXT["record"])
        self.history_button = QPushButton(TEXT["history"])
        self.can_edit = gate(ctx, Permission.EDIT, self.record_button)  # 只读: the list and history only
        bar = QHBoxLayout()
        for label, widget in ((TEXT["staff"], self.staff_box), (TEXT["grid"], self.grid_box),
                              (TEXT["date"], self.date_edit)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.all_check)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.history_button)
        bar.addWidget(self.record_button)
        self.summary = QLabel()
        self.model = RowsModel(COLUMNS, foreground=lambda x: FOREGROUND.get(x.state),
                               background=lambda x: BACKGROUND.get(x.state), background_columns={COL_STATE})
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in enumerate((84, 90, 250, 110, 130, 190, 380, 80, 70)):
            self.table.setColumnWidth(col, width)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

        self._fill_pickers()
        for box in (self.staff_box, self.grid_box):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.all_check.toggled.connect(lambda _on: self.refresh())
        self.refresh_button.clicked.connect(self.refresh)
        self.record_button.clicked.connect(self.record_selected)
        self.history_button.clicked.connect(self.history_selected)
        self.table.doubleClicked.connect(lambda index: self.record_line(self.model.row_at(index.row())))
        ctx.bus.changed.connect(self._on_changed)
        self.refresh()

    def _fill_pickers(self) -> None:
        self.staff_box.addItem(TEXT["everyone"], None)
        for s in self.ctx.runner.call(lambda: list_staff(self.ctx.db)):
            self.staff_box.addItem(s.name, s.id)
        self.grid_box.addItem(TEXT["everyone"], None)
        for g in self.ctx.runner.call(lambda: list_grids(self.ctx.db)):
            self.grid_box.addItem(g.name if not g.staff else f"{g.name}（{g.staff}）", g.id)

    def _on_changed(self, what: str) -> None:
        if what in ("visits", "roster", "rules", "tags"):
            self.refresh()

    def refresh(self) -> None:
        staff_id, grid_id = self.staff_box.currentData(), self.grid_box.currentData()
        day, everything = from_qdate(self.date_edit.date()), self.all_check.isChecked()
        self.summary.setText(TEXT["loading"])
        self.ctx.runner.run(lambda: due_list(self.ctx.db, staff_id=staff_id, grid_id=grid_id, day=day,
                                             include_not_due=everything), self._show, parent=self)

    def _show(self, lines: list[DueLine]) -> None:
        self.model.set_rows(lines)
        counts = {s: 0 for s in FOREGROUND}
        for line in lines:
            counts[line.state] += 1
        text = TEXT["summary"].format(n=len(lines), overdue=counts["overdue"], due=counts["due"],
                                      coming=counts["coming_up"])
        if self.all_check.isChecked():
            text += TEXT["summary_all"].format(not_due=counts["not_due"], done=counts["done"])
        self.summary.setText(text)

    def selected_line(self) -> DueLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def record_selected(self) -> None:
        if not self.can_edit:
            return
        line = self.selected_line()
        if line is None:
            self.summary.setText(TEXT["pick"])
            return
        self.record_line(line)

    def record_line(self, line: DueLine | None) -> None:
        if line is None or not self.can_edit:  # a double-click by a 只读 user does nothing
            return
        open_visit_dialog(self.ctx, line.household_id, line.address, self.staff_box.currentData(), self)

    def history_selected(self) -> None:
        line = self.selected_line()
        if line is None:
            self.summary.setText(TEXT["pick"])
            return
        show_household_history(self.ctx, line.household_id, line.address, self)


def create_page(ctx: AppContext) -> QWidget:
    return DuePage(ctx)
