"""After the visit day: enter the visits from the returned sheets, fast.

Type the sheet's code and press Enter: the household shows. Tick the mode and the
5必做 / 3必知 items, type what was seen, press Enter: the visit is saved and the code
box is ready for the next sheet.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from ...domain.checklist import MUST_DO, MUST_KNOW
from ...domain.roles import Permission
from ...domain.visits import VisitMode
from ...services.clear_lists import mark_verified
from ...services.errors import UserError, ValidationFailed
from ...services.staff import list_staff
from ...services.visit_day import CodeHit, household_by_code
from ...services.visits import VisitInput, record_visit
from ..context import AppContext
from ..runner import show_error
from .dates import from_qdate, to_qdate
from .permissions import denied_text

TEXT = {
    "title": "走访后录入（输入走访单编号 → 勾选 → 回车保存）",
    "title_read_only": "走访后录入（只读账户不能录入走访）",
    "code": "走访单编号",
    "code_hint": "如 V7H-D74，回车查找",
    "date": "走访日期", "staff": "走访人", "mode": "走访方式",
    "must_do": "5必做", "must_know": "3必知",
    "verified": "户籍信息已核对（底数清）",
    "met": "见到的人", "notes": "走访情况",
    "notes_hint": "写下看到、听到的情况，回车保存",
    "save": "保存（回车）",
    "none": "请先输入走访单编号",
    "found": "{address}\n{residents}",
    "saved": "已保存第 {n} 户：{address}",
}
ERROR_STYLE = "color: #c62828;"
OK_STYLE = "color: #2e7d32;"


class QuickEntry(QGroupBox):
    saved = Signal(int)  # household id of the visit just saved

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(TEXT["title"], parent)
        self.ctx = ctx
        self.hit: CodeHit | None = None
        self.count = 0
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(TEXT["code_hint"])
        self.code_edit.setMaxLength(12)
        font = self.code_edit.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.code_edit.setFont(font)
        self.household_label = QLabel(TEXT["none"])
        self.household_label.setWordWrap(True)
        self.household_label.setMinimumHeight(40)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.staff_box = QComboBox()
        self.mode_box = QComboBox()
        for mode in VisitMode:
            self.mode_box.addItem(mode.label, mode.value)
        self.mode_box.setCurrentIndex(self.mode_box.findData(VisitMode.VISIT_DAY.value))
        self.must_do = {item.code: QCheckBox(item.label) for item in MUST_DO}
        self.must_know = {item.code: QCheckBox(item.label) for item in MUST_KNOW}
        for item in (*MUST_DO, *MUST_KNOW):
            (self.must_do.get(item.code) or self.must_know[item.code]).setToolTip(item.text)
        self.verified_check = QCheckBox(TEXT["verified"])
        self.met_edit = QLineEdit()
        self.notes_edit = QLineEdit()
        self.notes_edit.setPlaceholderText(TEXT["notes_hint"])
        self.save_button = QPushButton(TEXT["save"])
        self.status = QLabel()
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow(TEXT["code"], self.code_edit)
        form.addRow("", self.household_label)
        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(QLabel(TEXT["staff"]))
        when.addWidget(self.staff_box, 1)
        when.addWidget(QLabel(TEXT["mode"]))
        when.addWidget(self.mode_box)
        form.addRow(TEXT["date"], when)
        form.addRow(TEXT["must_do"], self._grid(self.must_do.values(), 2))
        form.addRow(TEXT["must_know"], self._grid(self.must_know.values(), 1))
        form.addRow("", self.verified_check)
        form.addRow(TEXT["met"], self.met_edit)
        form.addRow(TEXT["notes"], self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        layout.addStretch()

        self.code_edit.returnPressed.connect(self.look_up)
        self.code_edit.textEdited.connect(lambda _t: self._forget())
        self.notes_edit.returnPressed.connect(self.save)
        self.met_edit.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.reload_staff()
        self.set_day(ctx.db.clock.today())
        self._forget()
        self.can_edit = ctx.can(Permission.EDIT)
        if not self.can_edit:  # every field here is for recording a visit: all of it greyed out
            self.setTitle(TEXT["title_read_only"])
            self.setToolTip(denied_text(Permission.EDIT))
            self.setEnabled(False)

    @staticmethod
    def _grid(boxes, columns: int) -> QWidget:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(boxes):
            grid.addWidget(box, i // columns, i % columns)
        return holder

    def reload_staff(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.staff_box.currentData()
        self.staff_box.clear()
        for staff in list_staff(self.ctx.db):
            self.staff_box.addItem(staff.name, staff.id)
        if current is not None and self.staff_box.findData(current) >= 0:
            self.staff_box.setCurrentIndex(self.staff_box.findData(current))

    def set_day(self, day: dt.date) -> None:
        """The plan's day, but never after today (a visit cannot be recorded in advance)."""
        self.date_edit.setDate(to_qdate(min(day, self.ctx.db.clock.today())))

    def _message(self, text: str, ok: bool = False) -> None:
        self.status.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.status.setText(text)

    def _forget(self) -> None:
        self.hit = None
        self.household_label.setText(TEXT["none"])
        self.save_button.setEnabled(False)

    def look_up(self) -> None:
        code = self.code_edit.text()
        self.ctx.runner.run(lambda: household_by_code(self.ctx.db, code), self._found, self._not_found, parent=self)

    def _found(self, hit: CodeHit) -> None:
        self.hit = hit
        self.household_label.setText(TEXT["found"].format(address=hit.address, residents="、".join(hit.residents)))
        self.save_button.setEnabled(True)
        self.status.clear()
        self.notes_edit.setFocus()

    def _not_found(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            show_error(self, exc)
        self._forget()
        self._message(str(exc))
        self.code_edit.selectAll()
        self.code_edit.setFocus()

    def visit_input(self) -> VisitInput:
        assert self.hit is not None
        return VisitInput(
            household_id=self.hit.household_id, visit_date=from_qdate(self.date_edit.date()),
            staff_ids=[self.staff_box.currentData()] if self.staff_box.currentData() is not None else [],
            mode=self.mode_box.currentData(), met_whom=self.met_edit.text().strip(),
            must_do=[c for c, box in self.must_do.items() if box.isChecked()],
            must_know=[c for c, box in self.must_know.items() if box.isChecked()],
            observations=self.notes_edit.text().strip(), created_by=getattr(self.ctx.db, "actor", ""),
        )

    def save(self) -> None:
        if not self.can_edit:
            return
        if self.hit is None:
            if self.code_edit.text().strip():
                self.look_up()
            else:
                self._message(TEXT["none"])
            return
        data, db, hit = self.visit_input(), self.ctx.db, self.hit
        verified = self.verified_check.isChecked()

        def work() -> int:
            visit_id = record_visit(db, data)
            if verified:
                mark_verified(db, hit.household_id, data.visit_date)
            return visit_id

        self.ctx.runner.run(work, lambda _id: self._saved(hit), self._save_failed, parent=self)

    def _saved(self, hit: CodeHit) -> None:
        self.count += 1
        self._message(TEXT["saved"].format(n=self.count, address=hit.address), ok=True)
        for box in (*self.must_do.values(), *self.must_know.values(), self.verified_check):
            box.setChecked(False)
        self.met_edit.clear()
        self.notes_edit.clear()
        self.code_edit.clear()
        self._forget()
        self.code_edit.setFocus()
        self.ctx.bus.changed.emit("visits")
        self.saved.emit(hit.household_id)

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self._message("；".join(exc.errors.values()))
        elif isinstance(exc, UserError):
            self._message(str(exc))
        else:
            show_error(self, exc)
