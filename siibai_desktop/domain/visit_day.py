"""集中走访 dates and the 12-month windows of 2必清."""

from __future__ import annotations

import datetime as dt

THURSDAY = 3  # the weekly visit day (每周四) unless the office chooses another


def next_visit_day(today: dt.date, weekday: int = THURSDAY) -> dt.date:
    """The coming visit day: today if it is one, else the next such weekday."""
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when that day does not exist)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def within_year(last: dt.date | None, today: dt.date) -> bool:
    """True when `last` falls in the 12 months up to today (after the same day a year ago)."""
    return last is not None and months_before(today, 12) < last <= today
