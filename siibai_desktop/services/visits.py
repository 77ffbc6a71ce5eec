"""Visits (走访记录): record one, with the needs raised in it; read a household's or a
resident's history. Correcting and voiding (作废) a visit: services/visit_edits.py.

Histories list voided visits too (marked, with who voided them and why): the record is
kept for the audit trail. Everything that counts visits ignores them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import Household, Resident, Staff
from ..db.models.accounts import User
from ..db.models.visits import Need, Visit, VisitResident, VisitStaff
from ..domain.checklist import MUST_DO, MUST_DO_CODES, MUST_KNOW, MUST_KNOW_CODES, labels_for
from ..domain.needs import NeedSource
from ..domain.visits import VisitMode, join_codes, mode_label, split_codes
from .errors import NotFound, ValidationFailed
from .needs import NeedInput, check_need, create_need

EARLIEST = dt.date(2000, 1, 1)
VOIDED_LABEL = "已作废"


@dataclass
class NeedDraft:
    """A need raised during a visit; it becomes a need record (source 走访)."""

    category_id: int
    description: str
    resident_id: int | None = None
    deadline: dt.date | None = None
    owner_staff_id: int | None = None  # the first staff member on the visit when empty


@dataclass
class VisitInput:
    household_id: int
    visit_date: dt.date
    staff_ids: list[int]
    mode: str = VisitMode.HOME.value     # code or label (入户 / 电话 / 微信 / 小板凳 / 集中走访)
    met_whom: str = ""
    resident_ids: list[int] = field(default_factory=list)
    must_do: list[str] = field(default_factory=list)
    must_know: list[str] = field(default_factory=list)
    observations: str = ""
    notes: str = ""
    next_step: str = ""
    needs: list[NeedDraft] = field(default_factory=list)
    created_by: str = ""


@dataclass(frozen=True)
class VisitRow:
    id: int
    household_id: int
    address: str
    visit_date: dt.date
    mode: str
    mode_label: str
    staff: tuple[str, ...]
    staff_text: str
    met_whom: str
    residents_met: tuple[str, ...]
    must_do: tuple[str, ...]       # labels
    must_know: tuple[str, ...]     # labels
    observations: str
    notes: str
    next_step: str
    need_count: int
    version: int = 1
    voided_at: dt.datetime | None = None
    voided_by: str = ""
    void_reason: str = ""

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def status_label(self) -> str:
        """已作废 for a voided visit, else empty."""
        return VOIDED_LABEL if self.voided else ""


def check_visit(session: Session, data: VisitInput, today: dt.date) -> dict[str, str]:
    """Problems with a visit form, by field (empty when it can be saved). Normalises `data`."""
    errors: dict[str, str] = {}
    if session.get(Household, data.household_id) is None:
        errors["household_id"] = "请选择走访的户"
    if data.visit_date is None:
        errors["visit_date"] = "请填写走访日期"
    elif data.visit_date > today:
        errors["visit_date"] = "走访日期不能晚于今天"
    elif data.visit_date < EARLIEST:
        errors["visit_date"] = "走访日期太早"
    try:
        data.mode = VisitMode.from_label(data.mode).value
    except ValueError:
        errors["mode"] = "请选择走访方式：" + "、".join(VisitMode.labels())
    staff_ids = list(dict.fromkeys(data.staff_ids or []))
    if not staff_ids:
        errors["staff_ids"] = "请选择走访人员"
    else:
        found = set(session.scalars(select(Staff.id).where(Staff.id.in_(staff_ids))))
        if found != set(staff_ids):
            errors["staff_ids"] = "走访人员不存在"
    data.staff_ids = staff_ids
    data.resident_ids = list(dict.fromkeys(data.resident_ids or []))
    if data.resident_ids:
        homes = dict(session.execute(select(Resident.id, Resident.household_id)
                                     .where(Resident.id.in_(data.resident_ids))).all())
        if any(homes.get(rid) != data.household_id for rid in data.resident_ids):
            errors["resident_ids"] = "见到的居民不是该户成员"
    if set(data.must_do) - MUST_DO_CODES:
        errors["must_do"] = "5必做事项不对"
    if set(data.must_know) - MUST_KNOW_CODES:
        errors["must_know"] = "3必知事项不对"
    return errors


def record_visit(db: Database, data: VisitInput) -> int:
    """Save a visit, its staff, the residents met and the needs raised; return its id.

    Raises ValidationFailed (nothing saved) when the form or any need in it is wrong.
    """
    today = db.clock.today()
    with db.transaction() as session:
        errors = check_visit(session, data, today)
        drafts = []
        for i, draft in enumerate(data.needs or []):
            need = NeedInput(
                household_id=data.household_id, category_id=draft.category_id, description=draft.description,
                source=NeedSource.VISIT.value, raised_by=(data.met_whom or "").strip(),
                resident_id=draft.resident_id, deadline=draft.deadline, raised_on=data.visit_date,
                owner_staff_id=draft.owner_staff_id or (data.staff_ids[0] if data.staff_ids else None),
            )
            if not errors:
                for key, message in check_need(session, need, today).items():
                    errors[f"needs[{i}].{key}"] = f"第{i + 1}条诉求：{message}"
            drafts.append(need)
        if errors:
            raise ValidationFailed(errors)
        who = (data.created_by or db.actor).strip()
        visit = Visit(
            household_id=data.household_id, visit_date=data.visit_date, mode=data.mode,
            met_whom=(data.met_whom or "").strip(), must_do=join_codes(i.code for i in MUST_DO if i.code in data.must_do),
            must_know=join_codes(i.code for i in MUST_KNOW if i.code in data.must_know),
            observations=(data.observations or "").strip(), notes=(data.notes or "").strip(),
            next_step=(data.next_step or "").strip(), created_by=who,
        )
        session.add(visit)
        session.flush()
        session.add_all(VisitStaff(visit_id=visit.id, staff_id=sid) for sid in data.staff_ids)
        session.add_all(VisitResident(visit_id=visit.id, resident_id=rid) for rid in data.resident_ids)
        for need in drafts:
            need.visit_id = visit.id
            create_need(session, need, who, today)
        return visit.id


def _visit_rows(session: Session, visits: list[Visit]) -> list[VisitRow]:
    ids = [v.id for v in visits]
    if not ids:
        return []
    staff: dict[int, list[str]] = {}
    for vid, name in session.execute(select(VisitStaff.visit_id, Staff.name).join(Staff, Staff.id == VisitStaff.staff_id)
                                     .where(VisitStaff.visit_id.in_(ids)).order_by(Staff.id)):
        staff.setdefault(vid, []).append(name)
    met: dict[int, list[str]] = {}
    for vid, name in session.execute(select(VisitResident.visit_id, Resident.name)
                                     .join(Resident, Resident.id == VisitResident.resident_id)
                                     .where(VisitResident.visit_id.in_(ids)).order_by(Resident.id)):
        met.setdefault(vid, []).append(name)
    needs = dict(session.execute(select(Need.visit_id, func.count()).where(Need.visit_id.in_(ids))
                                 .group_by(Need.visit_id)).all())
    addresses = dict(session.execute(select(Household.id, Household.address_text)
                                     .where(Household.id.in_({v.household_id for v in visits}))).all())
    voiders = {v.voided_by for v in visits if v.voided_by}
    names = dict(session.execute(select(User.username, User.display_name)
                                 .where(User.username.in_(voiders))).all()) if voiders else {}
    return [VisitRow(
        id=v.id, household_id=v.household_id, address=addresses.get(v.household_id, ""), visit_date=v.visit_date,
        mode=v.mode, mode_label=mode_label(v.mode), staff=tuple(staff.get(v.id, ())),
        staff_text="、".join(staff.get(v.id, ())), met_whom=v.met_whom, residents_met=tuple(met.get(v.id, ())),
        must_do=tuple(labels_for(MUST_DO, split_codes(v.must_do))),
        must_know=tuple(labels_for(MUST_KNOW, split_codes(v.must_know))),
        observations=v.observations, notes=v.notes, next_step=v.next_step, need_count=needs.get(v.id, 0),
        version=v.version, voided_at=v.voided_at, voided_by=names.get(v.voided_by) or v.voided_by or "",
        void_reason=v.void_reason or "",
    ) for v in visits]


def household_visits(db: Database, household_id: int, limit: int | None = None) -> list[VisitRow]:
    """Visits to one household, newest first, with staff names and the mode in words
    (voided ones included: `row.voided`)."""
    with db.reading() as session:
        stmt = (select(Visit).where(Visit.household_id == household_id)
                .order_by(Visit.visit_date.desc(), Visit.id.desc()))
        if limit is not None:
            stmt = stmt.limit(limit)
        return _visit_rows(session, list(session.scalars(stmt)))


def resident_visits(db: Database, resident_id: int, limit: int | None = None) -> list[VisitRow]:
    """Visits that met this resident or went to their household, newest first (voided included)."""
    with db.reading() as session:
        resident = session.get(Resident, resident_id)
        if resident is None:
            raise NotFound("该居民不存在")
        met = select(VisitResident.visit_id).where(VisitResident.resident_id == resident_id)
        stmt = (select(Visit).where(or_(Visit.household_id == resident.household_id, Visit.id.in_(met)))
                .order_by(Visit.visit_date.desc(), Visit.id.desc()))
        if limit is not None:
            stmt = stmt.limit(limit)
        return _visit_rows(session, list(session.scalars(stmt)))


def get_visit(db: Database, visit_id: int) -> VisitRow:
    """One visit as a row."""
    with db.reading() as session:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound("该走访记录不存在")
        return _visit_rows(session, [visit])[0]
