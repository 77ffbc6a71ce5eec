"""Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def backups_to_keep(moments: Iterable[dt.datetime], daily: int = DAILY, weekly: int = WEEKLY,
                    monthly: int = MONTHLY) -> set[dt.datetime]:
    """The moments to keep (grandfather-father-son); the rest may be deleted."""
    newest_first = sorted(set(moments), reverse=True)
    keep: set[dt.datetime] = set(newest_first[:1])
    for count, period in ((daily, lambda m: m.date()),
                          (weekly, lambda m: m.isocalendar()[:2]),
                          (monthly, lambda m: (m.year, m.month))):
        seen = []
        for moment in newest_first:
            key = period(moment)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(moment)
    return keep
