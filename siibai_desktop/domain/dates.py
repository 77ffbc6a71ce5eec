"""Dates as offices type them: 1935-03-05, 1935/3/5, 1935.3.5, 19350305, 1935年3月5日,
and Excel date serials (days since 1899-12-30 in the 1900 date system)."""

from __future__ import annotations

import datetime as dt
import re

from .text import to_half_width

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials that can be a date of this app's concern (1900-03-01 .. 2199-12-31).
_SERIAL_MIN, _SERIAL_MAX = 61, 109_574

_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT_YM = re.compile(r"^(\d{4})(\d{2})$")


class DateError(ValueError):
    """Not a date; the message is Chinese."""


def _make(year: int, month: int, day: int, raw: object) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"日期不存在：{raw}") from None


def from_excel_serial(serial: float) -> dt.date:
    """Excel's day number (1900 system) to a date."""
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise DateError(f"不是日期：{serial:g}")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object) -> dt.date:
    """A date from a cell: date objects, Excel serials, or text in any common form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateError(f"不是日期：{value}")
    if isinstance(value, (int, float)):
        if float(value).is_integer() and 10_000_101 <= value <= 99_991_231:
            return parse_date(str(int(value)))  # 19350305 typed as a number
        return from_excel_serial(float(value))
    text = to_half_width(str(value or "")).strip()
    if not text:
        raise DateError("日期为空")
    match = _YMD.match(text) or _COMPACT.match(text)
    if match:
        return _make(int(match[1]), int(match[2]), int(match[3]), text)
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        # a serial that arrived as text (CSV); a bare year such as 1935 is not taken for one
        return from_excel_serial(float(text))
    raise DateError(f"无法识别的日期：{text}")


def parse_year_month(value: object) -> tuple[int, int] | None:
    """(year, month) for month-only forms (1935-03, 1935.3, 1935年3月, 193503), else None."""
    if isinstance(value, (dt.date, int, float)) and not isinstance(value, bool):
        if isinstance(value, (int, float)) and float(value).is_integer() and 100_001 <= value <= 999_912:
            value = str(int(value))
        else:
            return None
    text = to_half_width(str(value or "")).strip()
    match = _YM.match(text) or _COMPACT_YM.match(text)
    if match and 1 <= int(match[2]) <= 12 and int(match[1]) >= 1880:
        return int(match[1]), int(match[2])
    return None
