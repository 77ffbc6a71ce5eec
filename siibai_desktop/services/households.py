"""Compounds, buildings and households."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..db.engine import Database
from ..db.models import Building, Compound, Grid, Household, Resident
from ..domain.address import address_sort_key, format_address
from ..domain.enums import HouseholdType, ResidentState
from ..domain.phone import PhoneError, parse_phone
from ..domain.text import clean_text
from .conflicts import conflict_error
from .errors import NotFound, ValidationFailed
from .types import HouseholdInfo, HouseholdInput


def _clean(text: str | None) -> str:
    return clean_text(text)


def get_or_create_compound(session: Session, name: str) -> Compound:
    compound = session.scalar(select(Compound).where(Compound.name == name))
    if compound is None:
        compound = Compound(name=name, note="")
        session.add(compound)
        session.flush()
    return compound


def get_or_create_building(session: Session, compound: Compound, road: str, lane: str, number: str) -> Building:
    building = session.scalar(
        select(Building).where(
            Building.compound_id == compound.id, Building.road == road,
            Building.lane == lane, Building.number == number,
        )
    )
    if building is None:
        building = Building(compound=compound, road=road, lane=lane, number=number)
        session.add(building)
        session.flush()
    return building


def refresh_household_address(household: Household) -> None:
    """Recompute the stored address text and sort key from the building."""
    b = household.building
    parts = (b.compound.name, b.road, b.lane, b.number, household.room)
    household.address_text = format_address(*parts)
    household.address_sort = address_sort_key(*parts)


def _validate(data: HouseholdInput) -> dict[str, str]:
    errors = {}
    if not _clean(data.compound):
        errors["compound"] = "请填写小区"
    if not _clean(data.building):
        errors["building"] = "请填写楼号（号/幢）"
    # Column widths: PostgreSQL refuses longer text (SQLite would store it silently).
    for field, label, limit in (("compound", "小区", 100), ("road", "路名", 60), ("lane", "弄", 20),
                                ("building", "楼号", 20), ("room", "室号", 20)):
        if len(_clean(getattr(data, field))) > limit:
            errors[field] = f"{label}过长（最多 {limit} 个字）"
    if data.household_type not in {t.value for t in HouseholdType}:
        errors["household_type"] = "户别不对"
    if _clean(data.phone):
        try:
            data.phone = parse_phone(data.phone)
        except PhoneError as exc:
            errors["phone"] = str(exc)
    return errors


def _apply(session: Session, household: Household, data: HouseholdInput) -> None:
    with session.no_autoflush:
        compound = get_or_create_compound(session, _clean(data.compound))
        building = get_or_create_building(
            session, compound, _clean(data.road), _clean(data.lane), _clean(data.building)
        )
    household.building = building
    household.room = _clean(data.room)
    household.household_type = data.household_type
    household.phone = _clean(data.phone)
    household.notes = data.notes or ""
    household.last_verified_on = data.last_verified_on
    refresh_household_address(household)


def add_household(db: Database, data: HouseholdInput) -> int:
    """Create a household at an address (compound and building made as needed)."""
    errors = _validate(data)
    if errors:
        raise ValidationFailed(errors)
    with db.transaction() as session:
        household = Household()
        _apply(session, household, data)
        session.add(household)
        session.flush()
        return household.id


def update_household(db: Database, household_id: int, data: HouseholdInput, expected_version: int) -> None:
    """Save changes to a household; refused if someone else saved it since it was read."""
    from .residents import refresh_search_text  # the address is part of the residents' search text

    errors = _validate(data)
    if errors:
        raise ValidationFailed(errors)
    try:
        with db.transaction() as session:
            household = session.get(Household, household_id)
            if household is None:
                raise NotFound("该户不存在")
            if household.version != expected_version:
                raise conflict_error(db, Household, household_id, data, "该户")
            _apply(session, household, data)
            for resident in household.residents:
                refresh_search_text(resident)
    except StaleDataError as exc:
        raise conflict_error(db, Household, household_id, data, "该户") from exc


def household_info(session: Session, household: Household) -> HouseholdInfo:
    b = household.building
    grid = session.get(Grid, b.grid_id) if b.grid_id else None
    members = session.scalar(
        select(func.count()).select_from(Resident).where(
            Resident.household_id == household.id, Resident.state == ResidentState.CURRENT.value
        )
    )
    return HouseholdInfo(
        id=household.id, version=household.version, compound=b.compound.name, road=b.road,
        lane=b.lane, building=b.number, room=household.room, address=household.address_text,
        household_type=household.household_type, phone=household.phone, notes=household.notes,
        last_verified_on=household.last_verified_on, grid=grid.name if grid else None,
        member_count=members or 0,
    )


def get_household(db: Database, household_id: int) -> HouseholdInfo:
    """One household with its address parts and number of current members."""
    with db.reading() as session:
        household = session.get(Household, household_id)
        if household is None:
            raise NotFound("该户不存在")
        return household_info(session, household)


def find_households(db: Database, text: str, limit: int = 50) -> list[HouseholdInfo]:
    """Households whose address contains every word of `text` (for pickers)."""
    words = [w for w in (text or "").split() if w]
    with db.reading() as session:
        stmt = select(Household).order_by(Household.address_sort).limit(limit)
        for word in words:
            stmt = stmt.where(Household.address_text.contains(word))
        return [household_info(session, h) for h in session.scalars(stmt)]


def list_compounds(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every compound, by name."""
    with db.reading() as session:
        return [(c.id, c.name) for c in session.scalars(select(Compound).order_by(Compound.name))]


def list_buildings(db: Database, compound_id: int | None = None) -> list[tuple[int, str]]:
    """(id, label) of buildings, optionally of one compound, in address order."""
    with db.reading() as session:
        stmt = select(Building, Compound.name).join(Compound)
        if compound_id is not None:
            stmt = stmt.where(Building.compound_id == compound_id)
        rows = []
        for b, compound_name in session.execute(stmt):
            label = format_address("" if compound_id else compound_name, b.road, b.lane, b.number, "")
            rows.append((address_sort_key(compound_name, b.road, b.lane, b.number, ""), b.id, label))
        return [(bid, label) for _, bid, label in sorted(rows)]
