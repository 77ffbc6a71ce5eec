"""What a report is: figures, tables, charts and spaces to write, independent of output.

The same Report is shown on screen, saved as PDF (reports/pdf.py) and as .xlsx
(reports/xlsx.py). Every figure is computed from the records by the report's module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0  # share of the page width
    align: str = "left"  # left | right | center


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]


@dataclass(frozen=True)
class Chart:
    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    kind: str = "bar"  # bar | pie


@dataclass(frozen=True)
class WritingSpace:
    """A heading with filled-in facts and blank lines to write on (月谈会 五个一)."""

    heading: str
    facts: tuple[str, ...] = ()
    blank_lines: int = 4


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    period: str  # e.g. 2026年11月 / 2026-05-01 至 2026-10-31
    start: dt.date
    end: dt.date
    figures: tuple[tuple[str, str], ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    spaces: tuple[WritingSpace, ...] = ()
    notes: tuple[str, ...] = ()
    committee: str = ""
    made_on: dt.date | None = None
    landscape: bool = False
    extra: dict = field(default_factory=dict, compare=False)


def period_text(start: dt.date, end: dt.date) -> str:
    """2026年11月 for a whole month, else 2026年5月1日至2026年10月31日."""
    if start.day == 1 and end == month_end(start):
        return f"{start.year}年{start.month}月"
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def previous_month_end(day: dt.date) -> dt.date:
    return month_start(day) - dt.timedelta(days=1)


def percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"
