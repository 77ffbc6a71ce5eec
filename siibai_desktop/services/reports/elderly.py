"""90岁以上老人月报: everyone 90 or older living here at the end of the month, and what
changed since last month (newly 90, died, moved in, moved out). Computed from birth
dates, move-in dates and life events, so the same month always gives the same list."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_

from ...db.engine import Database
from ...db.models import Resident
from ...domain.clock import age_on, birth_date_cutoff
from ...domain.enums import Sex
from .model import Chart, Column, Report, Table, month_end, month_start, period_text, previous_month_end
from .roster_facts import Person, load_people, people_query, present_on

AGE = 90
TITLE = "90岁以上老人月报"
NEW_90, MOVED_IN, ADDED, DIED, MOVED_OUT = "新满90岁", "迁入", "新登记", "去世", "迁出"


def _sex(code: str | None) -> str:
    return Sex(code).label if code else ""


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def elderly_people(db: Database, month: dt.date) -> tuple[list[Person], list[Person], list[tuple[str, Person, dt.date | None]]]:
    """(this month's list, last month's list, changes as (kind, person, day))."""
    end = month_end(month)
    prev_end = previous_month_end(month)
    start = month_start(month)
    with db.reading() as session:
        stmt = people_query().where(Resident.birth_date <= birth_date_cutoff(AGE, end)).where(
            or_(Resident.left_on.is_(None), Resident.left_on > prev_end))
        candidates = load_people(session, stmt)
    def eligible(p: Person, day: dt.date) -> bool:
        return present_on(p, day) and (age_on(p.birth_date, day) or 0) >= AGE
    current = [p for p in candidates if eligible(p, end)]
    previous = [p for p in candidates if eligible(p, prev_end)]
    prev_ids = {p.id for p in previous}
    cur_ids = {p.id for p in current}
    changes: list[tuple[str, Person, dt.date | None]] = []
    for p in current:
        if p.id in prev_ids:
            continue
        if p.moved_in_on and start <= p.moved_in_on <= end:
            changes.append((MOVED_IN, p, p.moved_in_on))
        elif (age_on(p.birth_date, prev_end) or 0) < AGE:
            changes.append((NEW_90, p, _birthday(p.birth_date, AGE)))
        else:
            changes.append((ADDED, p, None))
    for p in previous:
        if p.id not in cur_ids:
            changes.append((DIED if p.left_how == "died" else MOVED_OUT, p, p.left_on))
    order = {NEW_90: 0, MOVED_IN: 1, ADDED: 2, DIED: 3, MOVED_OUT: 4}
    changes.sort(key=lambda c: (order[c[0]], c[1].address_sort, c[1].id))
    current.sort(key=lambda p: (p.address_sort, p.birth_date or dt.date.min, p.id))
    return current, previous, changes


def _birthday(birth: dt.date, years: int) -> dt.date:
    """The day someone turns `years` (a 29 February birthday counts on 1 March, as age_on does)."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return dt.date(birth.year + years, 3, 1)


def elderly_report(db: Database, start: dt.date, end: dt.date | None = None, **_options) -> Report:
    """The monthly report for the month that contains `start`."""
    month = month_start(start)
    last = month_end(month)
    current, previous, changes = elderly_people(db, month)
    note = {p.id: kind for kind, p, _ in changes}
    rows = tuple(
        (i, p.name, _sex(p.sex), _date(p.birth_date), age_on(p.birth_date, last), p.address.replace(" ", ""),
         note.get(p.id, "") and f"本月{note[p.id]}")
        for i, p in enumerate(current, 1)
    )
    change_rows = tuple(
        (kind, p.name, _sex(p.sex), _date(p.birth_date), p.address.replace(" ", ""), _date(day))
        for kind, p, day in changes
    )
    counts = {k: sum(1 for c in changes if c[0] == k) for k in (NEW_90, MOVED_IN, ADDED, DIED, MOVED_OUT)}
    bands = [("90–94岁", 90, 94), ("95–99岁", 95, 99), ("100岁及以上", 100, 200)]
    ages = [age_on(p.birth_date, last) or 0 for p in current]
    return Report(
        key="elderly90", title=TITLE, period=period_text(month, last), start=month, end=last,
        figures=(("本月在册人数", str(len(current))), ("上月在册人数", str(len(previous))),
                 ("新满90岁", str(counts[NEW_90])), ("迁入", str(counts[MOVED_IN])),
                 ("去世", str(counts[DIED])), ("迁出", str(counts[MOVED_OUT])))
                + ((("新登记", str(counts[ADDED])),) if counts[ADDED] else ()),
        tables=(
            Table("本月变动（与上月相比）", (Column("变动", 1), Column("姓名", 1.2), Column("性别", 0.6),
                                        Column("出生日期", 1.3), Column("住址", 3.2), Column("变动日期", 1.3)),
                  change_rows),
            Table("名单", (Column("序号", 0.6, "right"), Column("姓名", 1.2), Column("性别", 0.6),
                         Column("出生日期", 1.3), Column("年龄", 0.6, "right"), Column("住址", 3.4),
                         Column("备注", 1.3)), rows),
        ),
        charts=(Chart("年龄分布", tuple(b[0] for b in bands),
                      tuple(sum(1 for a in ages if lo <= a <= hi) for _, lo, hi in bands)),),
        notes=(f"年龄按{last.year}年{last.month}月{last.day}日计算；名单为当月末仍居住在本居民区的{AGE}周岁及以上居民。",),
    )
