"""Life events: move out, death, move to another household, split a household.

Nothing is deleted: the person leaves the current lists and the event stays in history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Household, LifeEvent, Resident, ResidentTag
from ..domain.enums import LifeEventKind, Relation, ResidentState
from .errors import NotFound, ValidationFailed
from .residents import refresh_search_text


@dataclass(frozen=True)
class LifeEventRow:
    id: int
    kind: str
    kind_label: str
    event_date: dt.date
    place: str
    note: str
    from_address: str
    to_address: str


def _current_resident(session: Session, resident_id: int) -> Resident:
    resident = session.get(Resident, resident_id)
    if resident is None:
        raise NotFound("该居民不存在")
    if resident.state != ResidentState.CURRENT.value:
        raise ValidationFailed({"state": f"{resident.name} 已不在册（{ResidentState(resident.state).label}）"})
    return resident


def _check_date(day: dt.date, today: dt.date) -> None:
    if day > today:
        raise ValidationFailed({"event_date": "日期不能晚于今天"})


def _end_tags(session: Session, resident_id: int, day: dt.date) -> None:
    for link in session.scalars(select(ResidentTag).where(
        ResidentTag.resident_id == resident_id, ResidentTag.end_date.is_(None)
    )):
        link.end_date = day


def move_out(db: Database, resident_id: int, day: dt.date, place: str = "", note: str = "") -> None:
    """Record that a resident moved away; they drop out of current lists from that day."""
    _check_date(day, db.clock.today())
    with db.transaction() as session:
        resident = _current_resident(session, resident_id)
        resident.state = ResidentState.MOVED_OUT.value
        resident.left_on = day
        session.add(LifeEvent(resident_id=resident.id, kind=LifeEventKind.MOVED_OUT.value, event_date=day,
                              from_household_id=resident.household_id, place=place.strip(), note=note))


def record_death(db: Database, resident_id: int, day: dt.date, note: str = "") -> None:
    """Record a death; the resident's tags end that day and they leave every due list."""
    _check_date(day, db.clock.today())
    with db.transaction() as session:
        resident = _current_resident(session, resident_id)
        resident.state = ResidentState.DIED.value
        resident.left_on = day
        _end_tags(session, resident.id, day)
        session.add(LifeEvent(resident_id=resident.id, kind=LifeEventKind.DIED.value, event_date=day,
                              from_household_id=resident.household_id, note=note))


def move_to_household(db: Database, resident_id: int, household_id: int, day: dt.date,
                      relation: str = Relation.OTHER.value, note: str = "") -> None:
    """Move a resident into another household on the roster."""
    _check_date(day, db.clock.today())
    with db.transaction() as session:
        resident = _current_resident(session, resident_id)
        target = session.get(Household, household_id)
        if target is None:
            raise ValidationFailed({"household_id": "目标户不存在"})
        if target.id == resident.household_id:
            raise ValidationFailed({"household_id": "已在该户中"})
        session.add(LifeEvent(resident_id=resident.id, kind=LifeEventKind.MOVED_HOUSEHOLD.value, event_date=day,
                              from_household_id=resident.household_id, to_household_id=target.id, note=note))
        resident.household = target
        resident.relation = relation
        refresh_search_text(resident)


def split_household(db: Database, resident_ids: list[int], day: dt.date, room: str | None = None,
                    head_id: int | None = None, note: str = "") -> int:
    """分户: move some members into a new household at the same building; return its id."""
    _check_date(day, db.clock.today())
    if not resident_ids:
        raise ValidationFailed({"residents": "请选择要分户的成员"})
    with db.transaction() as session:
        members = [_current_resident(session, rid) for rid in resident_ids]
        old = members[0].household
        if any(m.household_id != old.id for m in members):
            raise ValidationFailed({"residents": "分户的成员须来自同一户"})
        new = Household(building=old.building, room=old.room if room is None else room.strip(),
                        household_type=old.household_type, phone="", notes=note,
                        address_text=old.address_text, address_sort=old.address_sort)
        session.add(new)
        session.flush()
        from .households import refresh_household_address
        refresh_household_address(new)
        head = head_id if head_id in resident_ids else resident_ids[0]
        for m in members:
            session.add(LifeEvent(resident_id=m.id, kind=LifeEventKind.SPLIT.value, event_date=day,
                                  from_household_id=old.id, to_household_id=new.id, note=note))
            m.household = new
            m.relation = Relation.HEAD.value if m.id == head else Relation.OTHER.value
            refresh_search_text(m)
        return new.id


def history(db: Database, resident_id: int) -> list[LifeEventRow]:
    """A resident's life events, oldest first."""
    with db.reading() as session:
        events = session.scalars(select(LifeEvent).where(LifeEvent.resident_id == resident_id)
                                 .order_by(LifeEvent.event_date, LifeEvent.id)).all()
        def addr(hid):
            h = session.get(Household, hid) if hid else None
            return h.address_text if h else ""
        return [LifeEventRow(e.id, e.kind, LifeEventKind(e.kind).label, e.event_date, e.place, e.note,
                             addr(e.from_household_id), addr(e.to_household_id)) for e in events]
