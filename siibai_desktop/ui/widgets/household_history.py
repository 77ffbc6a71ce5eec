"""A household's visit history and needs, for any screen that shows a household.

`HouseholdHistory(ctx)` is a widget with `load(household_id)` (or `load_resident(id)`
for the visits that met a resident or went to their household); the roster's household
and resident panels may embed it. `show_household_history(ctx, household_id)` opens it in a dialog
with a button to record a new visit.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ...services.needs import NeedRow, household_needs
from ...services.visits import VisitRow, household_visits, resident_visits
from ..context import AppContext
from ..models.rows_table import RowsModel
from .buttons import SB, button_box

TEXT = {
    "visits": "走访记录（最近在前）", "needs": "民情诉求",
    "open_only": "只看未办结", "all": "全部诉求",
    "record": "登记走访…", "need": "登记诉求…", "close": "关闭", "title": "走访记录与诉求 — {address}",
    "no_visits": "尚无走访记录", "count": "共 {n} 次走访",
}
VISIT_COLUMNS = [
    ("日期", lambda v: v.visit_date.isoformat()),
    ("方式", lambda v: v.mode_label),
    ("走访人", lambda v: v.staff_text),
    ("见到", lambda v: "、".join(filter(None, (v.met_whom, "、".join(v.residents_met))))),
    ("情况", lambda v: "；".join(filter(None, (v.observations, v.notes)))),
    ("5必做/3必知", lambda v: "、".join(v.must_do + v.must_know)),
    ("下一步", lambda v: v.next_step),
    ("诉求", lambda v: v.need_count or ""),
]
NEED_COLUMNS = [
    ("状态", lambda n: n.status_label + (f"（逾期{n.overdue_days}天）" if n.overdue else "")),
    ("类别", lambda n: n.category),
    ("内容", lambda n: n.description),
    ("提出", lambda n: n.raised_on.isoformat()),
    ("期限", lambda n: n.deadline.isoformat() if n.deadline else ""),
    ("负责人", lambda n: n.owner or ""),
]


def _table(model: RowsModel, widths: tuple[int, ...], stretch: int) -> QTableView:
    """A read-only table; column `stretch` takes the spare width (the free text)."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    header = view.horizontalHeader()
    for col, width in enumerate(widths):
        view.setColumnWidth(col, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class HouseholdHistory(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: int | None = None
        self.resident_id: int | None = None
        self.open_only = True
        self.visits_label = QLabel(TEXT["visits"])
        self.visits_model = RowsModel(VISIT_COLUMNS)
        self.visits_view = _table(self.visits_model, (90, 60, 110, 110, 300, 150, 150, 40), stretch=4)
        self.needs_label = QLabel(TEXT["needs"])
        self.needs_model = RowsModel(NEED_COLUMNS, foreground=lambda n: "#c62828" if n.overdue else None)
        self.needs_view = _table(self.needs_model, (130, 80, 300, 90, 90, 80), stretch=2)
        self.toggle = QPushButton(TEXT["all"])
        self.toggle.clicked.connect(self._toggle)
        needs_bar = QHBoxLayout()
        needs_bar.addWidget(self.needs_label)
        needs_bar.addStretch(1)
        needs_bar.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.visits_label)
        layout.addWidget(self.visits_view, 3)
        layout.addLayout(needs_bar)
        layout.addWidget(self.needs_view, 2)
        ctx.bus.changed.connect(lambda what: self.reload() if what in ("visits", "needs") else None)

    def _toggle(self) -> None:
        self.open_only = not self.open_only
        self.toggle.setText(TEXT["all"] if self.open_only else TEXT["open_only"])
        self.reload()

    def load(self, household_id: int | None) -> None:
        self.household_id, self.resident_id = household_id, None
        self.reload()

    def load_resident(self, resident_id: int, household_id: int) -> None:
        """A resident's visits (met them or went to their household) and the household's needs."""
        self.household_id, self.resident_id = household_id, resident_id
        self.reload()

    def reload(self) -> None:
        hid, rid, open_only = self.household_id, self.resident_id, self.open_only
        if hid is None:
            self.visits_model.set_rows([])
            self.needs_model.set_rows([])
            return
        db = self.ctx.db

        def fetch():
            visits = resident_visits(db, rid) if rid is not None else household_visits(db, hid)
            return visits, household_needs(db, hid, open_only)

        self.ctx.runner.run(fetch, self._show, parent=self)

    def _show(self, result: tuple[list[VisitRow], list[NeedRow]]) -> None:
        visits, needs = result
        self.visits_model.set_rows(visits)
        self.visits_label.setText(f"{TEXT['visits']}　{TEXT['count'].format(n=len(visits)) if visits else TEXT['no_visits']}")
        self.needs_model.set_rows(needs)


def show_household_history(ctx: AppContext, household_id: int, address: str = "",
                           parent: QWidget | None = None) -> None:
    """A dialog with the household's visits and needs, and a button to record a visit."""
    # dialogs import widgets, so these are imported when called, not when this module loads
    from ..dialogs.need_dialog import NeedDialog
    from ..dialogs.visit_dialog import open_visit_dialog

    dialog = QDialog(parent)
    dialog.setWindowTitle(TEXT["title"].format(address=address))
    history = HouseholdHistory(ctx)
    history.load(household_id)
    record = QPushButton(TEXT["record"])
    record.clicked.connect(lambda: open_visit_dialog(ctx, household_id, address, parent=dialog))
    buttons = button_box(SB.Close)
    buttons.rejected.connect(dialog.reject)
    buttons.addButton(record, buttons.ButtonRole.ActionRole)
    need = QPushButton(TEXT["need"])
    need.clicked.connect(lambda: NeedDialog(ctx, household_id, address, dialog).exec())
    buttons.addButton(need, buttons.ButtonRole.ActionRole)
    layout = QVBoxLayout(dialog)
    layout.addWidget(history)
    layout.addWidget(buttons)
    dialog.resize(900, 600)
    dialog.exec()
