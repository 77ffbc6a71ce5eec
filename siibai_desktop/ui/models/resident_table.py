"""The roster table model: a list of resident ids, rows fetched lazily page by page.

The model never loads the whole roster. It holds the ids `search_ids` returned (in
display order) and asks `fetch` for a page of rows when the view first paints one of
them, keeping a few pages in a small cache (the Anki browser does the same). Sorting is
not done here: a header click emits `sort_requested` and the page re-runs the query.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from ...domain.enums import ResidenceStatus, ResidentState, Sex
from ...services.types import ResidentRow

# (sort key for ResidentQuery.sort or None when the column cannot be sorted, header)
COLUMNS: list[tuple[str | None, str]] = [
    ("name", "姓名"),
    ("sex", "性别"),
    ("age", "年龄"),
    ("id_number", "身份证号"),
    ("phone", "电话"),
    ("address", "地址"),
    (None, "标签"),
    ("status", "状态"),
]
COL_NAME, COL_SEX, COL_AGE, COL_ID, COL_PHONE, COL_ADDRESS, COL_TAGS, COL_STATUS = range(len(COLUMNS))
TAG_SEPARATOR = "、"
LEFT_COLOUR = QColor("#8a8a8a")
UNPRINTABLE_COLOUR = QColor("#c0392b")
UNPRINTABLE_TIP = "姓名中的“{chars}”本机没有字体能打印：打印证明、走访单前请安装含该字的字体（如宋体-ExtB）"

PAGE_SIZE = 80  # about two screens: the first rows after a keystroke come with one small query
CACHED_PAGES = 30

ResidentIdRole = Qt.ItemDataRole.UserRole + 1
ResidentRowRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def status_label(row: ResidentRow) -> str:
    """户籍在册 / 人户分离 / 外来人员 for current residents; 已迁出 / 已故 for those who left."""
    if row.state != ResidentState.CURRENT.value:
        try:
            return ResidentState(row.state).label
        except ValueError:
            return row.state
    try:
        return ResidenceStatus(row.residence_status).label
    except ValueError:
        return row.residence_status


def sex_label(code: str | None) -> str:
    try:
        return Sex(code).label if code else ""
    except ValueError:
        return code or ""


def cell_text(row: ResidentRow, column: int) -> str:
    if column == COL_NAME:
        return row.name
    if column == COL_SEX:
        return sex_label(row.sex)
    if column == COL_AGE:
        return "" if row.age is None else str(row.age)
    if column == COL_ID:
        return row.id_number
    if column == COL_PHONE:
        return row.phone
    if column == COL_ADDRESS:
        return row.address
    if column == COL_TAGS:
        return TAG_SEPARATOR.join(row.tags)
    if column == COL_STATUS:
        return status_label(row)
    return ""


class ResidentTableModel(QAbstractTableModel):
    """Rows of residents by id; `fetch(ids) -> rows in the same order` reads a page."""

    sort_requested = Signal(str, bool)  # sort key, descending

    def __init__(self, fetch: Callable[[list[int]], list[ResidentRow]], parent=None,
                 page_size: int = PAGE_SIZE, cached_pages: int = CACHED_PAGES):
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ResidentRow]] = OrderedDict()
        self.page_size = page_size
        self.cached_pages = cached_pages
        self.fetch_count = 0  # how many pages were read (tests and benchmarks look at it)
        self.sort_key = "name"
        self.descending = False

    # --- contents -------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        """Show these residents (in this order); rows are read again when painted."""
        self.beginResetModel()
        self._ids = list(ids)
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def invalidate(self) -> None:
        """Forget cached rows (data changed) and repaint what is visible."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, resident_id: int) -> int:
        """Table row of a resident, or -1 when not shown."""
        try:
            return self._ids.index(resident_id)
        except ValueError:
            return -1

    def resident_at(self, row: int) -> ResidentRow | None:
        """The row's data, read from the database if its page is not cached."""
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // self.page_size
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row])

    def _load_page(self, page_no: int) -> dict[int, ResidentRow]:
        start = page_no * self.page_size
        ids = self._ids[start:start + self.page_size]
        rows = self._fetch(ids)
        self.fetch_count += 1
        page = {r.id: r for r in rows}
        self._pages[page_no] = page
        while len(self._pages) > self.cached_pages:
            self._pages.popitem(last=False)
        return page

    # --- Qt model interface -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ResidentIdRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole, ResidentRowRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in (COL_SEX, COL_AGE):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        row = self.resident_at(index.row())
        if row is None:  # deleted since the search ran
            return None
        if role == ResidentRowRole:
            return row
        rare = index.column() == COL_NAME and row.unprintable
        if role == Qt.ItemDataRole.ForegroundRole:
            if rare:
                return QBrush(UNPRINTABLE_COLOUR)
            return QBrush(LEFT_COLOUR) if row.state != ResidentState.CURRENT.value else None
        text = cell_text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if rare:
                return UNPRINTABLE_TIP.format(chars="".join(row.unprintable))
            return text if index.column() in (COL_ADDRESS, COL_TAGS) and text else None
        if rare:
            return f"{text} ⚠"
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask for the query to be run again in this order (the SQL sorts, not Qt)."""
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][0] is None:
            return
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.sort_requested.emit(self.sort_key, self.descending)

    def sort_column(self) -> int:
        for i, (key, _) in enumerate(COLUMNS):
            if key == self.sort_key:
                return i
        return COL_NAME
