"""A read-only table model over a list of frozen dataclass rows (due lines, needs, rules).

Each column is (header, getter); optional `foreground` / `background` functions colour a
row (overdue red and so on), the background only in `background_columns` when given. The row object itself is under RowRole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

RowRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], object]]],
                 foreground: Callable[[Any], str | None] | None = None,
                 background: Callable[[Any], str | None] | None = None,
                 background_columns: set[int] | None = None, parent=None):
        super().__init__(parent)
        self._background_columns = background_columns
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._foreground = foreground
        self._background = background
        self._brushes: dict[str, QBrush] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None

    def _brush(self, colour: str | None) -> QBrush | None:
        if not colour:
            return None
        if colour not in self._brushes:
            self._brushes[colour] = QBrush(QColor(colour))
        return self._brushes[colour]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and self._foreground:
            return self._brush(self._foreground(row))
        if role == Qt.ItemDataRole.BackgroundRole and self._background:
            if self._background_columns is None or index.column() in self._background_columns:
                return self._brush(self._background(row))
        if role == RowRole:
            return row
        return None
