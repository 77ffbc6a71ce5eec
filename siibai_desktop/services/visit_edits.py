"""Correcting (修改) and voiding (作废) a recorded visit (走访记录).

A correction passes the same checks as recording (`check_visit`) and the optimistic lock:
a form loaded before someone else saved the visit is refused with a ConflictError that
names who changed it and shows both sides. Voiding needs a reason; the visit is never
deleted (the audit trail and the household's history keep it, marked 已作废) but stops
counting everywhere visits are counted (due list, coverage, reports, visit sheets).

Needs raised in a visit are records of their own. Voiding the visit leaves them as they
are: the resident still raised them and they are still followed up (a duplicate is
closed on the needs page). Correcting the visit's household or date moves them along,
since they were raised by that household on that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..db.engine import Database
from ..db.models import Household, Resident, Staff
from ..db.models.accounts import User
from ..db.models.visits import Need, Visit, VisitResident, VisitStaff
from ..domain.checklist import MUST_DO, MUST_KNOW, labels_for
from ..domain.roles import Permission
from ..domain.visits import VisitMode, join_codes, mode_label, split_codes
from .conflicts import conflict_error
from .errors import ConflictError, NotFound, ValidationFailed
from .policy import SessionUser, require
from .visits import VOIDED_LABEL, VisitInput, check_visit

MAX_REASON = 200
WHAT = "该走访记录"
NOT_FOUND = "该走访记录不存在"
IN_FORCE = "有效"


@dataclass(frozen=True)
class VisitForm:
    """A saved visit as the edit form shows it, with the version to save against."""

    id: int
    version: int
    address: str
    data: VisitInput
    need_count: int
    voided: bool


def visit_form(db: Database, visit_id: int) -> VisitForm:
    """The visit's current values for the edit form (NotFound if it is gone)."""
    with db.reading() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound(NOT_FOUND)
        data = VisitInput(
            household_id=visit.household_id, visit_date=visit.visit_date, mode=visit.mode,
            staff_ids=list(session.scalars(select(VisitStaff.staff_id).where(VisitStaff.visit_id == visit_id)
                                           .order_by(VisitStaff.staff_id))),
            resident_ids=list(session.scalars(select(VisitResident.resident_id)
                                              .where(VisitResident.visit_id == visit_id)
                                              .order_by(VisitResident.resident_id))),
            met_whom=visit.met_whom, must_do=list(split_codes(visit.must_do)),
            must_know=list(split_codes(visit.must_know)), observations=visit.observations, notes=visit.notes,
            next_step=visit.next_step, created_by=visit.created_by,
        )
        needs = session.scalar(select(func.count()).select_from(Need).where(Need.visit_id == visit_id)) or 0
        address = session.scalar(select(Household.address_text).where(Household.id == visit.household_id)) or ""
        return VisitForm(visit.id, visit.version, address, data, needs, visit.voided_at is not None)


def update_visit(db: Database, visit_id: int, data: VisitInput, expected_version: int,
                 user: SessionUser | None = None) -> int:
    """Save a corrected visit; return its new version.

    Raises ValidationFailed (nothing saved) for the same problems record_visit refuses, for
    a voided visit and for new needs (those are registered on their own); ConflictError
    when the visit was changed or voided since `expected_version` was read; PermissionDenied
    when `user` may not change data.
    """
    if user is not None:
        require(user, Permission.EDIT)
    today = db.clock.today()
    try:
        with db.transaction() as session:
            visit = _load(session, visit_id)
            if visit.version != expected_version:
                raise _conflict(db, visit_id, data)
            if visit.voided_at is not None:
                raise ValidationFailed({"visit": "已作废的走访记录不能再修改"})
            errors = check_visit(session, data, today)
            if data.needs:
                errors["needs"] = "修改走访记录时不能添加诉求，请在“民情诉求”中另行登记"
            if errors:
                raise ValidationFailed(errors)
            # links and needs first: their queries flush, and the visit is then updated once
            _replace_links(session, visit_id, VisitStaff, VisitStaff.staff_id, data.staff_ids)
            _replace_links(session, visit_id, VisitResident, VisitResident.resident_id, data.resident_ids)
            _move_needs(session, visit, data)
            visit.household_id, visit.visit_date, visit.mode = data.household_id, data.visit_date, data.mode
            visit.met_whom = (data.met_whom or "").strip()
            visit.must_do = join_codes(i.code for i in MUST_DO if i.code in data.must_do)
            visit.must_know = join_codes(i.code for i in MUST_KNOW if i.code in data.must_know)
            visit.observations = (data.observations or "").strip()
            visit.notes = (data.notes or "").strip()
            visit.next_step = (data.next_step or "").strip()
            # a change of staff or residents only touches the link tables: still a new version
            visit.updated_at = db.clock.now()
            session.flush()
            return visit.version
    except StaleDataError as exc:
        raise _conflict(db, visit_id, data) from exc


def void_visit(db: Database, visit_id: int, reason: str, expected_version: int,
               user: SessionUser | None = None) -> int:
    """Void (作废) a visit entered by mistake; return its new version.

    The visit is kept, marked with who voided it, when and why, and no longer counts.
    Needs raised in it are left as they are. Raises ValidationFailed without a reason or
    when it is already voided, ConflictError when it changed since `expected_version`.
    """
    if user is not None:
        require(user, Permission.EDIT)
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationFailed({"reason": "请填写作废原因（如：重复登记、户选错）"})
    if len(text) > MAX_REASON:
        raise ValidationFailed({"reason": f"作废原因过长（最多 {MAX_REASON} 字）"})
    try:
        with db.transaction() as session:
            visit = _load(session, visit_id)
            if visit.version != expected_version:
                raise _conflict(db, visit_id, None, text)
            if visit.voided_at is not None:
                raise ValidationFailed({"visit": "该走访记录已经作废"})
            visit.voided_at = db.clock.now().replace(microsecond=0)
            visit.voided_by = (db.actor or "")[:50]
            visit.void_reason = text
            session.flush()
            return visit.version
    except StaleDataError as exc:
        raise _conflict(db, visit_id, None, text) from exc


def _load(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(NOT_FOUND)
    return visit


def _replace_links(session: Session, visit_id: int, table, column, wanted: list[int]) -> None:
    """Make a link table (staff, residents met) hold exactly `wanted` for this visit."""
    have = set(session.scalars(select(column).where(table.visit_id == visit_id)))
    gone = have - set(wanted)
    if gone:
        for row in session.scalars(select(table).where(table.visit_id == visit_id, column.in_(gone))):
            session.delete(row)  # through the ORM, so the audit trail records it
    session.add_all(table(visit_id=visit_id, **{column.key: i}) for i in wanted if i not in have)


def _move_needs(session: Session, visit: Visit, data: VisitInput) -> None:
    """Needs raised in the visit follow a corrected household and date."""
    moved_home = data.household_id != visit.household_id
    moved_day = data.visit_date != visit.visit_date
    if not (moved_home or moved_day):
        return
    members = set(session.scalars(select(Resident.id).where(Resident.household_id == data.household_id)))
    for need in session.scalars(select(Need).where(Need.visit_id == visit.id)):
        if moved_home:
            need.household_id = data.household_id
            if need.resident_id is not None and need.resident_id not in members:
                need.resident_id = None
        if moved_day and need.raised_on == visit.visit_date and (
                need.deadline is None or need.deadline >= data.visit_date):
            need.raised_on = data.visit_date


def _display_name(session: Session, username: str | None) -> str:
    if not username:
        return "其他人"
    return session.scalar(select(User.display_name).where(User.username == username)) or username


def _shown(session: Session, household_id: int, day: dt.date | None, mode: str, staff_ids, met: str,
           must_do, must_know, observations: str, notes: str, next_step: str) -> dict[str, str]:
    """A visit's fields as a person reads them, for the conflict dialog."""
    try:
        mode_text = VisitMode.from_label(mode).label
    except ValueError:
        mode_text = mode_label(mode)
    staff = session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(list(staff_ids or ())))).all()
    names = dict(staff)
    return {
        "所在户": session.scalar(select(Household.address_text).where(Household.id == household_id)) or "",
        "走访日期": day.isoformat() if day else "",
        "走访方式": mode_text,
        "走访人员": "、".join(names[i] for i in staff_ids or () if i in names),
        "见到的人": (met or "").strip(),
        "5必做": "、".join(labels_for(MUST_DO, list(must_do or ()))),
        "3必知": "、".join(labels_for(MUST_KNOW, list(must_know or ()))),
        "看到、听到的情况": (observations or "").strip(),
        "备注": (notes or "").strip(),
        "下一步": (next_step or "").strip(),
    }


def _conflict(db: Database, visit_id: int, data: VisitInput | None, reason: str = "") -> ConflictError:
    """What the other person did to the visit: edited it (both sides shown) or voided it."""
    with db.reading() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            return ConflictError(f"{WHAT}已被其他人删除。")
        if visit.voided_at is not None:
            who = _display_name(session, visit.voided_by)
            mine = f"{VOIDED_LABEL}（{reason}）" if reason else IN_FORCE
            return ConflictError(
                f"{WHAT}已被 {who} 于 {visit.voided_at:%m-%d %H:%M} 作废（原因：{visit.void_reason}），"
                "您的修改没有保存。", {"状态": (mine, f"{VOIDED_LABEL}（{visit.void_reason}）")})
        staff_ids = list(session.scalars(select(VisitStaff.staff_id).where(VisitStaff.visit_id == visit_id)
                                         .order_by(VisitStaff.staff_id)))
        theirs = _shown(session, visit.household_id, visit.visit_date, visit.mode, staff_ids, visit.met_whom,
                        split_codes(visit.must_do), split_codes(visit.must_know), visit.observations,
                        visit.notes, visit.next_step)
        if data is None:
            changes = {"状态": (f"{VOIDED_LABEL}（{reason}）", IN_FORCE)}
        else:
            mine = _shown(session, data.household_id, data.visit_date, data.mode, data.staff_ids, data.met_whom,
                          data.must_do, data.must_know, data.observations, data.notes, data.next_step)
            changes = {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}
    base = conflict_error(db, Visit, visit_id, {}, WHAT)
    return ConflictError(str(base), changes)
