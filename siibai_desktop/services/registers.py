"""The 3必知 registers: conflicts (矛盾纠纷), community resources (社区资源) and prominent
environmental problems (环境突出问题). Add, update and list; each call one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import case, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..db.engine import Database
from ..db.models import Building, Compound, Household, Staff
from ..db.models.registers import CommunityResource, Conflict, ConflictHousehold, EnvironmentIssue
from ..domain.address import format_address
from ..domain.phone import PhoneError, parse_phone
from ..domain.registers import (
    CLOSED_CONFLICT, CLOSED_ISSUE, ConflictKind, ConflictStatus, EnvironmentKind, IssueStatus,
    ResourceKind, RiskLevel,
)
from .errors import ConflictError, NotFound, ValidationFailed

STALE = "该记录已被其他人修改，请重新载入后再改。"


@dataclass
class ConflictInput:
    title: str
    kind: str = ConflictKind.NEIGHBOUR.value
    parties: str = ""
    status: str = ConflictStatus.OPEN.value
    risk: str = RiskLevel.LOW.value
    found_on: dt.date | None = None  # today when empty
    resolved_on: dt.date | None = None
    staff_id: int | None = None
    mediation_notes: str = ""
    household_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ConflictRow:
    id: int
    version: int
    title: str
    kind: str
    kind_label: str
    parties: str
    status: str
    status_label: str
    risk: str
    risk_label: str
    found_on: dt.date
    resolved_on: dt.date | None
    staff_id: int | None
    staff: str | None
    mediation_notes: str
    household_ids: tuple[int, ...]
    addresses: tuple[str, ...]


@dataclass
class ResourceInput:
    kind: str
    name: str
    skills: str = ""
    contact_person: str = ""
    phone: str = ""
    notes: str = ""
    active: bool = True


@dataclass(frozen=True)
class ResourceRow:
    id: int
    version: int
    kind: str
    kind_label: str
    name: str
    skills: str
    contact_person: str
    phone: str
    notes: str
    active: bool


@dataclass
class EnvironmentIssueInput:
    kind: str
    place: str = ""
    building_id: int | None = None
    status: str = IssueStatus.OPEN.value
    found_on: dt.date | None = None
    resolved_on: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class EnvironmentIssueRow:
    id: int
    version: int
    kind: str
    kind_label: str
    place: str
    building_id: int | None
    building: str
    status: str
    status_label: str
    found_on: dt.date
    resolved_on: dt.date | None
    notes: str


def _label(enum, code: str) -> str:
    try:
        return enum(code).label
    except ValueError:
        return code


def _dates(errors: dict, status_closed: bool, found: dt.date, resolved: dt.date | None,
           today: dt.date) -> dt.date | None:
    if found > today:
        errors["found_on"] = "发现日期不能晚于今天"
    if not status_closed:
        return None
    resolved = resolved or today
    if resolved > today:
        errors["resolved_on"] = "解决日期不能晚于今天"
    elif resolved < found:
        errors["resolved_on"] = "解决日期不能早于发现日期"
    return resolved


def _save(db: Database, model, record_id: int | None, expected_version: int | None,
          apply: Callable[[Session, object], None]) -> int:
    """Add (record_id None) or update one register record with the optimistic lock."""
    try:
        with db.transaction() as session:
            if record_id is None:
                record = model()
                apply(session, record)
                session.add(record)
            else:
                record = session.get(model, record_id)
                if record is None:
                    raise NotFound("该记录不存在（可能已被删除）")
                if expected_version is not None and record.version != expected_version:
                    raise ConflictError(STALE)
                apply(session, record)
            session.flush()
            return record.id
    except StaleDataError as exc:
        raise ConflictError(STALE) from exc


# --- 矛盾纠纷 -------------------------------------------------------------------------

def _check_conflict(session: Session, data: ConflictInput, today: dt.date) -> None:
    errors: dict[str, str] = {}
    data.title = (data.title or "").strip()
    if not data.title:
        errors["title"] = "请填写事由"
    elif len(data.title) > 100:
        errors["title"] = "事由过长（100 字以内）"
    if data.kind not in {k.value for k in ConflictKind}:
        errors["kind"] = "类别不对"
    if data.status not in {s.value for s in ConflictStatus}:
        errors["status"] = "状态不对"
    if data.risk not in {r.value for r in RiskLevel}:
        errors["risk"] = "风险等级不对"
    data.found_on = data.found_on or today
    data.resolved_on = _dates(errors, data.status in CLOSED_CONFLICT, data.found_on, data.resolved_on, today)
    if data.staff_id is not None and session.get(Staff, data.staff_id) is None:
        errors["staff_id"] = "负责人不存在"
    data.household_ids = list(dict.fromkeys(data.household_ids))
    if data.household_ids:
        found = set(session.scalars(select(Household.id).where(Household.id.in_(data.household_ids))))
        if len(found) != len(data.household_ids):
            errors["household_ids"] = "所选的户有不存在的"
    if errors:
        raise ValidationFailed(errors)


def _conflict_applier(data: ConflictInput, today: dt.date):
    def apply(session: Session, c: Conflict) -> None:
        _check_conflict(session, data, today)
        c.title, c.kind, c.parties, c.status, c.risk = data.title, data.kind, data.parties.strip(), data.status, data.risk
        c.found_on, c.resolved_on, c.staff_id = data.found_on, data.resolved_on, data.staff_id
        c.mediation_notes = data.mediation_notes or ""
        current = {link.household_id: link for link in c.households}
        for hid, link in current.items():
            if hid not in data.household_ids:
                c.households.remove(link)
        for hid in data.household_ids:
            if hid not in current:
                c.households.append(ConflictHousehold(household_id=hid))
    return apply


def add_conflict(db: Database, data: ConflictInput) -> int:
    """Register a conflict or source of instability; returns its id."""
    return _save(db, Conflict, None, None, _conflict_applier(data, db.clock.today()))


def update_conflict(db: Database, conflict_id: int, data: ConflictInput, expected_version: int) -> None:
    """Save an edited conflict (status, mediation notes …); refused if changed meanwhile."""
    _save(db, Conflict, conflict_id, expected_version, _conflict_applier(data, db.clock.today()))


def list_conflicts(db: Database, open_only: bool = False, household_id: int | None = None) -> list[ConflictRow]:
    """Conflicts, open ones first and newest first; optionally only those touching a household."""
    with db.reading() as session:
        stmt = select(Conflict, Staff.name).outerjoin(Staff, Conflict.staff_id == Staff.id)
        if open_only:
            stmt = stmt.where(Conflict.status.not_in(CLOSED_CONFLICT))
        if household_id is not None:
            stmt = stmt.where(Conflict.id.in_(
                select(ConflictHousehold.conflict_id).where(ConflictHousehold.household_id == household_id)))
        rows = session.execute(stmt.order_by(Conflict.status.in_(CLOSED_CONFLICT), Conflict.found_on.desc(),
                                             Conflict.id.desc())).all()
        ids = [c.id for c, _ in rows]
        links: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
        if ids:
            for cid, hid, address in session.execute(
                select(ConflictHousehold.conflict_id, Household.id, Household.address_text)
                .join(Household, ConflictHousehold.household_id == Household.id)
                .where(ConflictHousehold.conflict_id.in_(ids)).order_by(Household.address_sort)
            ):
                links[cid].append((hid, address))
        return [ConflictRow(
            id=c.id, version=c.version, title=c.title, kind=c.kind, kind_label=_label(ConflictKind, c.kind),
            parties=c.parties, status=c.status, status_label=_label(ConflictStatus, c.status), risk=c.risk,
            risk_label=_label(RiskLevel, c.risk), found_on=c.found_on, resolved_on=c.resolved_on,
            staff_id=c.staff_id, staff=staff, mediation_notes=c.mediation_notes,
            household_ids=tuple(h for h, _ in links[c.id]), addresses=tuple(a for _, a in links[c.id]),
        ) for c, staff in rows]


# --- 社区资源 -------------------------------------------------------------------------

def _resource_applier(data: ResourceInput):
    def apply(session: Session, r: CommunityResource) -> None:
        errors: dict[str, str] = {}
        data.name = (data.name or "").strip()
        if not data.name:
            errors["name"] = "请填写名称"
        elif len(data.name) > 100:
            errors["name"] = "名称过长（100 字以内）"
        if data.kind not in {k.value for k in ResourceKind}:
            errors["kind"] = "类别不对"
        phone = (data.phone or "").strip()
        if phone:
            try:
                phone = parse_phone(phone)
            except PhoneError as exc:
                errors["phone"] = str(exc)
        if errors:
            raise ValidationFailed(errors)
        r.kind, r.name, r.skills = data.kind, data.name, (data.skills or "").strip()
        r.contact_person, r.phone = (data.contact_person or "").strip(), phone
        r.notes, r.active = data.notes or "", bool(data.active)
    return apply


def add_resource(db: Database, data: ResourceInput) -> int:
    """Register a partner organisation, volunteer team or skilled resident; returns its id."""
    return _save(db, CommunityResource, None, None, _resource_applier(data))


def update_resource(db: Database, resource_id: int, data: ResourceInput, expected_version: int) -> None:
    """Save an edited community resource; refused if changed meanwhile."""
    _save(db, CommunityResource, resource_id, expected_version, _resource_applier(data))


def list_resources(db: Database, kind: str | None = None, text: str = "",
                   include_inactive: bool = True) -> list[ResourceRow]:
    """Community resources by kind and name; `text` matches name, skills or contact."""
    with db.reading() as session:
        stmt = select(CommunityResource)
        if kind:
            stmt = stmt.where(CommunityResource.kind == kind)
        if not include_inactive:
            stmt = stmt.where(CommunityResource.active.is_(True))
        for word in (text or "").split():
            stmt = stmt.where(CommunityResource.name.contains(word) | CommunityResource.skills.contains(word)
                              | CommunityResource.contact_person.contains(word))
        kind_order = case({k.value: i for i, k in enumerate(ResourceKind)}, value=CommunityResource.kind, else_=99)
        order = [CommunityResource.active.desc(), kind_order, CommunityResource.name]
        return [ResourceRow(r.id, r.version, r.kind, _label(ResourceKind, r.kind), r.name, r.skills,
                            r.contact_person, r.phone, r.notes, r.active)
                for r in session.scalars(stmt.order_by(*order))]


# --- 环境突出问题 ---------------------------------------------------------------------

def _issue_applier(data: EnvironmentIssueInput, today: dt.date):
    def apply(session: Session, e: EnvironmentIssue) -> None:
        errors: dict[str, str] = {}
        if data.kind not in {k.value for k in EnvironmentKind}:
            errors["kind"] = "问题类别不对"
        if data.status not in {s.value for s in IssueStatus}:
            errors["status"] = "状态不对"
        data.place = (data.place or "").strip()
        if data.building_id is not None and session.get(Building, data.building_id) is None:
            errors["building_id"] = "所选楼栋不存在"
        if not data.place and data.building_id is None:
            errors["place"] = "请填写地点或选择楼栋"
        data.found_on = data.found_on or today
        data.resolved_on = _dates(errors, data.status in CLOSED_ISSUE, data.found_on, data.resolved_on, today)
        if errors:
            raise ValidationFailed(errors)
        e.kind, e.place, e.building_id, e.status = data.kind, data.place, data.building_id, data.status
        e.found_on, e.resolved_on, e.notes = data.found_on, data.resolved_on, data.notes or ""
    return apply


def add_environment_issue(db: Database, data: EnvironmentIssueInput) -> int:
    """Register a prominent environmental problem (群租, 楼道堆物, 违建 …); returns its id."""
    return _save(db, EnvironmentIssue, None, None, _issue_applier(data, db.clock.today()))


def update_environment_issue(db: Database, issue_id: int, data: EnvironmentIssueInput,
                             expected_version: int) -> None:
    """Save an edited environmental problem; refused if changed meanwhile."""
    _save(db, EnvironmentIssue, issue_id, expected_version, _issue_applier(data, db.clock.today()))


def list_environment_issues(db: Database, open_only: bool = False,
                            building_id: int | None = None) -> list[EnvironmentIssueRow]:
    """Environmental problems, open ones first, newest first."""
    with db.reading() as session:
        stmt = (select(EnvironmentIssue, Building, Compound.name)
                .outerjoin(Building, EnvironmentIssue.building_id == Building.id)
                .outerjoin(Compound, Building.compound_id == Compound.id))
        if open_only:
            stmt = stmt.where(EnvironmentIssue.status.not_in(CLOSED_ISSUE))
        if building_id is not None:
            stmt = stmt.where(EnvironmentIssue.building_id == building_id)
        stmt = stmt.order_by(EnvironmentIssue.status.in_(CLOSED_ISSUE), EnvironmentIssue.found_on.desc(),
                             EnvironmentIssue.id.desc())
        out = []
        for e, b, compound in session.execute(stmt):
            building = format_address(compound or "", b.road, b.lane, b.number, "") if b else ""
            out.append(EnvironmentIssueRow(
                e.id, e.version, e.kind, _label(EnvironmentKind, e.kind), e.place, e.building_id, building,
                e.status, _label(IssueStatus, e.status), e.found_on, e.resolved_on, e.notes))
        return out
