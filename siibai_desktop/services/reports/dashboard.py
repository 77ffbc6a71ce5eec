"""Charts for the dashboard (首页): visits per week, needs by status, coverage per staff.

The dashboard page shows them with ui.widgets.report_chart.chart_widget."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ...db.engine import Database
from ...db.models.visits import Need, Visit
from ...domain.needs import NeedStatus
from .coverage import coverage_rows
from .model import Chart

WEEKS = 12


def dashboard_charts(db: Database, weeks: int = WEEKS) -> list[Chart]:
    """Three charts as of today."""
    today = db.clock.today()
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=weeks - 1)
    with db.reading() as session:
        days = session.execute(select(Visit.visit_date, func.count()).where(
            Visit.visit_date >= first, Visit.visit_date <= today, Visit.voided_at.is_(None))
            .group_by(Visit.visit_date)).all()
        statuses = dict(session.execute(select(Need.status, func.count()).group_by(Need.status)).all())
    per_week = [0] * weeks
    for day, count in days:
        per_week[(day - first).days // 7] += count
    mondays = (first + dt.timedelta(weeks=i) for i in range(weeks))
    labels = tuple(f"{d.month}/{d.day}" for d in mondays)  # short: twelve of them share one axis
    coverage = coverage_rows(db, today)
    return [
        Chart("每周走访次数", labels, tuple(per_week)),
        Chart("诉求状态", tuple(s.label for s in NeedStatus), tuple(statuses.get(s.value, 0) for s in NeedStatus),
              kind="pie"),
        Chart("各工作人员走访覆盖率（%）", tuple(r[0] for r in coverage),
              tuple(round(r[3] * 100 / r[2], 1) if r[2] else 0 for r in coverage)),
    ]
