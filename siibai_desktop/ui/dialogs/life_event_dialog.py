"""Life events from the roster: 迁出, 死亡, 迁至他户. (分户 is in split_dialog.py.)

Nothing is deleted: the services record the event and the person leaves current lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...domain.enums import Relation
from ...services import life_events
from ...services.errors import UserError, ValidationFailed
from ...services.types import ResidentRow
from ..context import AppContext
from ..widgets.buttons import SB, button_box, warn
from ..widgets.dates import DISPLAY_FORMAT, from_qdate, to_qdate
from ..widgets.form import ValidatedForm
from ..widgets.household_picker import HouseholdPicker

TEXT = {
    "move_out_title": "迁出 — {name}",
    "death_title": "死亡登记 — {name}",
    "move_to_title": "迁至他户 — {name}",
    "who": "居民",
    "event_date": "日期",
    "place": "迁往何处",
    "place_hint": "如：浦东新区某街道",
    "note": "备注",
    "household_id": "迁入户",
    "relation": "与新户主关系",
    "no_target": "请在列表中选择迁入的户",
    "error_title": "未能登记",
}


class LifeEventDialog(QDialog):
    """Common frame: who, a date (today by default, not later), the event's own fields."""

    title_key = ""

    def __init__(self, ctx: AppContext, resident: ResidentRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.resident = resident
        self.setWindowTitle(TEXT[self.title_key].format(name=resident.name))
        self.form = ValidatedForm()
        who = QLabel(f"{resident.name}　{resident.address}")
        who.setWordWrap(True)
        self.form.add_row("resident", TEXT["who"], who)
        today = ctx.db.clock.today()
        self.event_date = QDateEdit(to_qdate(today))
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat(DISPLAY_FORMAT)
        self.event_date.setMaximumDate(to_qdate(today))
        self.form.add_row("event_date", TEXT["event_date"], self.event_date)
        self.add_fields()
        self.note = self.form.add_row("note", TEXT["note"], QLineEdit())
        self.buttons = button_box(SB.Ok | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def add_fields(self) -> None:
        """Rows particular to the event."""

    def day(self) -> dt.date:
        return from_qdate(self.event_date.date())

    def action(self) -> Callable[[], object]:
        raise NotImplementedError

    def save(self) -> None:
        self.form.clear_errors()
        try:
            self.ctx.runner.call(self.action())
        except ValidationFailed as exc:
            self.form.show_errors(exc.errors)
            return
        except UserError as exc:
            warn(self, TEXT["error_title"], str(exc))
            return
        self.ctx.bus.changed.emit("roster")
        self.accept()


class MoveOutDialog(LifeEventDialog):
    title_key = "move_out_title"

    def add_fields(self) -> None:
        self.place = self.form.add_row("place", TEXT["place"], QLineEdit())
        self.place.setPlaceholderText(TEXT["place_hint"])

    def action(self):
        db, rid, day, place, note = self.ctx.db, self.resident.id, self.day(), self.place.text(), self.note.text()
        return lambda: life_events.move_out(db, rid, day, place, note)


class DeathDialog(LifeEventDialog):
    title_key = "death_title"

    def action(self):
        db, rid, day, note = self.ctx.db, self.resident.id, self.day(), self.note.text()
        return lambda: life_events.record_death(db, rid, day, note)


class MoveToHouseholdDialog(LifeEventDialog):
    title_key = "move_to_title"

    def add_fields(self) -> None:
        self.picker = HouseholdPicker(self.ctx, exclude_id=self.resident.household_id)
        self.picker.setMinimumHeight(200)
        self.form.add_row("household_id", TEXT["household_id"], self.picker)
        self.relation = QComboBox()
        for r in Relation:
            self.relation.addItem(r.label, r.value)
        self.relation.setCurrentIndex(self.relation.findData(Relation.OTHER.value))
        self.form.add_row("relation", TEXT["relation"], self.relation)

    def save(self) -> None:
        if self.picker.picked() is None:
            self.form.show_errors({"household_id": TEXT["no_target"]})
            return
        super().save()

    def action(self):
        db, rid, day, note = self.ctx.db, self.resident.id, self.day(), self.note.text()
        target, relation = self.picker.picked().id, self.relation.currentData()
        return lambda: life_events.move_to_household(db, rid, target, day, relation, note)
