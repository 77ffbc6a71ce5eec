"""A household's visit history and needs, for any screen that shows a household.

`HouseholdHistory(ctx)` is a widget with `load(household_id)` (or `load_resident(id)`
for the visits that met a resident or went to their household); the roster's household
and resident panels may embed it. `show_household_history(ctx, household_id)` opens it in a dialog
with a button to record a new visit.

Voided visits (已作废) stay in the list, grey and struck through. Users who may change
data get 修改 / 作废 for the selected visit (ui/dialogs/visit_dialog.py in its edit mode,
ui/dialogs/void_visit_dialog.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from ...domain.roles import Permission
from ...services.needs import NeedRow, household_needs
from ...services.visits import VisitRow, household_visits, resident_visits
from ..context import AppContext
from ..models.rows_table import RowsModel
from .buttons import SB, button_box

TEXT = {
    "visits": "走访记录（最近在前）", "needs": "民情诉求",
    "open_only": "只看未办结", "all": "全部诉求",
    "record": "登记走访…", "need": "登记诉求…", "close": "关闭", "title": "走访记录与诉求 — {address}",
    "no_visits": "尚无走访记录", "count": "共 {n} 次走访", "voided_count": "（另有 {n} 条已作废）",
    "edit": "修改所选走访…", "void": "作废所选走访…",
    "pick": "选中一条走访记录后可修改或作废。",
    "voided_info": "该记录已由 {who} 于 {when:%Y-%m-%d %H:%M} 作废，原因：{reason}",
}
VISIT_COLUMNS = [
    ("状态", lambda v: v.status_label),
    ("日期", lambda v: v.visit_date.isoformat()),
    ("方式", lambda v: v.mode_label),
    ("走访人", lambda v: v.staff_text),
    ("见到", lambda v: "、".join(filter(None, (v.met_whom, "、".join(v.residents_met))))),
    ("情况", lambda v: "；".join(filter(None, (v.observations, v.notes)))),
    ("5必做/3必知", lambda v: "、".join(v.must_do + v.must_know)),
    ("下一步", lambda v: v.next_step),
    ("诉求", lambda v: v.need_count or ""),
]
VOIDED_COLOUR = "#9e9e9e"
VOIDED_LABEL_COLOUR = "#b71c1c"
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


class VisitsModel(RowsModel):
    """Visit rows; a voided visit is grey and struck through, its tooltip says why."""

    def __init__(self):
        super().__init__(VISIT_COLUMNS, foreground=lambda v: VOIDED_COLOUR if v.voided else None)
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and self.rows[index.row()].voided:
            visit = self.rows[index.row()]
            if role == Qt.ItemDataRole.FontRole and index.column() > 0:
                return self._struck
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
                return self._brush(VOIDED_LABEL_COLOUR)  # the word 已作废 itself stands out
            if role == Qt.ItemDataRole.ToolTipRole:
                return voided_text(visit)
        return super().data(index, role)


def voided_text(visit: VisitRow) -> str:
    return TEXT["voided_info"].format(who=visit.voided_by or "—", when=visit.voided_at, reason=visit.void_reason)


class HouseholdHistory(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id: int | None = None
        self.resident_id: int | None = None
        self.open_only = True
        self.visits_label = QLabel(TEXT["visits"])
        self.visits_model = VisitsModel()
        self.visits_view = _table(self.visits_model, (56, 90, 60, 110, 110, 300, 150, 150, 40), stretch=5)
        self.visits_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.visits_view.selectionModel().selectionChanged.connect(lambda *_: self._update_visit_actions())
        self.can_edit = ctx.can(Permission.EDIT)  # 只读 users see the history, never the actions
        self.visit_info = QLabel()
        self.visit_info.setStyleSheet("color: #666;")
        self.visit_info.setWordWrap(True)
        self.edit_button = QPushButton(TEXT["edit"])
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button = QPushButton(TEXT["void"])
        self.void_button.clicked.connect(self.void_selected)
        visit_bar = QHBoxLayout()
        visit_bar.addWidget(self.visit_info, 1)
        for button in (self.edit_button, self.void_button):
            button.setVisible(self.can_edit)
            visit_bar.addWidget(button)
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
        layout.addLayout(visit_bar)
        layout.addLayout(needs_bar)
        layout.addWidget(self.needs_view, 2)
        ctx.bus.changed.connect(lambda what: self.reload() if what in ("visits", "needs") else None)
        self._update_visit_actions()

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
        chosen = self.selected_visit()
        self.visits_model.set_rows(visits)
        if chosen is not None:  # keep the same visit selected after a reload (e.g. once it is voided)
            self.select_visit(chosen.id)
        counted = sum(1 for v in visits if not v.voided)
        text = TEXT["count"].format(n=counted) if counted else TEXT["no_visits"]
        if counted < len(visits):
            text += TEXT["voided_count"].format(n=len(visits) - counted)
        self.visits_label.setText(f"{TEXT['visits']}　{text}")
        self.needs_model.set_rows(needs)
        self._update_visit_actions()

    def selected_visit(self) -> VisitRow | None:
        rows = self.visits_view.selectionModel().selectedRows()
        return self.visits_model.row_at(rows[0].row()) if rows else None

    def select_visit(self, visit_id: int) -> bool:
        for row, visit in enumerate(self.visits_model.rows):
            if visit.id == visit_id:
                self.visits_view.selectRow(row)
                return True
        return False

    def _update_visit_actions(self) -> None:
        visit = self.selected_visit()
        usable = visit is not None and not visit.voided
        self.edit_button.setEnabled(usable)
        self.void_button.setEnabled(usable)
        if visit is not None and visit.voided:
            self.visit_info.setText(voided_text(visit))
        else:
            self.visit_info.setText(TEXT["pick"] if self.can_edit and visit is None else "")

    def edit_selected(self) -> None:
        from ..dialogs.visit_dialog import open_visit_editor  # dialogs import widgets

        visit = self.selected_visit()
        if visit is not None and not visit.voided and self.can_edit:
            open_visit_editor(self.ctx, visit.id, self)  # a save announces "visits": the list reloads

    def void_selected(self) -> None:
        from ..dialogs.void_visit_dialog import ask_void_visit

        visit = self.selected_visit()
        if visit is not None and not visit.voided and self.can_edit:
            ask_void_visit(self.ctx, visit, self)


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
    buttons = button_box(SB.Close)
    buttons.rejected.connect(dialog.reject)
    if ctx.can(Permission.EDIT):
        record = QPushButton(TEXT["record"])
        record.clicked.connect(lambda: open_visit_dialog(ctx, household_id, address, parent=dialog))
        buttons.addButton(record, buttons.ButtonRole.ActionRole)
        need = QPushButton(TEXT["need"])
        need.clicked.connect(lambda: NeedDialog(ctx, household_id, address, dialog).exec())
        buttons.addButton(need, buttons.ButtonRole.ActionRole)
    layout = QVBoxLayout(dialog)
    layout.addWidget(history)
    layout.addWidget(buttons)
    dialog.resize(900, 600)
    dialog.exec()
