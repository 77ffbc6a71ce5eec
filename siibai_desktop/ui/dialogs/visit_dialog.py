"""The quick visit form (走访记录): opened from the due list, a household or a resident.

Date, staff (one or more), mode, who was met, the 5必做 / 3必知 items touched, what was
seen, notes, needs raised (each becomes a need record) and the next step.

With `visit_id` the same form corrects a saved visit (修改): filled from the record, the
household can be changed, needs are not edited here (they are records of their own), and
a save refused because someone else changed the visit shows the conflict dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
                               QTableWidget, QVBoxLayout, QWidget)

from ...domain.checklist import MUST_DO, MUST_KNOW
from ...domain.roles import Permission
from ...domain.visits import VisitMode
from ...services.errors import ValidationFailed
from ...services.needs import list_categories
from ...services.search import household_members
from ...services.staff import list_staff
from ...services.visit_edits import VisitForm, update_visit, visit_form
from ...services.visits import NeedDraft, VisitInput, record_visit
from ..context import AppContext
from ..runner import show_error
from ..widgets.buttons import SB, button_box
from ..widgets.dates import from_qdate, to_qdate
from ..widgets.form import ValidatedForm
from ..widgets.household_picker import pick_household
from .conflict_dialog import report_save_failure

TEXT = {
    "title": "登记走访 — {address}", "edit_title": "修改走访记录 — {address}",
    "household": "走访的户", "change_household": "（点击改为其他户）",
    "needs_kept": "本次走访登记了 {n} 条诉求。诉求是单独的记录，请在“民情诉求”中办理或修改；"
                  "改户、改日期时它们随之改到新户、新日期。",
    "no_needs": "本次走访没有登记诉求。如需登记，请在“民情诉求”中另行登记。",
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
    """Fill and save one visit. `saved_id` holds the visit's id after accept().

    `visit_id` opens a saved visit for correction (its household and address are read
    from the record; `household_id` and `address` are then ignored).
    """

    def __init__(self, ctx: AppContext, household_id: int | None, address: str = "",
                 staff_id: int | None = None, parent: QWidget | None = None, visit_id: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.visit_id = visit_id
        self.saved_id: int | None = None
        self._data: VisitInput | None = None
        self.loaded: VisitForm | None = None
        if visit_id is not None:
            self.loaded = ctx.runner.call(lambda: visit_form(ctx.db, visit_id))
            household_id, address = self.loaded.data.household_id, self.loaded.address
        self.household_id = household_id
        self.setWindowTitle(TEXT["edit_title" if self.editing else "title"].format(address=address))
        today = ctx.db.clock.today()
        staff = ctx.runner.call(lambda: list_staff(ctx.db, active_only=not self.editing))
        if self.loaded is not None:  # staff who have since left still show on their own visits
            staff = [s for s in staff if s.active or s.id in self.loaded.data.staff_ids]
        self.categories = ctx.runner.call(lambda: list_categories(ctx.db))

        self.form = ValidatedForm()
        if self.editing:
            self.household_button = QPushButton(f"{address}　{TEXT['change_household']}")
            self.household_button.clicked.connect(self._pick_household)
            self.form.add_row("household_id", TEXT["household"], self.household_button)
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
        self.members_row = QHBoxLayout()
        met_layout.addLayout(self.members_row)
        self._show_members(household_id)
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
        if self.editing:
            count = self.loaded.need_count
            kept = QLabel(TEXT["needs_kept"].format(n=count) if count else TEXT["no_needs"])
            kept.setWordWrap(True)
            kept.setStyleSheet("color: #555;")
            self.form.add_row("needs", TEXT["needs"], kept)
        else:
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
        if self.loaded is not None:
            self._fill(self.loaded.data)

    @property
    def editing(self) -> bool:
        return self.visit_id is not None

    def _show_members(self, household_id: int | None) -> None:
        """One tick box per household member (rebuilt when the household is changed)."""
        for check, _rid in self.member_checks:
            self.members_row.removeWidget(check)
            check.deleteLater()
        while self.members_row.count():
            self.members_row.takeAt(0)
        self.member_checks = []
        members = self.ctx.runner.call(lambda: household_members(self.ctx.db, household_id)) if household_id else []
        for member in members:
            check = QCheckBox(member.name)
            self.member_checks.append((check, member.id))
            self.members_row.addWidget(check)
        self.members_row.addStretch(1)

    def _pick_household(self) -> None:
        info = pick_household(self.ctx, self)
        if info is not None and info.id != self.household_id:
            self.household_id = info.id
            self.household_button.setText(f"{info.address}　{TEXT['change_household']}")
            self._show_members(info.id)

    def _fill(self, data: VisitInput) -> None:
        """Show a saved visit's values in the form."""
        self.date_edit.setDate(to_qdate(data.visit_date))
        for i in range(self.staff_list.count()):
            item = self.staff_list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in data.staff_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.mode_box.setCurrentIndex(max(0, self.mode_box.findData(data.mode)))
        for check, rid in self.member_checks:
            check.setChecked(rid in data.resident_ids)
        self.met_edit.setText(data.met_whom)
        self.set_checked(set(data.must_do) | set(data.must_know))
        self.observations_edit.setPlainText(data.observations)
        self.notes_edit.setPlainText(data.notes)
        self.next_edit.setText(data.next_step)

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
        for row in range(self.needs_table.rowCount() if not self.editing else 0):
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
            next_step=self.next_edit.text(), needs=needs,
            created_by=self.loaded.data.created_by if self.loaded else self.ctx.db.actor,
        )

    def save(self) -> None:
        data = self._data = self.visit_input()
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        db, user, vid = self.ctx.db, self.ctx.user, self.visit_id
        version = self.loaded.version if self.loaded else None

        def work() -> int:
            if vid is None:
                return record_visit(db, data)
            update_visit(db, vid, data, version, user=user)
            return vid

        self.ctx.runner.run(work, self._saved, self._failed, parent=self)

    def _saved(self, visit_id: int) -> None:
        self.buttons.setEnabled(True)
        self.saved_id = visit_id
        self.ctx.bus.changed.emit("visits")
        if self._data.needs or self.editing:  # a correction may move the visit's needs along
            self.ctx.bus.changed.emit("needs")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if self.editing:  # a conflict shows what the other PC saved; 重新载入 closes and reloads the list
            report_save_failure(self, self.form, exc, self.ctx.bus, "visits")
        elif isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        else:
            show_error(self, exc)


def open_visit_dialog(ctx: AppContext, household_id: int, address: str = "", staff_id: int | None = None,
                      parent: QWidget | None = None) -> int | None:
    """Show the visit form modally; the new visit's id, or None when cancelled (or the user
    may not change data)."""
    if not ctx.can(Permission.EDIT):
        return None
    dialog = VisitDialog(ctx, household_id, address, staff_id, parent)
    return dialog.saved_id if dialog.exec() == QDialog.DialogCode.Accepted else None


def open_visit_editor(ctx: AppContext, visit_id: int, parent: QWidget | None = None) -> bool:
    """Show a saved visit for correction (修改); True when it was saved."""
    if not ctx.can(Permission.EDIT):
        return False
    dialog = VisitDialog(ctx, None, parent=parent, visit_id=visit_id)
    return dialog.exec() == QDialog.DialogCode.Accepted


