"""Residents: validation, add, edit, read."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..db.engine import Database
from ..db.models import Household, Resident, ResidentTag, Tag
from ..domain.enums import Relation, ResidenceStatus, ResidentState, Sex
from ..domain.id_number import IdNumberError, cross_check, parse_id_number
from ..domain.names import search_text_for
from ..domain.phone import PhoneError, parse_phone
from ..domain.text import clean_text, clean_token
from .conflicts import conflict_error
from .errors import NotFound, ValidationFailed
from .types import ResidentDetail, ResidentInput, SaveResult

FIELD_LABELS = {
    "name": "姓名", "id_number": "身份证号", "sex": "性别", "birth_date": "出生日期",
    "phone": "电话", "relation": "与户主关系", "residence_status": "户籍状态",
    "moved_in_on": "迁入日期", "household_id": "所在户",
}


def refresh_search_text(resident: Resident) -> None:
    """Recompute name_pinyin and search_text from name, ID, phone and address."""
    address = resident.household.address_text if resident.household else ""
    resident.name_pinyin, resident.search_text = search_text_for(
        resident.name, resident.id_number, resident.phone, address)


def check_resident(session: Session, data: ResidentInput, today: dt.date,
                   resident_id: int | None = None) -> tuple[dict[str, str], list[str]]:
    """Check a resident form; return (errors by field, warnings). Normalises `data` in place."""
    errors: dict[str, str] = {}
    warnings: list[str] = []
    data.name = clean_text(data.name)
    if not data.name:
        errors["name"] = "姓名不能为空"
    elif len(data.name) > 50:
        errors["name"] = "姓名过长"
    if data.sex not in (None, "", Sex.MALE.value, Sex.FEMALE.value):
        errors["sex"] = "性别只能是男或女"
    data.sex = data.sex or None
    if data.id_number and data.id_number.strip():
        try:
            parsed = parse_id_number(data.id_number, today=today)
        except IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            data.id_number = parsed.number
            warnings.extend(parsed.warnings)
            warnings.extend(cross_check(parsed, Sex(data.sex) if data.sex else None, data.birth_date))
            data.sex = data.sex or parsed.sex.value
            data.birth_date = data.birth_date or parsed.birth_date
            holder = session.execute(
                select(Resident.id, Resident.name, Household.address_text)
                .join(Household, Resident.household_id == Household.id)
                .where(Resident.id_number == parsed.number)
            ).first()
            if holder is not None and holder.id != resident_id:
                errors["id_number"] = f"该身份证号已登记在 {holder.name}（{holder.address_text}）名下"
    else:
        data.id_number = ""
    if data.birth_date and data.birth_date > today:
        errors["birth_date"] = "出生日期不能晚于今天"
    if data.moved_in_on and data.moved_in_on > today:
        errors["moved_in_on"] = "迁入日期不能晚于今天"
    if data.phone and data.phone.strip():
        try:
            data.phone = parse_phone(data.phone)
        except PhoneError as exc:
            errors["phone"] = str(exc)
    else:
        data.phone = ""
    if data.relation not in {r.value for r in Relation}:
        errors["relation"] = "与户主关系不对"
    if data.residence_status not in {s.value for s in ResidenceStatus}:
        errors["residence_status"] = "户籍状态不对"
    if session.get(Household, data.household_id) is None:
        errors["household_id"] = "请选择所在户"
    return errors, warnings


def _apply(resident: Resident, data: ResidentInput, session: Session) -> None:
    resident.household = session.get(Household, data.household_id)
    resident.name = data.name
    resident.sex = data.sex
    resident.birth_date = data.birth_date
    resident.id_number = data.id_number or None
    resident.phone = data.phone
    resident.relation = data.relation
    resident.residence_status = data.residence_status
    resident.moved_in_on = data.moved_in_on
    resident.notes = data.notes or ""
    refresh_search_text(resident)


def _sync_tags(session: Session, resident: Resident, tag_ids: set[int], today: dt.date) -> None:
    """Make the resident's active tags exactly `tag_ids`: new ones start today, removed ones end today."""
    active = {link.tag_id: link for link in session.scalars(select(ResidentTag).where(
        ResidentTag.resident_id == resident.id, ResidentTag.end_date.is_(None)))}
    known = set(session.scalars(select(Tag.id).where(Tag.id.in_(tag_ids)))) if tag_ids else set()
    for tag_id in sorted(known - set(active)):
        session.add(ResidentTag(resident_id=resident.id, tag_id=tag_id, start_date=today, note=""))
    for tag_id, link in active.items():
        if tag_id not in tag_ids:
            link.end_date = max(today, link.start_date)


def add_resident(db: Database, data: ResidentInput) -> SaveResult:
    """Add a resident to a household. Raises ValidationFailed (nothing saved) on bad input."""
    with db.transaction() as session:
        errors, warnings = check_resident(session, data, db.clock.today())
        if errors:
            raise ValidationFailed(errors)
        resident = Resident(state=ResidentState.CURRENT.value)
        _apply(resident, data, session)
        session.add(resident)
        session.flush()
        if data.tag_ids is not None:
            _sync_tags(session, resident, data.tag_ids, db.clock.today())
        return SaveResult(resident.id, warnings)


def update_resident(db: Database, resident_id: int, data: ResidentInput, expected_version: int) -> SaveResult:
    """Save an edited resident; refused with ConflictError if someone saved it meanwhile."""
    try:
        with db.transaction() as session:
            resident = session.get(Resident, resident_id)
            if resident is None:
                raise NotFound("该居民不存在")
            if resident.version != expected_version:
                raise conflict_error(db, Resident, resident_id, data, "该居民")
            errors, warnings = check_resident(session, data, db.clock.today(), resident_id)
            if errors:
                raise ValidationFailed(errors)
            _apply(resident, data, session)
            if data.tag_ids is not None:
                _sync_tags(session, resident, data.tag_ids, db.clock.today())
            return SaveResult(resident.id, warnings)
    except StaleDataError as exc:
        raise conflict_error(db, Resident, resident_id, data, "该居民") from exc


def active_tag_names(session: Session, resident_ids: list[int], today: dt.date) -> dict[int, list[str]]:
    """Current tags of each resident, in the tags' display order."""
    out: dict[int, list[str]] = {rid: [] for rid in resident_ids}
    if not resident_ids:
        return out
    rows = session.execute(
        select(ResidentTag.resident_id, Tag.name)
        .join(Tag, ResidentTag.tag_id == Tag.id)
        .where(ResidentTag.resident_id.in_(resident_ids))
        .where(ResidentTag.start_date <= today)
        .where((ResidentTag.end_date.is_(None)) | (ResidentTag.end_date > today))
        .order_by(Tag.sort_order, Tag.name)
    )
    for rid, name in rows:
        if name not in out[rid]:
            out[rid].append(name)
    return out


def get_resident(db: Database, resident_id: int) -> ResidentDetail:
    """One resident with full (unmasked) fields, for the edit dialog."""
    with db.reading() as session:
        r = session.get(Resident, resident_id)
        if r is None:
            raise NotFound("该居民不存在")
        tags = active_tag_names(session, [r.id], db.clock.today())[r.id]
        return ResidentDetail(
            id=r.id, version=r.version, household_id=r.household_id, name=r.name, sex=r.sex,
            birth_date=r.birth_date, id_number=r.id_number, phone=r.phone, relation=r.relation,
            residence_status=r.residence_status, moved_in_on=r.moved_in_on, state=r.state,
            left_on=r.left_on, notes=r.notes, address=r.household.address_text, tags=tuple(tags),
        )


def find_resident_by_id_number(db: Database, id_number: str) -> int | None:
    """The resident id holding this ID number (normalised first), or None."""
    try:
        number = parse_id_number(id_number).number
    except IdNumberError:
        number = clean_token(id_number).upper()
    with db.reading() as session:
        return session.scalar(select(Resident.id).where(Resident.id_number == number))
