"""Needs (民情诉求) followed to closure: add, move through the statuses, follow up, list.

Every change of status adds a need_events row (date, who, note); nothing is deleted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from ..db.engine import Database
from ..db.models import Household, Resident, Staff
from ..db.models.visits import Need, NeedCategory, NeedEvent
from ..domain.needs import (
    OPEN_STATUSES, FollowUpVerdict, NeedSource, NeedStatus, can_move, follow_up_result, status_label,
)
from .errors import ConflictError, NotFound, ValidationFailed

STALE = "该诉求已被其他人修改，请重新载入后再改。"


@dataclass
class NeedInput:
    household_id: int
    category_id: int
    description: str
    source: str = NeedSource.VISIT.value
    raised_by: str = ""
    resident_id: int | None = None
    owner_staff_id: int | None = None
    escalated_to: str = ""
    deadline: dt.date | None = None
    raised_on: dt.date | None = None
    visit_id: int | None = None


@dataclass(frozen=True)
class NeedRow:
    id: int
    version: int
    household_id: int
    address: str
    resident_id: int | None
    resident_name: str | None
    category: str
    description: str
    source: str
    source_label: str
    raised_by: str
    raised_on: dt.date
    owner_staff_id: int | None
    owner: str | None
    escalated_to: str
    deadline: dt.date | None
    status: str
    status_label: str
    resolution: str
    follow_up_verdict: str | None
    verdict_label: str
    overdue: bool
    overdue_days: int
    visit_id: int | None


@dataclass(frozen=True)
class NeedEventRow:
    id: int
    event_date: dt.date
    from_status: str | None
    from_label: str
    to_status: str
    to_label: str
    verdict_label: str
    who: str
    note: str


@dataclass
class NeedFilter:
    statuses: tuple[str, ...] = ()     # empty: every status
    open_only: bool = False
    category_id: int | None = None
    overdue_only: bool = False
    household_id: int | None = None
    owner_staff_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    name: str
    active: bool = True


def _label(enum, code: str | None) -> str:
    try:
        return enum(code).label if code else ""
    except ValueError:
        return code or ""


def check_need(session: Session, data: NeedInput, today: dt.date) -> dict[str, str]:
    """Problems with a need form, by field (empty when it can be saved). Normalises `data`."""
    errors: dict[str, str] = {}
    data.description = (data.description or "").strip()
    if not data.description:
        errors["description"] = "请填写诉求内容"
    if session.get(Household, data.household_id) is None:
        errors["household_id"] = "请选择所在户"
    if session.get(NeedCategory, data.category_id) is None:
        errors["category_id"] = "请选择诉求类别"
    try:
        data.source = NeedSource.from_label(data.source).value
    except ValueError:
        errors["source"] = "诉求来源不对"
    if data.resident_id is not None:
        resident = session.get(Resident, data.resident_id)
        if resident is None or resident.household_id != data.household_id:
            errors["resident_id"] = "提出人不是该户居民"
    if data.owner_staff_id is not None and session.get(Staff, data.owner_staff_id) is None:
        errors["owner_staff_id"] = "负责人不存在"
    data.raised_on = data.raised_on or today
    if data.raised_on > today:
        errors["raised_on"] = "提出日期不能晚于今天"
    if data.deadline is not None and data.deadline < data.raised_on:
        errors["deadline"] = "办理期限不能早于提出日期"
    data.raised_by = (data.raised_by or "").strip()
    data.escalated_to = (data.escalated_to or "").strip()
    return errors


def create_need(session: Session, data: NeedInput, who: str, today: dt.date) -> Need:
    """Add a checked need and its first history line inside an open transaction."""
    need = Need(
        household_id=data.household_id, resident_id=data.resident_id, category_id=data.category_id,
        description=data.description, source=data.source, raised_by=data.raised_by,
        raised_on=data.raised_on, visit_id=data.visit_id, owner_staff_id=data.owner_staff_id,
        escalated_to=data.escalated_to, deadline=data.deadline, status=NeedStatus.PENDING.value,
        resolution="",
    )
    session.add(need)
    session.flush()
    session.add(NeedEvent(need_id=need.id, event_date=today, from_status=None,
                          to_status=NeedStatus.PENDING.value, who=who or "", note="登记"))
    return need


def add_need(db: Database, data: NeedInput, who: str = "") -> int:
    """Register a need (status 待处理); raises ValidationFailed with nothing saved."""
    today = db.clock.today()
    with db.transaction() as session:
        errors = check_need(session, data, today)
        if errors:
            raise ValidationFailed(errors)
        return create_need(session, data, who or db.actor, today).id


def _load(session: Session, need_id: int, expected_version: int | None, wanted: str = "") -> Need:
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound("该诉求不存在")
    if expected_version is not None and need.version != expected_version:
        raise _stale(session, need, wanted)
    return need


def _stale(session: Session, need: Need, wanted: str) -> ConflictError:
    """What the other person did: the need's latest step, and the status each side wants."""
    last = session.scalars(select(NeedEvent).where(NeedEvent.need_id == need.id)
                           .order_by(NeedEvent.id.desc()).limit(1)).first()
    if last is None:
        return ConflictError(STALE)
    changes = {"状态": (status_label(wanted) if wanted else "", status_label(need.status))}
    if last.note:
        changes["说明"] = ("", last.note)
    return ConflictError(f"该诉求已由{last.who or '其他人'}于 {last.event_date:%Y-%m-%d} 改为“{status_label(need.status)}”，"
                         "您的修改没有保存。请重新载入后再改。", changes)


def change_status(db: Database, need_id: int, new_status: str, who: str, note: str = "",
                  expected_version: int | None = None, escalated_to: str | None = None,
                  resolution: str | None = None) -> int:
    """Move a need to another status (待处理→处理中→已上报→已办结); returns the new version.

    已上报 needs `escalated_to` (who it went to), 已办结 a `resolution`; 已回访 is reached
    only through follow_up().
    """
    try:
        new_status = NeedStatus.from_label(new_status).value
    except ValueError:
        raise ValidationFailed({"status": "状态不对"}) from None
    today = db.clock.today()
    try:
        with db.transaction() as session:
            need = _load(session, need_id, expected_version, new_status)
            old = need.status
            if new_status == NeedStatus.FOLLOWED_UP.value:
                raise ValidationFailed({"status": "“已回访”请通过回访登记"})
            if not can_move(old, new_status):
                raise ValidationFailed({"status": f"不能从“{status_label(old)}”改为“{status_label(new_status)}”"})
            if new_status == NeedStatus.ESCALATED.value:
                target = (escalated_to if escalated_to is not None else need.escalated_to or "").strip()
                if not target:
                    raise ValidationFailed({"escalated_to": "请填写上报给哪里（街道科室、物业、业委会、派出所……）"})
                need.escalated_to = target
            if new_status == NeedStatus.RESOLVED.value:
                text = (resolution if resolution is not None else need.resolution or "").strip()
                if not text:
                    raise ValidationFailed({"resolution": "请填写办理结果"})
                need.resolution = text
                need.closed_on = today
            elif resolution:
                need.resolution = resolution.strip()
            if new_status in OPEN_STATUSES:
                need.closed_on = None
            need.status = new_status
            session.add(NeedEvent(need_id=need.id, event_date=today, from_status=old, to_status=new_status,
                                  who=who or db.actor, note=(note or "").strip()))
            session.flush()
            return need.version
    except StaleDataError as exc:
        raise ConflictError(STALE) from exc


def follow_up(db: Database, need_id: int, verdict: str, who: str, note: str = "",
              expected_version: int | None = None) -> int:
    """Record the resident's verdict at the follow-up (回访) of a resolved need.

    满意 / 基本满意 close it as 已回访; 不满意 reopens it to 处理中. Returns the new version.
    """
    try:
        verdict = FollowUpVerdict.from_label(verdict).value
    except ValueError:
        raise ValidationFailed({"verdict": "请选择回访评价：满意、基本满意或不满意"}) from None
    today = db.clock.today()
    try:
        with db.transaction() as session:
            need = _load(session, need_id, expected_version, follow_up_result(verdict))
            if need.status != NeedStatus.RESOLVED.value:
                raise ValidationFailed({"status": f"只有“已办结”的诉求才能回访（现在是“{status_label(need.status)}”）"})
            old, new = need.status, follow_up_result(verdict)
            need.follow_up_verdict = verdict
            need.status = new
            need.closed_on = today if new == NeedStatus.FOLLOWED_UP.value else None
            text = (note or "").strip()
            if new == NeedStatus.IN_PROGRESS.value:
                text = ("回访不满意，重新办理。" + text).strip()
            session.add(NeedEvent(need_id=need.id, event_date=today, from_status=old, to_status=new,
                                  verdict=verdict, who=who or db.actor, note=text))
            session.flush()
            return need.version
    except StaleDataError as exc:
        raise ConflictError(STALE) from exc


def _rows(session: Session, stmt, today: dt.date) -> list[NeedRow]:
    out = []
    for need, category, address, resident_name, owner in session.execute(stmt):
        late = need.deadline is not None and need.status in OPEN_STATUSES and need.deadline < today
        out.append(NeedRow(
            id=need.id, version=need.version, household_id=need.household_id, address=address,
            resident_id=need.resident_id, resident_name=resident_name, category=category,
            description=need.description, source=need.source, source_label=_label(NeedSource, need.source),
            raised_by=need.raised_by, raised_on=need.raised_on, owner_staff_id=need.owner_staff_id,
            owner=owner, escalated_to=need.escalated_to, deadline=need.deadline, status=need.status,
            status_label=status_label(need.status), resolution=need.resolution,
            follow_up_verdict=need.follow_up_verdict, verdict_label=_label(FollowUpVerdict, need.follow_up_verdict),
            overdue=late, overdue_days=(today - need.deadline).days if late else 0, visit_id=need.visit_id,
        ))
    return out


def _base():
    resident, owner = aliased(Resident), aliased(Staff)
    return (select(Need, NeedCategory.name, Household.address_text, resident.name, owner.name)
            .join(NeedCategory, NeedCategory.id == Need.category_id)
            .join(Household, Household.id == Need.household_id)
            .outerjoin(resident, resident.id == Need.resident_id)
            .outerjoin(owner, owner.id == Need.owner_staff_id))


def list_needs(db: Database, filters: NeedFilter | None = None, limit: int | None = None) -> list[NeedRow]:
    """Needs matching the filters: overdue first, then by deadline and date raised."""
    f = filters or NeedFilter()
    today = db.clock.today()
    stmt = _base()
    statuses = set(f.statuses)
    if f.open_only or f.overdue_only:
        statuses = (statuses & OPEN_STATUSES) if statuses else set(OPEN_STATUSES)
    if statuses:
        stmt = stmt.where(Need.status.in_(sorted(statuses)))
    if f.overdue_only:
        stmt = stmt.where(Need.deadline < today)
    if f.category_id is not None:
        stmt = stmt.where(Need.category_id == f.category_id)
    if f.household_id is not None:
        stmt = stmt.where(Need.household_id == f.household_id)
    if f.owner_staff_id is not None:
        stmt = stmt.where(Need.owner_staff_id == f.owner_staff_id)
    for word in (f.text or "").split():
        stmt = stmt.where(or_(Need.description.contains(word), Household.address_text.contains(word),
                              Need.raised_by.contains(word)))
    late = (Need.status.in_(sorted(OPEN_STATUSES))) & (Need.deadline < today)
    # nulls_last: PostgreSQL sorts NULL (no deadline) first in DESC, SQLite last
    stmt = stmt.order_by(late.desc().nulls_last(), Need.deadline.is_(None), Need.deadline, Need.raised_on.desc(),
                         Need.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.reading() as session:
        return _rows(session, stmt, today)


def household_needs(db: Database, household_id: int, open_only: bool = True) -> list[NeedRow]:
    """Needs of one household (open ones only by default)."""
    return list_needs(db, NeedFilter(household_id=household_id, open_only=open_only))


def get_need(db: Database, need_id: int) -> NeedRow:
    """One need with its labels."""
    with db.reading() as session:
        rows = _rows(session, _base().where(Need.id == need_id), db.clock.today())
    if not rows:
        raise NotFound("该诉求不存在")
    return rows[0]


def need_history(db: Database, need_id: int) -> list[NeedEventRow]:
    """Every status change of a need, oldest first."""
    with db.reading() as session:
        events = session.scalars(select(NeedEvent).where(NeedEvent.need_id == need_id)
                                 .order_by(NeedEvent.event_date, NeedEvent.id)).all()
        return [NeedEventRow(e.id, e.event_date, e.from_status, status_label(e.from_status) if e.from_status else "",
                             e.to_status, status_label(e.to_status), _label(FollowUpVerdict, e.verdict), e.who, e.note)
                for e in events]


def list_categories(db: Database, active_only: bool = True) -> list[CategoryInfo]:
    """Need categories in their display order."""
    with db.reading() as session:
        stmt = select(NeedCategory).order_by(NeedCategory.sort_order, NeedCategory.id)
        if active_only:
            stmt = stmt.where(NeedCategory.active.is_(True))
        return [CategoryInfo(c.id, c.name, bool(c.active)) for c in session.scalars(stmt)]


def add_category(db: Database, name: str) -> int:
    """A new need category at the end of the list (or the old one made active again)."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed({"name": "类别名称不能为空"})
    if len(name) > 40:
        raise ValidationFailed({"name": "类别名称过长"})
    with db.transaction() as session:
        existing = session.scalar(select(NeedCategory).where(NeedCategory.name == name))
        if existing is not None:
            if existing.active:
                raise ValidationFailed({"name": f"类别“{name}”已存在"})
            existing.active = True
            return existing.id
        last = session.scalar(select(func.max(NeedCategory.sort_order))) or 0
        category = NeedCategory(name=name, sort_order=last + 1, active=True)
        session.add(category)
        session.flush()
        return category.id


def category_id_by_name(db: Database, name: str) -> int:
    """The id of the category with this name; NotFound when there is none."""
    with db.reading() as session:
        cid = session.scalar(select(NeedCategory.id).where(NeedCategory.name == (name or "").strip()))
    if cid is None:
        raise NotFound(f"没有名为“{name}”的诉求类别")
    return cid
