"""Who lived here on a given day, from move-in dates and life events (not current state),
so a report for a past month always gives the same answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from ...db.models import Household, LifeEvent, Resident
from ...domain.enums import LifeEventKind

LEAVING = (LifeEventKind.DIED.value, LifeEventKind.MOVED_OUT.value)


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    sex: str | None
    birth_date: dt.date | None
    id_number: str | None
    phone: str
    address: str
    address_sort: str
    household_id: int
    moved_in_on: dt.date | None
    left_on: dt.date | None
    left_how: str | None  # died | moved_out


def people_query() -> Select:
    return (select(Resident.id, Resident.name, Resident.sex, Resident.birth_date, Resident.id_number,
                   Resident.phone, Household.address_text, Household.address_sort, Resident.household_id,
                   Resident.moved_in_on, Resident.left_on, Resident.state)
            .join(Household, Resident.household_id == Household.id))


def present_filter(day: dt.date):
    """SQL condition: living here at the end of `day` (by dates, whatever the state now)."""
    return and_(or_(Resident.moved_in_on.is_(None), Resident.moved_in_on <= day),
                or_(Resident.left_on.is_(None), Resident.left_on > day))


def load_people(session: Session, stmt: Select) -> list[Person]:
    rows = session.execute(stmt).all()
    leaving: dict[int, tuple[dt.date, str]] = {}
    left_ids = [r.id for r in rows if r.left_on is not None]
    for start in range(0, len(left_ids), 900):
        for rid, kind, day in session.execute(
            select(LifeEvent.resident_id, LifeEvent.kind, LifeEvent.event_date)
            .where(LifeEvent.resident_id.in_(left_ids[start:start + 900]), LifeEvent.kind.in_(LEAVING))
        ):
            if rid not in leaving or day < leaving[rid][0]:
                leaving[rid] = (day, kind)
    people = []
    for r in rows:
        left_on, how = leaving.get(r.id, (r.left_on, r.state if r.left_on else None))
        people.append(Person(r.id, r.name, r.sex, r.birth_date, r.id_number, r.phone or "", r.address_text,
                             r.address_sort, r.household_id, r.moved_in_on, left_on, how))
    return people


def present_on(person: Person, day: dt.date) -> bool:
    return ((person.moved_in_on is None or person.moved_in_on <= day)
            and (person.left_on is None or person.left_on > day))
