"""分户: some members of a household start a new household (usually a new room)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.enums import Relation
from ...services import households, life_events, search
from ...services.errors import UserError, ValidationFailed
from ..context import AppContext
from ..widgets.buttons import SB, button_box, warn
from ..widgets.dates import DISPLAY_FORMAT, from_qdate, to_qdate
from ..widgets.form import ValidatedForm

TEXT = {
    "title": "分户",
    "from": "原户",
    "residents": "分出的成员",
    "head": "新户户主",
    "room": "新户室号",
    "room_hint": "留空则与原户相同",
    "event_date": "日期",
    "note": "备注",
    "member": "{name}（{relation}）",
    "pick_members": "请勾选要分出的成员",
    "error_title": "未能分户",
}


class SplitHouseholdDialog(QDialog):
    """After accept(), `new_household_id` is the new household."""

    def __init__(self, ctx: AppContext, household_id: int, preselect: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.new_household_id: int | None = None
        self.setWindowTitle(TEXT["title"])
        info = households.get_household(ctx.db, household_id)
        self.form = ValidatedForm()
        self.form.add_row("from", TEXT["from"], QLabel(info.address))
        self.members = QListWidget()
        for m in search.household_members(ctx.db, household_id):
            try:
                relation = Relation(m.relation).label
            except ValueError:
                relation = m.relation
            item = QListWidgetItem(TEXT["member"].format(name=m.name, relation=relation))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if m.id == preselect else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, m.id)
            self.members.addItem(item)
        self.members.setFixedHeight(150)
        self.form.add_row("residents", TEXT["residents"], self.members)
        self.head = self.form.add_row("head", TEXT["head"], QComboBox())
        self.room = self.form.add_row("room", TEXT["room"], QLineEdit())
        self.room.setPlaceholderText(TEXT["room_hint"])
        today = ctx.db.clock.today()
        self.event_date = QDateEdit(to_qdate(today))
        self.event_date.setCalendarPopup(True)
        self.event_date.setDisplayFormat(DISPLAY_FORMAT)
        self.event_date.setMaximumDate(to_qdate(today))
        self.form.add_row("event_date", TEXT["event_date"], self.event_date)
        self.note = self.form.add_row("note", TEXT["note"], QLineEdit())
        self.buttons = button_box(SB.Ok | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.members.itemChanged.connect(lambda _i: self._fill_heads())
        self._fill_heads()

    def set_checked(self, resident_ids: set[int]) -> None:
        for i in range(self.members.count()):
            item = self.members.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in resident_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> list[int]:
        return [self.members.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.members.count())
                if self.members.item(i).checkState() == Qt.CheckState.Checked]

    def _fill_heads(self) -> None:
        current = self.head.currentData()
        self.head.clear()
        for i in range(self.members.count()):
            item = self.members.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                self.head.addItem(item.text().split("（")[0], item.data(Qt.ItemDataRole.UserRole))
        index = self.head.findData(current)
        self.head.setCurrentIndex(index if index >= 0 else 0)

    def save(self) -> None:
        self.form.clear_errors()
        ids = self.checked()
        if not ids:
            self.form.show_errors({"residents": TEXT["pick_members"]})
            return
        db, head, note = self.ctx.db, self.head.currentData(), self.note.text()
        room = self.room.text().strip() or None
        day = from_qdate(self.event_date.date())
        try:
            self.new_household_id = self.ctx.runner.call(
                lambda: life_events.split_household(db, ids, day, room, head, note))
        except ValidationFailed as exc:
            self.form.show_errors(exc.errors)
            return
        except UserError as exc:
            warn(self, TEXT["error_title"], str(exc))
            return
        self.ctx.bus.changed.emit("roster")
        self.accept()
