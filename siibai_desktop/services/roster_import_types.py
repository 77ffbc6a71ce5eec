"""What a roster import returns: the preview of every row, the plan of households, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import UserError
from .roster_columns import IGNORED
from .roster_rows import ParsedRow, RowIssue, cell_text

STATUS_LABELS = {"ok": "正常", "warning": "警告", "error": "错误"}


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("已取消导入，花名册没有任何改动")


@dataclass
class HouseholdPlan:
    address: tuple[str, str, str, str, str]
    existing_id: int | None = None
    has_head: bool = False
    keyed: bool = False  # formed by the file's 户号 column
    rows: list[ParsedRow] = field(default_factory=list)


@dataclass
class ImportPreview:
    path: Path
    sheet: str
    sheet_names: list[str]
    header_row: int  # as Excel shows it
    headers: list[str]
    mapping: dict[int, str]
    rows: list[ParsedRow]
    households: list[HouseholdPlan]
    skipped: list[tuple[int, str]]  # (row, "blank" / "total" / "header")
    new_tags: list[str]
    roster_state: tuple = ()  # what the roster looked like when the rows were matched

    @property
    def unmapped_columns(self) -> list[str]:
        return [h or f"第{i + 1}列" for i, h in enumerate(self.headers)
                if self.mapping.get(i, IGNORED) == IGNORED and (h or self._has_data(i))]

    def _has_data(self, col: int) -> bool:
        return any(col < len(r.raw) and cell_text(r.raw[col]) for r in self.rows[:200])

    @property
    def good_rows(self) -> list[ParsedRow]:
        return [r for r in self.rows if not r.errors]

    @property
    def errors(self) -> list[RowIssue]:
        return [e for r in self.rows for e in r.errors]

    @property
    def warnings(self) -> list[RowIssue]:
        return [w for r in self.rows for w in r.warnings]

    def counts(self) -> dict[str, int]:
        good = self.good_rows
        return {
            "rows_read": len(self.rows),
            "residents_created": sum(1 for r in good if r.existing_id is None),
            "residents_updated": sum(1 for r in good if r.existing_id is not None and r.changes_anything),
            "residents_unchanged": sum(1 for r in good if r.existing_id is not None and not r.changes_anything),
            "households_created": sum(1 for h in self.households if h.existing_id is None),
            "rows_rejected": len(self.rows) - len(good),
        }


@dataclass(frozen=True)
class ImportResult:
    rows_read: int
    residents_created: int
    residents_updated: int
    households_created: int
    rows_rejected: int
    errors: list[RowIssue]
    warnings: list[RowIssue]
    unmapped_columns: list[str]
    dry_run: bool = False
    residents_unchanged: int = 0  # on the roster already, and the file says nothing new

    @property
    def exit_code(self) -> int:
        """0: every row taken; 2: some rejected; 1: nothing could be imported."""
        if self.rows_read == 0 or self.rows_rejected == self.rows_read:
            return 1
        return 2 if self.rows_rejected else 0
