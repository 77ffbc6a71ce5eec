"""Roster search: one query for the search box, the filters and the sort, run in SQL.

The GUI table keeps only the list of matching ids and fetches the visible rows with
`fetch_rows`, so it stays smooth at 100,000 residents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.fastpath import fetch_int_column
from ..db.models import Building, Household, Resident, ResidentTag
from ..domain.clock import age_on, birth_date_cutoff
from ..domain.enums import ResidentState
from ..domain.masking import mask_id_number, mask_phone
from ..domain.text import clean_token
from .residents import active_tag_names
from .types import ResidentRow

SORT_COLUMNS = ("name", "sex", "age", "id_number", "phone", "address", "tags", "status")


@dataclass
class ResidentQuery:
    text: str = ""
    compound_id: int | None = None
    building_id: int | None = None
    grid_id: int | None = None
    tag_id: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    residence_status: str | None = None
    include_left: bool = False
    sort: str = "name"
    descending: bool = False


def search_terms(text: str) -> list[str]:
    """Words of the search box, normalised as the stored search text is."""
    return [clean_token(w).lower() for w in (text or "").split() if clean_token(w)]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _matches(term: str, dialect: str):
    # SQLite's LIKE walks UTF-8 slowly; instr() is 20-30% faster for Chinese words but
    # slower for ASCII ones (measured on 100,000 residents), so each takes the faster form.
    if dialect == "sqlite" and not term.isascii():
        return func.instr(Resident.search_text, term) > 0
    return Resident.search_text.like(f"%{_escape_like(term)}%", escape="\\")


def build_query(query: ResidentQuery, today: dt.date, dialect: str = "") -> Select:
    """SELECT resident ids matching the query, sorted; shared by the GUI, CLI and export."""
    stmt = select(Resident.id)
    needs_household = query.sort == "address" or any(
        v is not None for v in (query.compound_id, query.building_id, query.grid_id)
    )
    if needs_household:
        stmt = stmt.join(Household, Resident.household_id == Household.id)
    if query.compound_id is not None or query.grid_id is not None:
        stmt = stmt.join(Building, Household.building_id == Building.id)
    if not query.include_left:
        stmt = stmt.where(Resident.state == ResidentState.CURRENT.value)
    for term in search_terms(query.text):
        stmt = stmt.where(_matches(term, dialect))
    if query.compound_id is not None:
        stmt = stmt.where(Building.compound_id == query.compound_id)
    if query.building_id is not None:
        stmt = stmt.where(Household.building_id == query.building_id)
    if query.grid_id is not None:
        stmt = stmt.where(Building.grid_id == query.grid_id)
    if query.tag_id is not None:
        stmt = stmt.where(exists().where(and_(
            ResidentTag.resident_id == Resident.id, ResidentTag.tag_id == query.tag_id,
            ResidentTag.start_date <= today,
            or_(ResidentTag.end_date.is_(None), ResidentTag.end_date > today),
        )))
    if query.age_min is not None:
        stmt = stmt.where(Resident.birth_date <= birth_date_cutoff(query.age_min, today))
    if query.age_max is not None:
        # at most N years old: born after the day someone turned N+1
        stmt = stmt.where(Resident.birth_date > birth_date_cutoff(query.age_max + 1, today))
    if query.residence_status:
        stmt = stmt.where(Resident.residence_status == query.residence_status)
    return stmt.order_by(*_order(query))


def _order(query: ResidentQuery):
    column = {
        "name": Resident.name_pinyin,
        "sex": Resident.sex,
        # older first when sorting by age ascending means later birth dates first
        "age": Resident.birth_date,
        "id_number": Resident.id_number,
        "phone": Resident.phone,
        "address": Household.address_sort,
        "status": Resident.residence_status,
    }.get(query.sort, Resident.name_pinyin)
    descending = query.descending
    if query.sort == "age":
        descending = not descending
    first = column.desc() if descending else column.asc()
    return [first, Resident.id]


def search_ids(db: Database, query: ResidentQuery) -> list[int]:
    """Ids of every resident matching the query, in display order."""
    stmt = build_query(query, db.clock.today(), db.engine.dialect.name)
    with db.reading() as session:
        return fetch_int_column(session, stmt)


def _unprintable(name: str) -> tuple[str, ...]:
    """Characters of a name no font here has. Only names with a character outside the
    common CJK block are checked, so the fonts load only when such a name is shown."""
    if all(ch.isascii() or "\u4e00" <= ch <= "\u9fff" or ch == "·" for ch in name):
        return ()
    from .pdf.fonts import unprintable_characters

    try:
        return tuple(unprintable_characters(name))
    except Exception:  # no usable font at all: printing says so itself
        return ()


def rows_for(session: Session, ids: list[int], today: dt.date, full_id: bool = False) -> list[ResidentRow]:
    """Table rows for these ids, in the same order; ID numbers and phones masked unless full_id."""
    if not ids:
        return []
    records = session.execute(
        select(
            Resident.id, Resident.household_id, Resident.name, Resident.sex, Resident.birth_date,
            Resident.id_number, Resident.phone, Household.address_text, Resident.residence_status,
            Resident.state, Resident.relation,
        ).join(Household, Resident.household_id == Household.id).where(Resident.id.in_(ids))
    ).all()
    tags = active_tag_names(session, ids, today)
    by_id = {}
    for r in records:
        by_id[r.id] = ResidentRow(
            id=r.id, household_id=r.household_id, name=r.name, sex=r.sex, birth_date=r.birth_date,
            age=age_on(r.birth_date, today),
            id_number=(r.id_number or "") if full_id else mask_id_number(r.id_number),
            phone=(r.phone or "") if full_id else mask_phone(r.phone),
            address=r.address_text, tags=tuple(tags.get(r.id, ())),
            residence_status=r.residence_status, state=r.state, relation=r.relation,
            unprintable=_unprintable(r.name),
        )
    return [by_id[i] for i in ids if i in by_id]


def fetch_rows(db: Database, ids: list[int], full_id: bool = False) -> list[ResidentRow]:
    """Rows for a page of ids (the table's visible part)."""
    with db.reading() as session:
        return rows_for(session, ids, db.clock.today(), full_id)


def search_residents(db: Database, query: ResidentQuery, limit: int | None = None,
                     full_id: bool = False) -> list[ResidentRow]:
    """Matching residents as rows (command line, exports)."""
    ids = search_ids(db, query)
    if limit is not None:
        ids = ids[:limit]
    rows: list[ResidentRow] = []
    for start in range(0, len(ids), 500):
        rows.extend(fetch_rows(db, ids[start:start + 500], full_id))
    return rows


def household_members(db: Database, household_id: int, include_left: bool = False) -> list[ResidentRow]:
    """Members of one household, head first."""
    with db.reading() as session:
        stmt = select(Resident.id).where(Resident.household_id == household_id)
        if not include_left:
            stmt = stmt.where(Resident.state == ResidentState.CURRENT.value)
        ids = list(session.scalars(stmt.order_by(Resident.relation != "head", Resident.birth_date, Resident.id)))
        return rows_for(session, ids, db.clock.today())
