"""四百走访成绩单 (half year / year): households and residents visited, visits by mode,
needs raised / solved / average days to solve / follow-up satisfaction, and the share of
必访 households not overdue at the end of the period."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from sqlalchemy import select

from ...db.engine import Database
from ...db.models import Staff
from ...domain.needs import FollowUpVerdict
from ...domain.visits import VisitMode, mode_label
from .model import Chart, Column, Report, Table, percent, period_text
from .visit_facts import (
    follow_up_verdicts, needs_raised, needs_solved, present_household_count, residents_met, residents_of_visited,
    visited_household_count, visits_by_mode, visits_per_staff,
)

TITLE = "四百走访成绩单"


def due_on_time(db: Database, day: dt.date) -> tuple[int, int]:
    """(必访 households, of which not overdue) on `day`, by the due-list rules."""
    try:
        from ..due import due_list
    except ImportError:  # the visit programme is not installed
        return 0, 0
    lines = due_list(db, day=day, include_not_due=True)
    return len(lines), sum(1 for line in lines if line.state != "overdue")


def scorecard_report(db: Database, start: dt.date, end: dt.date, **_options) -> Report:
    # The due list is the slowest part; it reads on its own connection meanwhile
    # (SQLite releases the GIL while it works), which keeps the page under half a second.
    with ThreadPoolExecutor(max_workers=1) as pool:
        due = pool.submit(due_on_time, db, end)
        report = _scorecard(db, start, end)
        due_total, due_ok = due.result()
    figures = tuple((label, f"{percent(due_ok, due_total)}（{due_ok}/{due_total} 户未逾期）")
                    if label == DUE_LABEL else (label, value) for label, value in report.figures)
    return replace(report, figures=figures)


DUE_LABEL = "必访户按期走访率"


def _scorecard(db: Database, start: dt.date, end: dt.date) -> Report:
    with db.reading() as session:
        households = present_household_count(session, end)
        visited = visited_household_count(session, start, end)
        modes = visits_by_mode(session, start, end)
        met = residents_met(session, start, end)
        covered_people = residents_of_visited(session, start, end)
        raised = needs_raised(session, start, end)
        solved = needs_solved(session, start, end)
        verdicts = follow_up_verdicts(session, start, end)
        per_staff = visits_per_staff(session, start, end)
        staff_names = dict(session.execute(select(Staff.id, Staff.name)).all())
    days = [(s.resolved_on - s.raised_on).days for s in solved]
    average = f"{sum(days) / len(days):.1f} 天" if days else "—"
    happy = verdicts[FollowUpVerdict.SATISFIED.value] + verdicts[FollowUpVerdict.FAIRLY.value]
    followed = sum(verdicts.values())
    mode_rows = tuple((m.label, modes.get(m.value, 0)) for m in VisitMode)
    mode_rows += tuple((mode_label(code), n) for code, n in modes.items() if code not in {m.value for m in VisitMode})
    by_category = Counter(c for _id, c, _d, _s in raised)
    solved_by_category = Counter(s.category for s in solved)
    categories = sorted(set(by_category) | set(solved_by_category), key=lambda c: -by_category[c])
    return Report(
        key="scorecard", title=TITLE, period=period_text(start, end), start=start, end=end,
        figures=(
            ("走访户数", f"{visited}（占在册 {households} 户的 {percent(visited, households)}）"),
            ("走访覆盖居民", f"{covered_people} 人（其中当面见到 {met} 人）"),
            ("走访次数", str(sum(modes.values()))),
            ("收集诉求", f"{len(raised)} 件"),
            ("办结诉求", f"{len(solved)} 件"),
            ("平均办结用时", average),
            ("回访满意率", f"{percent(happy, followed)}（回访 {followed} 件）"),
            (DUE_LABEL, ""),
        ),
        tables=(
            Table("走访方式", (Column("方式", 2), Column("次数", 1, "right"), Column("占比", 1, "right")),
                  tuple((label, n, percent(n, sum(modes.values()))) for label, n in mode_rows)),
            Table("诉求分类", (Column("类别", 2), Column("收集", 1, "right"), Column("办结", 1, "right")),
                  tuple((c, by_category[c], solved_by_category[c]) for c in categories)),
            Table("工作人员走访次数", (Column("工作人员", 2), Column("走访次数", 1, "right")),
                  tuple((staff_names.get(sid, str(sid)), n) for sid, n in per_staff.most_common())),
        ),
        charts=(Chart("走访方式", tuple(label for label, _ in mode_rows), tuple(n for _, n in mode_rows)),
                Chart("回访结果", tuple(v.label for v in FollowUpVerdict),
                      tuple(verdicts[v.value] for v in FollowUpVerdict), kind="pie")),
        notes=("办结：期间内首次标记为已办结；平均办结用时：从收集到首次办结的天数。",
               "必访户按期走访率：截止日按7必访规则应访的户中未逾期的比例。"),
    )
