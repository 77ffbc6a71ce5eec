"""Coverage per staff member: households in their grids, how many were visited in the
12 months up to the day, and the share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from ...db.engine import Database
from ...db.models import Grid, Staff
from .model import Chart, Column, Report, Table, percent
from .visit_facts import present_households, visited_households

TITLE = "走访覆盖率（按工作人员）"
NO_GRID = "（未分网格）"


def coverage_rows(db: Database, day: dt.date) -> list[tuple[str, str, int, int]]:
    """(staff, grids, households, visited in the 12 months up to `day`) per staff member."""
    since = day - dt.timedelta(days=365) + dt.timedelta(days=1)
    with db.reading() as session:
        households = present_households(session, day)
        visited = visited_households(session, since, day)
        grids = session.execute(select(Grid.id, Grid.name, Staff.name).outerjoin(Staff, Grid.staff_id == Staff.id)
                                .order_by(Grid.name)).all()
    keeper = {gid: (staff or "（无块长）", name) for gid, name, staff in grids}
    totals: dict[str, list] = defaultdict(lambda: [set(), 0, 0])
    for hid, gid in households.items():
        staff, grid = keeper.get(gid, (NO_GRID, "")) if gid else (NO_GRID, "")
        entry = totals[staff]
        if grid:
            entry[0].add(grid)
        entry[1] += 1
        entry[2] += hid in visited
    order = [staff for _gid, (staff, _g) in keeper.items()]
    names = sorted(totals, key=lambda s: (s == NO_GRID, order.index(s) if s in order else len(order), s))
    return [(s, "、".join(sorted(totals[s][0])), totals[s][1], totals[s][2]) for s in names]


def coverage_report(db: Database, start: dt.date, end: dt.date | None = None, **_options) -> Report:
    day = end or start
    rows = coverage_rows(db, day)
    households = sum(r[2] for r in rows)
    visited = sum(r[3] for r in rows)
    table_rows = tuple((s, grids, n, v, percent(v, n)) for s, grids, n, v in rows)
    table_rows += (("合计", "", households, visited, percent(visited, households)),)
    return Report(
        key="coverage", title=TITLE, period=f"截至{day.year}年{day.month}月{day.day}日（近12个月）",
        start=day - dt.timedelta(days=364), end=day,
        figures=(("在册户数", str(households)), ("近12个月已走访户数", str(visited)),
                 ("覆盖率", percent(visited, households))),
        tables=(Table("各工作人员网格覆盖", (Column("工作人员", 1.2), Column("网格", 1.6), Column("网格户数", 1, "right"),
                                           Column("已走访户数", 1, "right"), Column("覆盖率", 1, "right")),
                      table_rows),),
        charts=(Chart("各工作人员覆盖率（%）", tuple(r[0] for r in rows),
                      tuple(round(r[3] * 100 / r[2], 1) if r[2] else 0 for r in rows)),),
        notes=("网格户数：截止日有居民居住的户；已走访：截止日前12个月内有任何方式的走访记录。",),
    )
