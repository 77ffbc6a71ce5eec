"""工作台: the figures the office looks at first, each computed in SQL (or by the SQL due
list), and the lists behind them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, select

from ..db.engine import Database
from ..db.models import Building, Grid, Household, Resident, Staff
from ..db.models.visits import Need, Visit
from ..domain.enums import ResidentState
from ..domain.needs import OPEN_STATUSES
from ..domain.visit_day import months_before
from .due import DueLine, due_list

CURRENT = ResidentState.CURRENT.value
KNOW_GOAL = 1000  # 一名居委干部应认识1000名居民


@dataclass(frozen=True)
class StaffCoverage:
    staff_id: int
    name: str
    grids: str
    households: int      # households with someone living there, in the staff member's grids
    residents: int
    visited: int         # of those, visited in the last 12 months

    @property
    def share(self) -> float:
        return self.visited / self.households if self.households else 0.0


@dataclass(frozen=True)
class DashboardFigures:
    day: dt.date
    due_today: int
    due_this_week: int
    overdue: int
    open_needs: int
    overdue_needs: int
    households: int
    visited_12m: int
    unverified: int      # 底数清: roster not verified in 12 months
    staff: tuple[StaffCoverage, ...]

    @property
    def unvisited(self) -> int:  # 需求清: no visit in 12 months
        return self.households - self.visited_12m


def week_end(day: dt.date) -> dt.date:
    """The Sunday of day's week."""
    return day + dt.timedelta(days=6 - day.weekday())


def due_lines(db: Database, which: str, day: dt.date | None = None) -> list[DueLine]:
    """The due-list lines behind a figure: "today", "week" (today to Sunday) or "overdue"."""
    day = day or db.clock.today()
    lines = due_list(db, day=day, include_not_due=which == "week")
    if which == "today":
        return [d for d in lines if d.state == "due"]
    if which == "overdue":
        return [d for d in lines if d.state == "overdue"]
    if which == "week":
        end = week_end(day)
        return [d for d in lines if d.state in ("due", "coming_up", "not_due") and day <= d.due_date <= end]
    raise ValueError(which)


def dashboard(db: Database) -> DashboardFigures:
    """Every figure of the dashboard for today."""
    today = db.clock.today()
    cutoff = months_before(today, 12)
    end = week_end(today)
    due = due_list(db, day=today, include_not_due=True)
    lived_in = exists().where(and_(Resident.household_id == Household.id, Resident.state == CURRENT))
    visited = exists().where(and_(Visit.household_id == Household.id, Visit.visit_date > cutoff,
                                  Visit.visit_date <= today, Visit.voided_at.is_(None)))
    with db.reading() as session:
        open_needs, overdue_needs = session.execute(
            select(func.count(), func.coalesce(func.sum(case((Need.deadline < today, 1), else_=0)), 0))
            .where(Need.status.in_(sorted(OPEN_STATUSES)))).one()
        households, visited_12m, unverified = session.execute(
            select(func.count(), func.coalesce(func.sum(case((visited, 1), else_=0)), 0),
                   func.coalesce(func.sum(case(((Household.last_verified_on.is_(None))
                                                | (Household.last_verified_on <= cutoff), 1), else_=0)), 0))
            .where(lived_in)).one()
        per_staff = {sid: (n, v) for sid, n, v in session.execute(
            select(Grid.staff_id, func.count(Household.id), func.coalesce(func.sum(case((visited, 1), else_=0)), 0))
            .join(Building, Household.building_id == Building.id).join(Grid, Building.grid_id == Grid.id)
            .where(lived_in, Grid.staff_id.is_not(None)).group_by(Grid.staff_id))}
        people = dict(session.execute(
            select(Grid.staff_id, func.count(Resident.id))
            .join(Household, Resident.household_id == Household.id)
            .join(Building, Household.building_id == Building.id).join(Grid, Building.grid_id == Grid.id)
            .where(Resident.state == CURRENT, Grid.staff_id.is_not(None)).group_by(Grid.staff_id)).all())
        grids: dict[int, list[str]] = {}
        for sid, name in session.execute(select(Grid.staff_id, Grid.name).where(Grid.staff_id.is_not(None))
                                         .order_by(Grid.name)):
            grids.setdefault(sid, []).append(name)
        staff = tuple(
            StaffCoverage(s.id, s.name, "、".join(grids.get(s.id, ())), per_staff.get(s.id, (0, 0))[0],
                          people.get(s.id, 0), per_staff.get(s.id, (0, 0))[1])
            for s in session.scalars(select(Staff).where(Staff.active.is_(True)).order_by(Staff.id)))
    return DashboardFigures(
        day=today,
        due_today=sum(1 for d in due if d.state == "due"),
        due_this_week=sum(1 for d in due if d.state in ("due", "coming_up", "not_due") and today <= d.due_date <= end),
        overdue=sum(1 for d in due if d.state == "overdue"),
        open_needs=open_needs, overdue_needs=int(overdue_needs), households=households,
        visited_12m=int(visited_12m), unverified=int(unverified), staff=staff,
    )
