"""Beside the roster: the selected resident's household, tag history and life events, and
a button to the household's visits and needs (where visits are corrected or voided)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.enums import HouseholdType, Relation
from ...services import households, life_events, search, tags
from ...services.errors import NotFound
from ...services.types import ResidentRow
from ..context import AppContext
from ..models.resident_table import status_label
from .household_history import show_household_history

TEXT = {
    "empty": "在左侧选择一位居民，这里显示其所在户、标签记录和变动记录。",
    "household": "本户",
    "info": "{type}　{count} 人　电话：{phone}",
    "verified": "最近核实：{day:%Y-%m-%d}",
    "not_verified": "尚未核实",
    "grid": "网格：{grid}",
    "members": ("姓名", "关系", "年龄", "状态"),
    "tag_history": "{name} 的标签记录",
    "tag_columns": ("标签", "开始", "结束"),
    "still_active": "至今",
    "events": "{name} 的变动记录",
    "event_columns": ("日期", "事项", "说明"),
    "none": "（无）",
    "moved": "{from_} → {to}",
    "visits": "走访记录与诉求…",
}


def _table(headers: tuple[str, ...], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)


def _heading(text: str = "") -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class HouseholdPanel(QWidget):
    """`show_resident(row)` fills the panel; double-clicking a member emits its id."""

    member_activated = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.resident: ResidentRow | None = None
        self.placeholder = QLabel(TEXT["empty"])
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #777;")
        self.address = _heading()
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info = QLabel()
        self.info.setStyleSheet("color: #555;")
        self.info.setWordWrap(True)
        self.visits_button = QPushButton(TEXT["visits"])
        self.visits_button.clicked.connect(self.show_visits)
        self.members = _table(TEXT["members"], 0)
        self.members.itemDoubleClicked.connect(self._member_double_clicked)
        self.tags_heading = _heading()
        self.tag_history = _table(TEXT["tag_columns"], 0)
        self.events_heading = _heading()
        self.events = _table(TEXT["event_columns"], 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(self.placeholder)
        self.parts = [_heading(TEXT["household"]), self.address, self.info, self.visits_button, self.members,
                      self.tags_heading,
                      self.tag_history, self.events_heading, self.events]
        for part in self.parts:
            layout.addWidget(part)
        layout.setAlignment(self.visits_button, Qt.AlignmentFlag.AlignLeft)
        layout.setStretch(layout.indexOf(self.members), 3)
        layout.setStretch(layout.indexOf(self.tag_history), 2)
        layout.setStretch(layout.indexOf(self.events), 2)
        self.show_resident(None)

    def show_resident(self, row: ResidentRow | None) -> None:
        self.resident = row
        self.placeholder.setVisible(row is None)
        for part in self.parts:
            part.setVisible(row is not None)
        if row is None:
            return
        db = self.ctx.db
        try:
            info = households.get_household(db, row.household_id)
        except NotFound:
            self.show_resident(None)
            return
        self.address.setText(info.address)
        try:
            kind = HouseholdType(info.household_type).label
        except ValueError:
            kind = info.household_type
        parts = [TEXT["info"].format(type=kind, count=info.member_count, phone=info.phone or "—")]
        parts.append(TEXT["verified"].format(day=info.last_verified_on) if info.last_verified_on
                     else TEXT["not_verified"])
        if info.grid:
            parts.append(TEXT["grid"].format(grid=info.grid))
        self.info.setText("\n".join(parts))
        members = search.household_members(db, row.household_id, include_left=True)
        _fill(self.members, [(m.name, _relation(m.relation), "" if m.age is None else str(m.age), status_label(m))
                             for m in members])
        for r, m in enumerate(members):
            self.members.item(r, 0).setData(Qt.ItemDataRole.UserRole, m.id)
            if m.id == row.id:
                for c in range(self.members.columnCount()):
                    item = self.members.item(r, c)
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
        self.tags_heading.setText(TEXT["tag_history"].format(name=row.name))
        periods = tags.tag_history(db, row.id)
        _fill(self.tag_history, [(p.tag, f"{p.start_date:%Y-%m-%d}",
                                  f"{p.end_date:%Y-%m-%d}" if p.end_date else TEXT["still_active"])
                                 for p in periods] or [(TEXT["none"], "", "")])
        self.events_heading.setText(TEXT["events"].format(name=row.name))
        history = life_events.history(db, row.id)
        _fill(self.events, [(f"{e.event_date:%Y-%m-%d}", e.kind_label, _event_detail(e)) for e in history]
              or [(TEXT["none"], "", "")])

    def show_visits(self) -> None:
        """The household's visit history and needs, in a dialog."""
        if self.resident is not None:
            show_household_history(self.ctx, self.resident.household_id, self.address.text(), self)

    def member_names(self) -> list[str]:
        return [self.members.item(r, 0).text() for r in range(self.members.rowCount())]

    def _member_double_clicked(self, item: QTableWidgetItem) -> None:
        first = self.members.item(item.row(), 0)
        resident_id = first.data(Qt.ItemDataRole.UserRole) if first else None
        if resident_id is not None:
            self.member_activated.emit(resident_id)


def _relation(code: str) -> str:
    try:
        return Relation(code).label
    except ValueError:
        return code


def _event_detail(e) -> str:
    bits = []
    if e.place:
        bits.append(e.place)
    if e.to_address:
        bits.append(TEXT["moved"].format(from_=e.from_address, to=e.to_address))
    if e.note:
        bits.append(e.note)
    return "；".join(bits)
