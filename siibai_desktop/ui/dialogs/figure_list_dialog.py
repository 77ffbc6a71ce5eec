"""The list behind a dashboard figure: a table, and optionally one action on the chosen row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..widgets.buttons import SB, button_box


class FigureListDialog(QDialog):
    """`load()` returns (rows of cell texts, row keys); `action` is (button text, fn(key))."""

    def __init__(self, title: str, headers: list[str], load: Callable[[], tuple[list[list[str]], list]],
                 action: tuple[str, Callable[[object], None]] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.load = load
        self.keys: list = []
        self.count = QLabel()
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch()
        self.action_button = None
        if action is not None:
            text, fn = action
            self.action_button = QPushButton(text)
            self.action_button.clicked.connect(lambda: self._act(fn))
            bottom.addWidget(self.action_button)
        buttons = button_box(SB.Close)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1000, 560)
        self.refresh()

    def refresh(self) -> None:
        rows, self.keys = self.load()
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        for j in range(self.table.columnCount()):
            self.table.setColumnWidth(j, min(self.table.columnWidth(j), 320))
        self.count.setText(f"共 {len(rows)} 项")
        if self.action_button is not None:
            self.action_button.setEnabled(bool(rows))

    def _act(self, fn: Callable[[object], None]) -> None:
        i = self.table.currentRow()
        if 0 <= i < len(self.keys):
            fn(self.keys[i])
            self.refresh()
