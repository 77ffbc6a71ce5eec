"""集中走访 (visit day): plan a day for a staff member or grid, keep the plan, find a
household from the short code on its returned sheet.

Planning takes the due households first (overdue first, then due, then coming up), then
those the 2必清 lists name (no visit in 12 months, roster not verified in 12 months),
up to a limit; the chosen households are then put in walking order, building by building.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select

from ..db.engine import Database
from ..db.models import Building, Compound, Grid, Household, Resident, Staff
from ..db.models.visit_days import VisitDay, VisitDayHousehold
from ..db.models.visits import Visit
from ..domain.address import format_address
from ..domain.enums import ResidentState
from ..domain.sheet_code import SheetCodeError, decode, encode
from .clear_lists import unverified_households, unverified_reason, unvisited_households, unvisited_reason
from .due import DueLine, due_list
from .errors import NotFound, UserError, ValidationFailed

DEFAULT_LIMIT = 30
SOURCE_LABELS = {"due": "必访", "unvisited": "需求清", "unverified": "底数清", "manual": "手动加入"}
OPEN_DUE = ("overdue", "due", "coming_up")


@dataclass(frozen=True)
class PlanLine:
    household_id: int
    code: str
    address: str
    building_id: int
    building: str
    room: str
    residents: tuple[str, ...]
    source: str
    source_label: str
    state: str          # the due state on the plan's day ("" when not on the due list)
    state_label: str
    overdue_days: int
    due_date: dt.date | None
    reason: str
    visited: bool       # a visit was recorded on or after the plan's day

    @property
    def status_text(self) -> str:
        """逾期 N 天 / 到期 … from the due list, else why it is on the plan."""
        if self.state_label:
            return self.state_label
        return self.source_label if self.reason or self.source == "manual" else "计划内走访"


@dataclass(frozen=True)
class VisitDayPlan:
    id: int
    day: dt.date
    staff_id: int | None
    staff: str | None
    grid_id: int | None
    grid: str | None
    lines: tuple[PlanLine, ...]

    @property
    def title(self) -> str:
        who = "、".join(x for x in (self.staff, self.grid) if x) or "全居委"
        return f"集中走访 {self.day.isoformat()} {who}"


@dataclass(frozen=True)
class VisitDaySummary:
    id: int
    day: dt.date
    staff: str | None
    grid: str | None
    households: int


@dataclass(frozen=True)
class CodeHit:
    household_id: int
    code: str
    address: str
    residents: tuple[str, ...]


def _candidates(db: Database, day: dt.date, staff_id, grid_id, limit: int,
                include_clear_lists: bool) -> list[tuple[int, str, str]]:
    """(household_id, source, reason) in priority order, at most `limit`."""
    chosen: dict[int, tuple[str, str]] = {}
    for line in due_list(db, staff_id=staff_id, grid_id=grid_id, day=day):
        if line.state in OPEN_DUE and line.household_id not in chosen:
            chosen[line.household_id] = ("due", f"{line.state_label}：{line.reason}")
        if len(chosen) >= limit:
            break
    if include_clear_lists and len(chosen) < limit:
        for lister in (unvisited_households, unverified_households):
            for line in lister(db, staff_id=staff_id, grid_id=grid_id):
                if len(chosen) >= limit:
                    break
                if line.household_id not in chosen:
                    chosen[line.household_id] = ("unvisited" if lister is unvisited_households else "unverified",
                                                 line.reason)
    return [(hid, src, why) for hid, (src, why) in chosen.items()]


def find_plan(db: Database, day: dt.date, staff_id: int | None = None, grid_id: int | None = None) -> int | None:
    """The stored plan for this day and staff member / grid, if any."""
    with db.reading() as session:
        return session.scalar(select(VisitDay.id).where(
            VisitDay.day == day, VisitDay.staff_id.is_(None) if staff_id is None else VisitDay.staff_id == staff_id,
            VisitDay.grid_id.is_(None) if grid_id is None else VisitDay.grid_id == grid_id,
        ).order_by(VisitDay.id).limit(1))


def plan_visit_day(db: Database, day: dt.date, staff_id: int | None = None, grid_id: int | None = None,
                   limit: int = DEFAULT_LIMIT, replace: bool = False, include_clear_lists: bool = True) -> int:
    """Plan the day: the stored plan if there is one (unless `replace`), else a new one filled
    with the due households first and the 2必清 lists after, in walking order. Returns its id."""
    if limit < 1:
        raise ValidationFailed({"limit": "每天走访户数至少为 1"})
    existing = find_plan(db, day, staff_id, grid_id)
    if existing is not None and not replace:
        return existing
    picked = _candidates(db, day, staff_id, grid_id, limit, include_clear_lists)
    with db.transaction() as session:
        if staff_id is not None and session.get(Staff, staff_id) is None:
            raise NotFound("该工作人员不存在")
        if grid_id is not None and session.get(Grid, grid_id) is None:
            raise NotFound("该网格不存在")
        plan = session.get(VisitDay, existing) if existing is not None else None
        if plan is None:
            plan = VisitDay(day=day, staff_id=staff_id, grid_id=grid_id, note="")
            session.add(plan)
        plan.households.clear()
        session.flush()
        order = _walking_order(session, [hid for hid, _, _ in picked])
        by_id = {hid: (src, why) for hid, src, why in picked}
        for position, hid in enumerate(order):
            src, why = by_id[hid]
            plan.households.append(VisitDayHousehold(household_id=hid, position=position, source=src, reason=why))
        session.flush()
        return plan.id


def _walking_order(session, household_ids: list[int]) -> list[int]:
    """Building by building (in address order), rooms in order inside each building."""
    if not household_ids:
        return []
    rows = session.execute(select(Household.id).where(Household.id.in_(household_ids))
                           .order_by(Household.address_sort, Household.id))
    return [r[0] for r in rows]


def add_to_plan(db: Database, plan_id: int, household_id: int) -> None:
    """Put any household on the plan, in its place in the walking order."""
    with db.transaction() as session:
        plan = session.get(VisitDay, plan_id)
        if plan is None:
            raise NotFound("该走访计划不存在")
        if session.get(Household, household_id) is None:
            raise NotFound("该户不存在")
        if any(link.household_id == household_id for link in plan.households):
            raise UserError("该户已在本次走访计划中")
        plan.households.append(VisitDayHousehold(household_id=household_id, source="manual", reason="", position=0))
        session.flush()
        _renumber(session, plan)


def remove_from_plan(db: Database, plan_id: int, household_id: int) -> None:
    """Take a household off the plan."""
    with db.transaction() as session:
        plan = session.get(VisitDay, plan_id)
        if plan is None:
            raise NotFound("该走访计划不存在")
        for link in list(plan.households):
            if link.household_id == household_id:
                plan.households.remove(link)
        session.flush()
        _renumber(session, plan)


def _renumber(session, plan: VisitDay) -> None:
    order = _walking_order(session, [link.household_id for link in plan.households])
    position = {hid: i for i, hid in enumerate(order)}
    for link in plan.households:
        link.position = position[link.household_id]


def delete_plan(db: Database, plan_id: int) -> None:
    """Drop a plan (its visits, if any were recorded, stay)."""
    with db.transaction() as session:
        plan = session.get(VisitDay, plan_id)
        if plan is None:
            raise NotFound("该走访计划不存在")
        session.delete(plan)


def list_plans(db: Database, since: dt.date | None = None) -> list[VisitDaySummary]:
    """Stored plans, latest day first."""
    with db.reading() as session:
        count = (select(VisitDayHousehold.visit_day_id, func.count().label("n"))
                 .group_by(VisitDayHousehold.visit_day_id).subquery())
        stmt = (select(VisitDay.id, VisitDay.day, Staff.name, Grid.name, count.c.n)
                .outerjoin(Staff, VisitDay.staff_id == Staff.id).outerjoin(Grid, VisitDay.grid_id == Grid.id)
                .outerjoin(count, count.c.visit_day_id == VisitDay.id))
        if since is not None:
            stmt = stmt.where(VisitDay.day >= since)
        return [VisitDaySummary(i, d, s, g, n or 0)
                for i, d, s, g, n in session.execute(stmt.order_by(VisitDay.day.desc(), VisitDay.id))]


def get_plan(db: Database, plan_id: int) -> VisitDayPlan:
    """A plan with its households in walking order and each one's due state on the day."""
    with db.reading() as session:
        head = session.execute(
            select(VisitDay, Staff.name, Grid.name).outerjoin(Staff, VisitDay.staff_id == Staff.id)
            .outerjoin(Grid, VisitDay.grid_id == Grid.id).where(VisitDay.id == plan_id)).first()
        if head is None:
            raise NotFound("该走访计划不存在")
        plan, staff, grid = head
        day, staff_id, grid_id = plan.day, plan.staff_id, plan.grid_id
        counted = Visit.voided_at.is_(None)
        visited = exists().where(and_(Visit.household_id == Household.id, Visit.visit_date >= day, counted))
        last_visit = (select(func.max(Visit.visit_date)).where(Visit.household_id == Household.id, counted)
                      .scalar_subquery())
        rows = session.execute(
            select(VisitDayHousehold.household_id, VisitDayHousehold.source, VisitDayHousehold.reason,
                   Household.address_text, Household.room, Household.last_verified_on, Building.id.label("bid"),
                   Building.road, Building.lane, Building.number, Compound.name.label("compound"),
                   visited.label("visited"), last_visit.label("last_visit"))
            .join(Household, VisitDayHousehold.household_id == Household.id)
            .join(Building, Household.building_id == Building.id)
            .join(Compound, Building.compound_id == Compound.id)
            .where(VisitDayHousehold.visit_day_id == plan_id)
            .order_by(VisitDayHousehold.position, Household.address_sort)
        ).all()
        names = _resident_names(session, [r.household_id for r in rows])
    due = {line.household_id: line for line in due_list(db, staff_id=staff_id, grid_id=grid_id, day=day)} if rows else {}
    lines = []
    for r in rows:
        d: DueLine | None = due.get(r.household_id)
        lines.append(PlanLine(
            household_id=r.household_id, code=encode(r.household_id), address=r.address_text, building_id=r.bid,
            building=format_address(r.compound, r.road, r.lane, r.number, ""),
            room=(r.room + ("" if not r.room or r.room.endswith("室") else "室")),
            residents=tuple(names.get(r.household_id, ())), source=r.source,
            source_label=SOURCE_LABELS.get(r.source, r.source),
            state=d.state if d else "", state_label=d.state_label if d else "",
            overdue_days=d.overdue_days if d else 0, due_date=d.due_date if d else None,
            reason=d.reason if d else _reason_now(r, day), visited=bool(r.visited),
        ))
    return VisitDayPlan(plan_id, day, staff_id, staff, grid_id, grid, tuple(lines))


def _reason_now(r, day: dt.date) -> str:
    """A 2必清 line's reason as of now (the stored one may predate a visit or a check)."""
    if r.source == "unvisited":
        return unvisited_reason(r.last_visit, day)
    if r.source == "unverified":
        return unverified_reason(r.last_verified_on, day)
    return r.reason


def _resident_names(session, household_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for start in range(0, len(household_ids), 500):
        chunk = household_ids[start:start + 500]
        for hid, name in session.execute(
            select(Resident.household_id, Resident.name)
            .where(Resident.household_id.in_(chunk), Resident.state == ResidentState.CURRENT.value)
            .order_by(Resident.household_id, Resident.relation != "head", Resident.birth_date, Resident.id)
        ):
            out.setdefault(hid, []).append(name)
    return out


def household_by_code(db: Database, code: str) -> CodeHit:
    """The household a sheet's short code stands for; a Chinese UserError for a wrong code."""
    try:
        household_id = decode(code)
    except SheetCodeError as exc:
        raise UserError(str(exc)) from None
    with db.reading() as session:
        address = session.scalar(select(Household.address_text).where(Household.id == household_id))
        if address is None:
            raise NotFound(f"没有编号为 {code.strip().upper()} 的户")
        names = _resident_names(session, [household_id]).get(household_id, [])
    return CodeHit(household_id, encode(household_id), address, tuple(names))
