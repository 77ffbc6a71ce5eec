"""Pick a household by typing part of its address (services.households.find_households)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout,
                               QWidget)

from ...services import households
from ...services.types import HouseholdInfo
from ..context import AppContext
from .buttons import SB, button_box

TEXT = {
    "placeholder": "输入地址的一部分，如：星港 5号 302",
    "title": "选择户",
    "members": "{address}（{count} 人）",
    "none": "没有找到符合的户",
}
DEBOUNCE_MS = 150


class HouseholdPicker(QWidget):
    """A search box over households and the matching list; `picked` is the chosen one."""

    picked_changed = Signal()
    activated = Signal()

    def __init__(self, ctx: AppContext, exclude_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.exclude_id = exclude_id
        self.search = QLineEdit()
        self.search.setPlaceholderText(TEXT["placeholder"])
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.status = QLabel()
        self.status.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.results.currentRowChanged.connect(lambda _r: self.picked_changed.emit())
        self.results.itemDoubleClicked.connect(lambda _i: self.activated.emit())

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self.results.clear()
        if not text:
            self.status.clear()
            return
        found = [h for h in households.find_households(self.ctx.db, text, limit=100) if h.id != self.exclude_id]
        for info in found:
            item = QListWidgetItem(TEXT["members"].format(address=info.address, count=info.member_count))
            item.setData(Qt.ItemDataRole.UserRole, info)
            self.results.addItem(item)
        self.status.setText("" if found else TEXT["none"])
        if found:
            self.results.setCurrentRow(0)

    def picked(self) -> HouseholdInfo | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def pick_household(ctx: AppContext, parent: QWidget | None = None, exclude_id: int | None = None) -> HouseholdInfo | None:
    """A small modal dialog around HouseholdPicker; None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(TEXT["title"])
    picker = HouseholdPicker(ctx, exclude_id)
    buttons = button_box(SB.Ok | SB.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    picker.activated.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(picker)
    layout.addWidget(buttons)
    dialog.resize(460, 380)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return picker.picked()
    return None
