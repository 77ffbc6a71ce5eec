"""A date field that may be left blank (出生日期, 迁入日期, 最近核实日期 are optional)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

BLANK_TEXT = "未填"
TICK_TIP = "勾选后填写日期"
DISPLAY_FORMAT = "yyyy-MM-dd"
# The day shown as "未填": QDateEdit displays specialValueText at its minimum date.
SENTINEL = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    """A tick box and a QDateEdit: unticked means no date and reads 未填."""

    changed = Signal()

    def __init__(self, default: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._default = default or dt.date.today()
        self.check = QCheckBox()
        self.check.setToolTip(TICK_TIP)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DISPLAY_FORMAT)
        self.edit.setMinimumDate(SENTINEL)
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setSpecialValueText(BLANK_TEXT)
        self.edit.setMinimumWidth(120)
        self.edit.setDate(SENTINEL)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self._last = QDate(self._default.year, self._default.month, self._default.day)
        self.check.toggled.connect(self._on_toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self._on_toggled(False)

    def _on_toggled(self, on: bool) -> None:
        if on:
            self.edit.setDate(self._last)
        else:
            if self.edit.date() != SENTINEL:
                self._last = self.edit.date()
            self.edit.setDate(SENTINEL)
        self.edit.setEnabled(on)
        self.changed.emit()

    def value(self) -> dt.date | None:
        if not self.check.isChecked():
            return None
        d = self.edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, day: dt.date | None) -> None:
        if day is None:
            self.check.setChecked(False)
            return
        self._last = QDate(day.year, day.month, day.day)
        if self.check.isChecked():
            self.edit.setDate(self._last)
        else:
            self.check.setChecked(True)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())
