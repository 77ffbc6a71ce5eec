"""Which characters cannot be printed on this PC: for warnings before printing and for
marking names in the roster (生僻字 no installed font has)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Household, Resident
from ..domain.enums import ResidentState
from .pdf.fonts import unprintable_characters

__all__ = ["UnprintableName", "unprintable_characters", "unprintable_names"]


@dataclass(frozen=True)
class UnprintableName:
    resident_id: int
    name: str
    address: str
    characters: tuple[str, ...]


def unprintable_names(db: Database, include_left: bool = False) -> list[UnprintableName]:
    """Residents whose names hold characters that no font here can print."""
    with db.reading() as session:
        stmt = select(Resident.id, Resident.name, Household.address_text).join(
            Household, Resident.household_id == Household.id)
        if not include_left:
            stmt = stmt.where(Resident.state == ResidentState.CURRENT.value)
        rows = session.execute(stmt).all()
    out = []
    for rid, name, address in rows:
        # almost every name is plain: check quickly before listing the characters
        if any(ord(ch) >= 0x3400 for ch in name):
            missing = unprintable_characters(name)
            if missing:
                out.append(UnprintableName(rid, name, address, tuple(missing)))
    return out
