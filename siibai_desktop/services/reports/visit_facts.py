"""Counting visits and needs over a period (shared by 成绩单, 五个一 and coverage)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ...db.models import Building, Household, Resident
from ...db.models.visits import Need, NeedCategory, NeedEvent, Visit, VisitResident, VisitStaff
from ...domain.needs import NeedStatus
from .roster_facts import present_filter


@dataclass(frozen=True)
class SolvedNeed:
    id: int
    category: str
    description: str
    address: str
    raised_on: dt.date
    resolved_on: dt.date
    resolution: str
    verdict: str | None


def _in_period(start: dt.date, end: dt.date) -> tuple:
    """Visits that count in the period: dated within it and not voided."""
    return Visit.visit_date >= start, Visit.visit_date <= end, Visit.voided_at.is_(None)


def present_households(session: Session, day: dt.date) -> dict[int, int | None]:
    """household id -> grid id, for households with someone living there on `day`."""
    living = select(Resident.household_id).where(present_filter(day)).distinct().scalar_subquery()
    return dict(session.execute(
        select(Household.id, Building.grid_id).join(Building, Household.building_id == Building.id)
        .where(Household.id.in_(living))).all())


def present_household_count(session: Session, day: dt.date) -> int:
    return session.scalar(select(func.count(distinct(Resident.household_id))).where(present_filter(day))) or 0


def residents_of_visited(session: Session, start: dt.date, end: dt.date) -> int:
    """Residents living (on `end`) in households visited in the period."""
    visited = select(Visit.household_id).where(*_in_period(start, end))
    return session.scalar(select(func.count()).select_from(Resident).where(
        Resident.household_id.in_(visited), present_filter(end))) or 0


def visited_household_count(session: Session, start: dt.date, end: dt.date) -> int:
    return session.scalar(select(func.count(distinct(Visit.household_id)))
                          .where(*_in_period(start, end))) or 0


def visited_households(session: Session, start: dt.date, end: dt.date) -> set[int]:
    return set(session.scalars(select(Visit.household_id).distinct()
                               .where(*_in_period(start, end))))


def visits_by_mode(session: Session, start: dt.date, end: dt.date) -> Counter:
    return Counter(dict(session.execute(select(Visit.mode, func.count()).where(
        *_in_period(start, end)).group_by(Visit.mode)).all()))


def residents_met(session: Session, start: dt.date, end: dt.date) -> int:
    return session.scalar(select(func.count(distinct(VisitResident.resident_id)))
                          .join(Visit, Visit.id == VisitResident.visit_id)
                          .where(*_in_period(start, end))) or 0


def visits_per_staff(session: Session, start: dt.date, end: dt.date) -> Counter:
    return Counter(dict(session.execute(
        select(VisitStaff.staff_id, func.count()).join(Visit, Visit.id == VisitStaff.visit_id)
        .where(*_in_period(start, end)).group_by(VisitStaff.staff_id)).all()))


def needs_raised(session: Session, start: dt.date, end: dt.date) -> list[tuple[int, str, str, str]]:
    """(id, category, description, status) of needs raised in the period."""
    return [tuple(r) for r in session.execute(
        select(Need.id, NeedCategory.name, Need.description, Need.status)
        .join(NeedCategory, Need.category_id == NeedCategory.id)
        .where(Need.raised_on >= start, Need.raised_on <= end).order_by(Need.raised_on, Need.id))]


def needs_solved(session: Session, start: dt.date, end: dt.date) -> list[SolvedNeed]:
    """Needs first marked 已办结 within the period, with the days it took."""
    first_resolved = (select(NeedEvent.need_id, func.min(NeedEvent.event_date).label("day"))
                      .where(NeedEvent.to_status == NeedStatus.RESOLVED.value)
                      .group_by(NeedEvent.need_id).subquery())
    rows = session.execute(
        select(Need.id, NeedCategory.name, Need.description, Household.address_text, Need.raised_on,
               first_resolved.c.day, Need.resolution, Need.follow_up_verdict)
        .join(first_resolved, first_resolved.c.need_id == Need.id)
        .join(NeedCategory, Need.category_id == NeedCategory.id)
        .join(Household, Need.household_id == Household.id)
        .where(first_resolved.c.day >= start, first_resolved.c.day <= end)
        .order_by(first_resolved.c.day, Need.id)).all()
    return [SolvedNeed(*r) for r in rows]


def follow_up_verdicts(session: Session, start: dt.date, end: dt.date) -> Counter:
    return Counter(dict(session.execute(
        select(NeedEvent.verdict, func.count()).where(
            NeedEvent.verdict.is_not(None), NeedEvent.event_date >= start, NeedEvent.event_date <= end)
        .group_by(NeedEvent.verdict)).all()))
