"""What the visit sheets print, fetched for many households at once.

A fixed handful of queries per 500 households (households, residents, tags, the last three
visits with their staff, open needs), never one query per sheet, so 1,000 sheets stay fast.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import Household, Resident, ResidentTag, Tag
from ..db.models import Staff
from ..db.models.registers import Conflict, ConflictHousehold, EnvironmentIssue
from ..db.models.visits import Need, NeedCategory, Visit, VisitStaff
from ..domain.clock import age_on
from ..domain.enums import Relation, ResidentState, Sex
from ..domain.masking import mask_id_number, mask_phone
from ..domain.needs import OPEN_STATUSES, status_label
from ..domain.registers import CLOSED_CONFLICT, CLOSED_ISSUE, ConflictStatus, EnvironmentKind, IssueStatus
from ..domain.sheet_code import encode
from ..domain.visits import mode_label
from .pdf.sheet_layout import SheetData, SheetMember, SheetNeed, SheetVisit

CHUNK = 500
_RELATIONS = {r.value: r.label for r in Relation}
_SEXES = {s.value: s.label for s in Sex}


def sheet_data(db: Database, household_ids: list[int], due: dict[int, tuple[str, dt.date | None, tuple[str, ...]]],
               today: dt.date | None = None) -> list[SheetData]:
    """Sheets for these households, in the given order. `due` maps a household id to
    (state label, due date, reasons) from the due list; households without it print
    the reasons given by the caller (or a plain 计划内走访)."""
    today = today or db.clock.today()
    out: dict[int, SheetData] = {}
    with db.reading() as session:
        for start in range(0, len(household_ids), CHUNK):
            chunk = household_ids[start:start + CHUNK]
            out.update(_chunk(session, chunk, due, today))
    return [out[h] for h in household_ids if h in out]


def _chunk(session, ids: list[int], due, today: dt.date) -> dict[int, SheetData]:
    households = session.execute(
        select(Household.id, Household.address_text, Household.phone).where(Household.id.in_(ids))).all()

    members: dict[int, list[tuple]] = {h: [] for h in ids}
    resident_rows = session.execute(
        select(Resident.id, Resident.household_id, Resident.name, Resident.relation, Resident.sex,
               Resident.birth_date, Resident.id_number)
        .where(Resident.household_id.in_(ids), Resident.state == ResidentState.CURRENT.value)
        .order_by(Resident.household_id, Resident.relation != "head", Resident.birth_date, Resident.id)
    ).all()
    tags: dict[int, list[str]] = {}
    for rid, name in session.execute(
        select(ResidentTag.resident_id, Tag.name).join(Tag, ResidentTag.tag_id == Tag.id)
        .join(Resident, ResidentTag.resident_id == Resident.id)
        .where(Resident.household_id.in_(ids), Resident.state == ResidentState.CURRENT.value,
               ResidentTag.start_date <= today,
               (ResidentTag.end_date.is_(None)) | (ResidentTag.end_date > today))
        .order_by(Tag.sort_order, Tag.name)
    ):
        names = tags.setdefault(rid, [])
        if name not in names:
            names.append(name)
    for r in resident_rows:
        members[r.household_id].append(SheetMember(
            name=r.name, relation=_RELATIONS.get(r.relation, r.relation), sex=_SEXES.get(r.sex or "", ""),
            age=age_on(r.birth_date, today), id_masked=mask_id_number(r.id_number),
            tags=tuple(tags.get(r.id, ())),
        ))

    # the last three visits of each household, voided ones left out (a window function, one query)
    ranked = (select(Visit.id, Visit.household_id, Visit.visit_date, Visit.mode, Visit.observations, Visit.notes,
                     func.row_number().over(partition_by=Visit.household_id,
                                            order_by=(Visit.visit_date.desc(), Visit.id.desc())).label("n"))
              .where(Visit.household_id.in_(ids), Visit.voided_at.is_(None)).subquery())
    visit_rows = session.execute(select(ranked).where(ranked.c.n <= 3)
                                 .order_by(ranked.c.household_id, ranked.c.n)).all()
    staff: dict[int, list[str]] = {}
    visit_ids = [v.id for v in visit_rows]
    if visit_ids:
        for vid, name in session.execute(
            select(VisitStaff.visit_id, Staff.name).join(Staff, VisitStaff.staff_id == Staff.id)
            .where(VisitStaff.visit_id.in_(visit_ids)).order_by(Staff.id)
        ):
            staff.setdefault(vid, []).append(name)
    visits: dict[int, list[SheetVisit]] = {}
    for v in visit_rows:
        summary = (v.observations or v.notes or "").replace("\n", " ").strip()
        visits.setdefault(v.household_id, []).append(
            SheetVisit(v.visit_date, mode_label(v.mode), "、".join(staff.get(v.id, ())), summary))

    needs: dict[int, list[SheetNeed]] = {}
    for n in session.execute(
        select(Need.household_id, Need.raised_on, NeedCategory.name, Need.status, Need.description)
        .join(NeedCategory, Need.category_id == NeedCategory.id)
        .where(Need.household_id.in_(ids), Need.status.in_(OPEN_STATUSES))
        .order_by(Need.household_id, Need.raised_on, Need.id)
    ):
        needs.setdefault(n.household_id, []).append(
            SheetNeed(n.raised_on, n.name, status_label(n.status), (n.description or "").replace("\n", " ")))

    notices = _notices(session, ids)
    out = {}
    for h in households:
        state_label, due_date, reasons = due.get(h.id, ("", None, ()))
        out[h.id] = SheetData(
            household_id=h.id, code=encode(h.id), address=h.address_text,
            building="", phone=mask_phone(h.phone), members=tuple(members[h.id]), reasons=tuple(reasons),
            state_label=state_label, due_date=due_date, last_visits=tuple(visits.get(h.id, ())),
            open_needs=tuple(needs.get(h.id, ())), notices=tuple(notices.get(h.id, ())),
        )
    return out


def _notices(session, ids: list[int]) -> dict[int, list[str]]:
    """3必知 the visitor should know at the door: the household's open conflicts and the
    open environmental problems of its building."""
    out: dict[int, list[str]] = {}
    for hid, title, status in session.execute(
        select(ConflictHousehold.household_id, Conflict.title, Conflict.status)
        .join(Conflict, ConflictHousehold.conflict_id == Conflict.id)
        .where(ConflictHousehold.household_id.in_(ids), Conflict.status.not_in(CLOSED_CONFLICT))
        .order_by(Conflict.found_on)
    ):
        out.setdefault(hid, []).append(f"矛盾纠纷“{title}”（{ConflictStatus(status).label}）")
    for hid, kind, place, status in session.execute(
        select(Household.id, EnvironmentIssue.kind, EnvironmentIssue.place, EnvironmentIssue.status)
        .join(EnvironmentIssue, EnvironmentIssue.building_id == Household.building_id)
        .where(Household.id.in_(ids), EnvironmentIssue.status.not_in(CLOSED_ISSUE))
        .order_by(EnvironmentIssue.found_on)
    ):
        where = f"（{place}）" if place else ""
        out.setdefault(hid, []).append(
            f"本楼{EnvironmentKind(kind).label}{where}，{IssueStatus(status).label}")
    return out
