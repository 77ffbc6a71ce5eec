"""The quick visit form (走访记录): opened from the due list, a household or a resident.

Date, staff (one or more), mode, who was met, the 5必做 / 3必知 items touched, what was
seen, notes, needs raised (each becomes a need record) and the next step.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QGridLayout, QHBoxLayout,
                               QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QTableWidget, QVBoxLayout, QWidget)

from ...domain.checklist import MUST_DO, MUST_KNOW
from ...domain.visits import VisitMode
from ...services.errors import ValidationFailed
from ...services.needs import list_categories
from ...services.search import household_members
from ...services.staff import list_staff
from ...services.visits import NeedDraft, VisitInput, record_visit
from ..context import AppContext
from ..runner import show_error
from ..widgets.buttons import SB, button_box
from ..widgets.dates import from_qdate, to_qdate
from ..widgets.form import ValidatedForm

TEXT = {
    "title": "登记走访 — {address}",
    "date": "走访日期", "staff": "走访人员", "mode": "走访方式", "met": "见到的人",
    "met_hint": "如：王阿婆及其女儿（也可在上面勾选家庭成员）",
    "must_do": "5必做", "must_know": "3必知",
    "observations": "看到、听到的情况", "notes": "备注", "next_step": "下一步",
    "needs": "提出的诉求",
    "need_columns": ["类别", "诉求内容"],
    "add_need": "添加诉求", "remove_need": "删除所选诉求",
    "next_hint": "如：下周联系物业上门维修",
}


class VisitDialog(QDialog):
    """Fill and save one visit. `saved_id` holds the new visit's id after accept()."""

    def __init__(self, ctx: AppContext, household_id: int, address: str = "",
                 staff_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.saved_id: int | None = None
        self._data: VisitInput | None = None
        self.setWindowTitle(TEXT["title"].format(address=address))
        today = ctx.db.clock.today()
        staff = ctx.runner.call(lambda: list_staff(ctx.db))
        members = ctx.runner.call(lambda: household_members(ctx.db, household_id))
        self.categories = ctx.runner.call(lambda: list_categories(ctx.db))

        self.form = ValidatedForm()
        self.date_edit = QDateEdit(to_qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(to_qdate(today))
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.form.add_row("visit_date", TEXT["date"], self.date_edit)
        self.staff_list = QListWidget()
        self.staff_list.setFlow(QListWidget.Flow.LeftToRight)
        self.staff_list.setWrapping(True)
        self.staff_list.setMaximumHeight(64)
        for info in staff:
            item = QListWidgetItem(info.name)
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if info.id == staff_id else Qt.CheckState.Unchecked)
            self.staff_list.addItem(item)
        self.form.add_row("staff_ids", TEXT["staff"], self.staff_list)
        self.mode_box = QComboBox()
        for mode in VisitMode:
            self.mode_box.addItem(mode.label, mode.value)
        self.form.add_row("mode", TEXT["mode"], self.mode_box)
        met_box = QWidget()
        met_layout = QVBoxLayout(met_box)
        met_layout.setContentsMargins(0, 0, 0, 0)
        self.member_checks: list[tuple[QCheckBox, int]] = []
        row = QHBoxLayout()
        for member in members:
            check = QCheckBox(member.name)
            self.member_checks.append((check, member.id))
            row.addWidget(check)
        row.addStretch(1)
        met_layout.addLayout(row)
        self.met_edit = QLineEdit()
        self.met_edit.setPlaceholderText(TEXT["met_hint"])
        met_layout.addWidget(self.met_edit)
        self.form.add_row("resident_ids", TEXT["met"], met_box)
        self.must_do_checks = self._checks(MUST_DO)
        self.form.add_row("must_do", TEXT["must_do"], self._grid(self.must_do_checks, 3))
        self.must_know_checks = self._checks(MUST_KNOW)
        self.form.add_row("must_know", TEXT["must_know"], self._grid(self.must_know_checks, 3))
        self.observations_edit = self._text(70)
        self.form.add_row("observations", TEXT["observations"], self.observations_edit)
        self.notes_edit = self._text(50)
        self.form.add_row("notes", TEXT["notes"], self.notes_edit)
        self.form.add_row("needs", TEXT["needs"], self._needs_box())
        self.next_edit = QLineEdit()
        self.next_edit.setPlaceholderText(TEXT["next_hint"])
        self.form.add_row("next_step", TEXT["next_step"], self.next_edit)

        self.buttons = button_box(SB.Save | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.resize(720, 760)

    @staticmethod
    def _checks(items) -> list[tuple[QCheckBox, str]]:
        out = []
        for item in items:
            check = QCheckBox(item.label)
            check.setToolTip(item.text)
            out.append((check, item.code))
        return out

    @staticmethod
    def _grid(checks, columns: int) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, (check, _code) in enumerate(checks):
            grid.addWidget(check, i // columns, i % columns)
        return box

    @staticmethod
    def _text(height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setFixedHeight(height)
        edit.setTabChangesFocus(True)
        return edit

    def _needs_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.needs_table = QTableWidget(0, 2)
        self.needs_table.setHorizontalHeaderLabels(TEXT["need_columns"])
        self.needs_table.horizontalHeader().setStretchLastSection(True)
        self.needs_table.verticalHeader().hide()
        self.needs_table.setFixedHeight(100)
        layout.addWidget(self.needs_table)
        row = QHBoxLayout()
        self.add_need_button = QPushButton(TEXT["add_need"])
        self.add_need_button.clicked.connect(lambda: self.add_need())
        remove = QPushButton(TEXT["remove_need"])
        remove.clicked.connect(self._remove_need)
        row.addWidget(self.add_need_button)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def add_need(self, category: str | None = None, description: str = "") -> int:
        """Add a need row (category by name) and return its row number."""
        row = self.needs_table.rowCount()
        self.needs_table.insertRow(row)
        combo = QComboBox()
        for c in self.categories:
            combo.addItem(c.name, c.id)
        if category:
            combo.setCurrentIndex(max(0, combo.findText(category)))
        self.needs_table.setCellWidget(row, 0, combo)
        edit = QLineEdit(description)
        self.needs_table.setCellWidget(row, 1, edit)
        edit.setFocus()
        return row

    def _remove_need(self) -> None:
        row = self.needs_table.currentRow()
        if row >= 0:
            self.needs_table.removeRow(row)

    def set_checked(self, codes: set[str]) -> None:
        """Tick 5必做 / 3必知 items by code (used by callers that know what was covered)."""
        for check, code in self.must_do_checks + self.must_know_checks:
            check.setChecked(code in codes)

    def visit_input(self) -> VisitInput:
        staff_ids = [self.staff_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.staff_list.count())
                     if self.staff_list.item(i).checkState() == Qt.CheckState.Checked]
        needs = []
        for row in range(self.needs_table.rowCount()):
            combo, edit = self.needs_table.cellWidget(row, 0), self.needs_table.cellWidget(row, 1)
            if edit.text().strip():
                needs.append(NeedDraft(category_id=combo.currentData(), description=edit.text()))
        return VisitInput(
            household_id=self.household_id, visit_date=from_qdate(self.date_edit.date()), staff_ids=staff_ids,
            mode=self.mode_box.currentData(), met_whom=self.met_edit.text(),
            resident_ids=[rid for check, rid in self.member_checks if check.isChecked()],
            must_do=[code for check, code in self.must_do_checks if check.isChecked()],
            must_know=[code for check, code in self.must_know_checks if check.isChecked()],
            observations=self.observations_edit.toPlainText(), notes=self.notes_edit.toPlainText(),
            next_step=self.next_edit.text(), needs=needs, created_by=self.ctx.db.actor,
        )

    def save(self) -> None:
        data = self._data = self.visit_input()
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        self.ctx.runner.run(lambda: record_visit(self.ctx.db, data), self._saved, self._failed, parent=self)

    def _saved(self, visit_id: int) -> None:
        self.buttons.setEnabled(True)
        self.saved_id = visit_id
        self.ctx.bus.changed.emit("visits")
        if self._data.needs:
            self.ctx.bus.changed.emit("needs")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        else:
            show_error(self, exc)


def open_visit_dialog(ctx: AppContext, household_id: int, address: str = "", staff_id: int | None = None,
                      parent: QWidget | None = None) -> int | None:
    """Show the visit form modally; the new visit's id, or None when cancelled."""
    dialog = VisitDialog(ctx, household_id, address, staff_id, parent)
    return dialog.saved_id if dialog.exec() == QDialog.DialogCode.Accepted else None


