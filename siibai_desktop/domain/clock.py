"""The app's one clock. Rules and tests ask it for today so they always agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class Clock:
    """Real time. Tests pass a FixedClock instead."""

    def today(self) -> dt.date:
        return dt.date.today()

    def now(self) -> dt.datetime:
        return dt.datetime.now().replace(microsecond=0)


@dataclass
class FixedClock(Clock):
    """A clock frozen at a given day (and optional time), movable by tests."""

    day: dt.date
    time: dt.time = dt.time(9, 0)

    def today(self) -> dt.date:
        return self.day

    def now(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.time)

    def advance(self, days: int = 0, minutes: int = 0) -> None:
        moment = self.now() + dt.timedelta(days=days, minutes=minutes)
        self.day, self.time = moment.date(), moment.time()


def age_on(birth_date: dt.date | None, day: dt.date) -> int | None:
    """Whole years of age on `day` (a 29 February birthday counts on 1 March)."""
    if birth_date is None:
        return None
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def birth_date_cutoff(age: int, day: dt.date) -> dt.date:
    """Latest birth date of someone at least `age` years old on `day`."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 Feb on a non-leap year
        return day.replace(year=day.year - age, day=28)
