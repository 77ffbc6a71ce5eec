"""The import preview table: one line per data row of the file with its status, what the
import will do with it, and every problem in words. Filtered by status in the model
(the rows are already in memory)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.address import format_address
from ...domain.masking import mask_id_number
from ...services.roster_import import STATUS_LABELS, ImportPreview

HEADERS = ["行号", "状态", "处理", "姓名", "身份证号", "地址", "说明"]
COL_ROW, COL_STATUS, COL_ACTION, COL_NAME, COL_ID, COL_ADDRESS, COL_NOTE = range(len(HEADERS))
FILTERS = {"all": "全部", "ok": "正常", "warning": "警告", "error": "错误", "update": "将更新的居民"}
BACKGROUND = {"error": QColor("#fde2e1"), "warning": QColor("#fff4d6")}


def describe(row) -> str:
    """Errors, then warnings, then the changes an update will make, in one line."""
    parts = [f"{e.column}：{e.message}" if e.column else e.message for e in row.errors]
    parts += [f"{w.column}：{w.message}" if w.column else w.message for w in row.warnings]
    parts += [f"{label} {old or '（空）'} → {new}" for label, old, new in row.changes]
    return "；".join(parts)


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent=None, full_id: bool = False):
        super().__init__(parent)
        self.full_id = full_id
        self._rows: list = []
        self._shown: list[int] = []
        self._filter = "all"

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._rows = list(preview.rows) if preview else []
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, key: str) -> None:
        self.beginResetModel()
        self._filter = key
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        key = self._filter
        if key == "all":
            self._shown = list(range(len(self._rows)))
        elif key == "update":
            self._shown = [i for i, r in enumerate(self._rows)
                           if r.existing_id is not None and not r.errors and r.changes_anything]
        else:
            self._shown = [i for i, r in enumerate(self._rows) if r.status == key]

    def row_at(self, row: int):
        return self._rows[self._shown[row]]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        r = self.row_at(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = BACKGROUND.get(r.status)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NOTE:
            return describe(r).replace("；", "\n") or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == COL_ROW:
            return r.row
        if col == COL_STATUS:
            return STATUS_LABELS[r.status]
        if col == COL_ACTION:
            if r.errors:
                return "不导入"
            if r.existing_id is None:
                return "新增"
            return "更新" if r.changes_anything else "无变化"
        if col == COL_NAME:
            return r.name
        if col == COL_ID:
            return r.id_number if self.full_id else mask_id_number(r.id_number)
        if col == COL_ADDRESS:
            return format_address(*r.address) if r.address[3] else ""
        if col == COL_NOTE:
            return describe(r)
        return None
