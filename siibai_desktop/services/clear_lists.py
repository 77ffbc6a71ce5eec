"""2必清: 底数清 (roster verified within 12 months) and 需求清 (visited within 12 months).

Both lists come from one SQL statement each and feed the visit day's plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, exists, func, select

from ..db.engine import Database
from ..db.models import Building, Compound, Grid, Household, Resident, Staff
from ..db.models.visits import Visit
from ..domain.address import format_address
from ..domain.enums import ResidentState
from ..domain.visit_day import months_before
from .errors import NotFound

CURRENT = ResidentState.CURRENT.value


@dataclass(frozen=True)
class ClearLine:
    household_id: int
    address: str
    building_id: int
    building: str
    residents: tuple[str, ...]
    last_verified_on: dt.date | None
    last_visit_date: dt.date | None
    grid: str | None
    staff: str | None
    reason: str


def scoped_households(staff_id: int | None = None, grid_id: int | None = None) -> Select:
    """Households with someone living there, of a staff member's grids or one grid (or all)."""
    stmt = (select(Household.id).join(Building, Household.building_id == Building.id)
            .where(exists().where(and_(Resident.household_id == Household.id, Resident.state == CURRENT))))
    if grid_id is not None:
        stmt = stmt.where(Building.grid_id == grid_id)
    if staff_id is not None:
        stmt = stmt.where(Building.grid_id.in_(select(Grid.id).where(Grid.staff_id == staff_id)))
    return stmt


def last_visits() -> Select:
    """(household_id, last visit date) for every visited household (voided visits ignored)."""
    return (select(Visit.household_id.label("hid"), func.max(Visit.visit_date).label("last"))
            .where(Visit.voided_at.is_(None)).group_by(Visit.household_id))


def _lines(db: Database, where, staff_id, grid_id, reason_of) -> list[ClearLine]:
    scope = scoped_households(staff_id, grid_id).subquery()
    last = last_visits().subquery()
    stmt = (
        select(Household.id, Household.address_text, Household.last_verified_on, Building.id.label("bid"),
               Building.road, Building.lane, Building.number, Compound.name.label("compound"),
               Grid.name.label("grid"), Staff.name.label("staff"), last.c.last)
        .join(scope, scope.c.id == Household.id)
        .join(Building, Household.building_id == Building.id)
        .join(Compound, Building.compound_id == Compound.id)
        .outerjoin(Grid, Building.grid_id == Grid.id)
        .outerjoin(Staff, Grid.staff_id == Staff.id)
        .outerjoin(last, last.c.hid == Household.id)
        .where(where(last))
        .order_by(Household.address_sort, Household.id)
    )
    with db.reading() as session:
        rows = session.execute(stmt).all()
        names: dict[int, list[str]] = {r.id: [] for r in rows}
        if rows:
            for hid, name in session.execute(
                select(Resident.household_id, Resident.name)
                .where(Resident.household_id.in_(select(scope.c.id)), Resident.state == CURRENT)
                .order_by(Resident.household_id, Resident.relation != "head", Resident.birth_date, Resident.id)
            ):
                if hid in names:
                    names[hid].append(name)
    return [ClearLine(
        household_id=r.id, address=r.address_text, building_id=r.bid,
        building=format_address(r.compound, r.road, r.lane, r.number, ""), residents=tuple(names[r.id]),
        last_verified_on=r.last_verified_on, last_visit_date=r.last, grid=r.grid, staff=r.staff,
        reason=reason_of(r),
    ) for r in rows]


def unverified_reason(last_verified_on: dt.date | None, today: dt.date) -> str:
    """Why a household is on the 底数清 list ('' when it was verified in the last 12 months)."""
    if last_verified_on is None:
        return "底数清：户籍信息从未核对"
    if last_verified_on > months_before(today, 12):
        return ""
    return f"底数清：户籍信息上次核对于 {last_verified_on.isoformat()}，已超过 12 个月"


def unvisited_reason(last_visit: dt.date | None, today: dt.date) -> str:
    """Why a household is on the 需求清 list ('' when it was visited in the last 12 months)."""
    if last_visit is None:
        return "需求清：从未走访"
    if last_visit > months_before(today, 12):
        return ""
    return f"需求清：上次走访于 {last_visit.isoformat()}，12 个月内未走访"


def unverified_households(db: Database, staff_id: int | None = None, grid_id: int | None = None) -> list[ClearLine]:
    """底数清: households whose roster data was not verified in the last 12 months."""
    today = db.clock.today()
    cutoff = months_before(today, 12)
    return _lines(db, lambda last: (Household.last_verified_on.is_(None)) | (Household.last_verified_on <= cutoff),
                  staff_id, grid_id, lambda r: unverified_reason(r.last_verified_on, today))


def unvisited_households(db: Database, staff_id: int | None = None, grid_id: int | None = None) -> list[ClearLine]:
    """需求清: households with no visit (of any kind) in the last 12 months."""
    today = db.clock.today()
    cutoff = months_before(today, 12)
    return _lines(db, lambda last: (last.c.last.is_(None)) | (last.c.last <= cutoff), staff_id, grid_id,
                  lambda r: unvisited_reason(r.last, today))


def mark_verified(db: Database, household_id: int, day: dt.date | None = None) -> dt.date:
    """Record that the household's roster data was checked (today unless a day is given)."""
    day = day or db.clock.today()
    with db.transaction() as session:
        household = session.get(Household, household_id)
        if household is None:
            raise NotFound("该户不存在")
        household.last_verified_on = day
        return day
