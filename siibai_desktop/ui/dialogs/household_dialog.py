"""Add or edit a household (户): address parts, 户别, phone, notes, last verified day."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ...domain.enums import HouseholdType
from ...services import households
from ...services.errors import ConflictError, UserError, ValidationFailed
from ...services.types import HouseholdInput
from ..context import AppContext
from .conflict_dialog import show_conflict
from ..widgets.buttons import SB, button_box, warn
from ..widgets.dates import OptionalDateEdit
from ..widgets.form import ValidatedForm

TEXT = {
    "title_add": "新增户",
    "title_edit": "编辑户",
    "compound": "小区",
    "road": "路",
    "lane": "弄",
    "building": "号/幢",
    "room": "室",
    "household_type": "户别",
    "phone": "电话",
    "notes": "备注",
    "last_verified_on": "最近核实日期",
    "compound_hint": "如：星港景苑",
    "road_hint": "如：长宁支路",
    "lane_hint": "如：314",
    "building_hint": "如：5",
    "room_hint": "如：302",
    "conflict_title": "保存未成功",
    "error_title": "保存未成功",
}


class HouseholdDialog(QDialog):
    """`HouseholdDialog(ctx)` adds; `HouseholdDialog(ctx, household_id)` edits. After
    accept(), `household_id` is the saved household."""

    def __init__(self, ctx: AppContext, household_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self._version: int | None = None
        self.setWindowTitle(TEXT["title_edit" if household_id else "title_add"])
        self.form = ValidatedForm()
        self.compound = QComboBox()
        self.compound.setEditable(True)
        self.compound.addItems([name for _id, name in households.list_compounds(ctx.db)])
        self.compound.setCurrentIndex(-1)
        self.compound.lineEdit().setPlaceholderText(TEXT["compound_hint"])
        self.road = self._line("road_hint")
        self.lane = self._line("lane_hint")
        self.building = self._line("building_hint")
        self.room = self._line("room_hint")
        self.household_type = QComboBox()
        for t in HouseholdType:
            self.household_type.addItem(t.label, t.value)
        self.phone = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(64)
        self.last_verified_on = OptionalDateEdit(ctx.db.clock.today())
        for field in ("compound", "road", "lane", "building", "room", "household_type", "phone",
                      "notes", "last_verified_on"):
            self.form.add_row(field, TEXT[field], getattr(self, field))
        self.buttons = button_box(SB.Save | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        if household_id is not None:
            self._load(household_id)

    def _line(self, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(TEXT[hint])
        return edit

    def _load(self, household_id: int) -> None:
        info = households.get_household(self.ctx.db, household_id)
        self._version = info.version
        self.compound.setCurrentText(info.compound)
        self.road.setText(info.road)
        self.lane.setText(info.lane)
        self.building.setText(info.building)
        self.room.setText(info.room)
        self.household_type.setCurrentIndex(max(self.household_type.findData(info.household_type), 0))
        self.phone.setText(info.phone)
        self.notes.setPlainText(info.notes)
        self.last_verified_on.set_value(info.last_verified_on)

    def value(self) -> HouseholdInput:
        return HouseholdInput(
            compound=self.compound.currentText().strip(), building=self.building.text().strip(),
            room=self.room.text().strip(), road=self.road.text().strip(), lane=self.lane.text().strip(),
            household_type=self.household_type.currentData(), phone=self.phone.text().strip(),
            notes=self.notes.toPlainText(), last_verified_on=self.last_verified_on.value(),
        )

    def save(self) -> None:
        """Save; on bad input show the messages by their fields and stay open."""
        self.form.clear_errors()
        data = self.value()
        db = self.ctx.db
        try:
            if self.household_id is None:
                self.household_id = self.ctx.runner.call(lambda: households.add_household(db, data))
            else:
                hid, version = self.household_id, self._version
                self.ctx.runner.call(lambda: households.update_household(db, hid, data, version))
        except ValidationFailed as exc:
            self.form.show_errors(exc.errors)
            return
        except ConflictError as exc:
            if show_conflict(self, exc):  # reload the other PC's version; the user redoes the change
                self._load(self.household_id)
            return
        except UserError as exc:
            warn(self, TEXT["error_title"], str(exc))
            return
        self.ctx.bus.changed.emit("roster")
        self.accept()
