"""Add or edit one entry of a 3必知 register: a conflict, a community resource or an
environmental problem. One dialog, three sets of fields."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QHBoxLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ...domain.registers import ConflictKind, ConflictStatus, EnvironmentKind, IssueStatus, ResourceKind, RiskLevel
from ...services import registers
from ...services.errors import ValidationFailed
from ...services.households import list_buildings
from ...services.staff import list_staff
from ..context import AppContext
from ..runner import show_error
from ..widgets.buttons import SB, button_box
from ..widgets.dates import OptionalDateEdit, from_qdate, to_qdate
from ..widgets.form import ValidatedForm
from ..widgets.household_picker import pick_household

TITLES = {
    "conflict": ("登记矛盾纠纷", "编辑矛盾纠纷"),
    "resource": ("登记社区资源", "编辑社区资源"),
    "issue": ("登记环境突出问题", "编辑环境突出问题"),
}
NONE = "（未指定）"


def _combo(enum, current: str | None = None) -> QComboBox:
    box = QComboBox()
    for member in enum:
        box.addItem(member.label, member.value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class RegisterDialog(QDialog):
    """`kind` is "conflict", "resource" or "issue"; `row` the entry to edit (None: new)."""

    def __init__(self, ctx: AppContext, kind: str, row=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.kind, self.row = ctx, kind, row
        self.saved_id: int | None = None
        self.setWindowTitle(TITLES[kind][0 if row is None else 1])
        self.form = ValidatedForm()
        getattr(self, f"_build_{kind}")(row)
        self.buttons = button_box(SB.Save | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.resize(520, 0)

    # --- fields ---------------------------------------------------------------------
    def _build_conflict(self, row) -> None:
        today = self.ctx.db.clock.today()
        f = self.form
        self.title_edit = f.add_row("title", "事由", QLineEdit(row.title if row else ""))
        self.kind_box = f.add_row("kind", "类别", _combo(ConflictKind, row.kind if row else None))
        self.risk_box = f.add_row("risk", "风险等级", _combo(RiskLevel, row.risk if row else None))
        self.status_box = f.add_row("status", "状态", _combo(ConflictStatus, row.status if row else None))
        self.parties_edit = f.add_row("parties", "当事人", QLineEdit(row.parties if row else ""))
        self.parties_edit.setPlaceholderText("如：302室王某；402室李某")
        self.households = QListWidget()
        self.households.setMaximumHeight(80)
        for hid, address in zip(row.household_ids, row.addresses) if row else ():
            self._add_household_item(hid, address)
        add, remove = QPushButton("添加户…"), QPushButton("移除")
        add.clicked.connect(self._pick_household)
        remove.clicked.connect(lambda: self.households.takeItem(self.households.currentRow()))
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.households, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        line.addLayout(buttons)
        f.add_row("household_ids", "涉及户", box)
        self.found_edit = f.add_row("found_on", "发现日期", _date_edit(row.found_on if row else today))
        self.resolved_edit = f.add_row("resolved_on", "化解日期", OptionalDateEdit(today))
        if row and row.resolved_on:
            self.resolved_edit.set_value(row.resolved_on)
        self.staff_box = QComboBox()
        self.staff_box.addItem(NONE, None)
        for s in list_staff(self.ctx.db):
            self.staff_box.addItem(s.name, s.id)
        if row and row.staff_id:
            self.staff_box.setCurrentIndex(max(0, self.staff_box.findData(row.staff_id)))
        f.add_row("staff_id", "负责人", self.staff_box)
        self.notes_edit = f.add_row("mediation_notes", "调解记录", QPlainTextEdit(row.mediation_notes if row else ""))

    def _add_household_item(self, hid: int, address: str) -> None:
        item = QListWidgetItem(address)
        item.setData(Qt.ItemDataRole.UserRole, hid)
        self.households.addItem(item)

    def _pick_household(self) -> None:
        info = pick_household(self.ctx, self)
        if info is not None and info.id not in self._household_ids():
            self._add_household_item(info.id, info.address)

    def _household_ids(self) -> list[int]:
        return [self.households.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.households.count())]

    def _build_resource(self, row) -> None:
        f = self.form
        self.kind_box = f.add_row("kind", "类别", _combo(ResourceKind, row.kind if row else None))
        self.name_edit = f.add_row("name", "名称 / 姓名", QLineEdit(row.name if row else ""))
        self.skills_edit = f.add_row("skills", "特长 / 能提供", QLineEdit(row.skills if row else ""))
        self.contact_edit = f.add_row("contact_person", "联系人", QLineEdit(row.contact_person if row else ""))
        self.phone_edit = f.add_row("phone", "电话", QLineEdit(row.phone if row else ""))
        self.notes_edit = f.add_row("notes", "备注", QPlainTextEdit(row.notes if row else ""))
        self.active_check = f.add_row("active", "", QCheckBox("仍可联系、可用"))
        self.active_check.setChecked(row.active if row else True)

    def _build_issue(self, row) -> None:
        today = self.ctx.db.clock.today()
        f = self.form
        self.kind_box = f.add_row("kind", "问题类别", _combo(EnvironmentKind, row.kind if row else None))
        self.building_box = QComboBox()
        self.building_box.addItem(NONE, None)
        for bid, label in list_buildings(self.ctx.db):
            self.building_box.addItem(label, bid)
        if row and row.building_id:
            self.building_box.setCurrentIndex(max(0, self.building_box.findData(row.building_id)))
        f.add_row("building_id", "楼栋", self.building_box)
        self.place_edit = f.add_row("place", "具体地点", QLineEdit(row.place if row else ""))
        self.place_edit.setPlaceholderText("如：3楼楼道、北门车棚")
        self.status_box = f.add_row("status", "状态", _combo(IssueStatus, row.status if row else None))
        self.found_edit = f.add_row("found_on", "发现日期", _date_edit(row.found_on if row else today))
        self.resolved_edit = f.add_row("resolved_on", "解决日期", OptionalDateEdit(today))
        if row and row.resolved_on:
            self.resolved_edit.set_value(row.resolved_on)
        self.notes_edit = f.add_row("notes", "情况说明", QPlainTextEdit(row.notes if row else ""))

    # --- saving ---------------------------------------------------------------------
    def _input(self):
        if self.kind == "conflict":
            return registers.ConflictInput(
                title=self.title_edit.text(), kind=self.kind_box.currentData(), parties=self.parties_edit.text(),
                status=self.status_box.currentData(), risk=self.risk_box.currentData(),
                found_on=from_qdate(self.found_edit.date()), resolved_on=self.resolved_edit.value(),
                staff_id=self.staff_box.currentData(), mediation_notes=self.notes_edit.toPlainText(),
                household_ids=self._household_ids())
        if self.kind == "resource":
            return registers.ResourceInput(
                kind=self.kind_box.currentData(), name=self.name_edit.text(), skills=self.skills_edit.text(),
                contact_person=self.contact_edit.text(), phone=self.phone_edit.text(),
                notes=self.notes_edit.toPlainText(), active=self.active_check.isChecked())
        return registers.EnvironmentIssueInput(
            kind=self.kind_box.currentData(), place=self.place_edit.text(), building_id=self.building_box.currentData(),
            status=self.status_box.currentData(), found_on=from_qdate(self.found_edit.date()),
            resolved_on=self.resolved_edit.value(), notes=self.notes_edit.toPlainText())

    def save(self) -> None:
        data, db, row = self._input(), self.ctx.db, self.row
        add, update = {
            "conflict": (registers.add_conflict, registers.update_conflict),
            "resource": (registers.add_resource, registers.update_resource),
            "issue": (registers.add_environment_issue, registers.update_environment_issue),
        }[self.kind]

        def work():
            if row is None:
                return add(db, data)
            update(db, row.id, data, row.version)
            return row.id

        self.form.clear_errors()
        self.ctx.runner.run(work, self._saved, self._failed, parent=self)

    def _saved(self, record_id: int) -> None:
        self.saved_id = record_id
        self.ctx.bus.changed.emit("registers")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        else:
            show_error(self, exc)
