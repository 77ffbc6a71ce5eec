"""Plain data the roster services take and return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class HouseholdInput:
    compound: str
    building: str
    room: str = ""
    road: str = ""
    lane: str = ""
    household_type: str = "family"
    phone: str = ""
    notes: str = ""
    last_verified_on: dt.date | None = None


@dataclass
class ResidentInput:
    household_id: int
    name: str
    id_number: str = ""
    sex: str | None = None  # "M" / "F"; taken from the ID number when empty
    birth_date: dt.date | None = None
    phone: str = ""
    relation: str = "other"
    residence_status: str = "registered"
    moved_in_on: dt.date | None = None
    notes: str = ""
    # When given, the resident's current tags become exactly these, in the same transaction.
    tag_ids: set[int] | None = None


@dataclass(frozen=True)
class HouseholdInfo:
    id: int
    version: int
    compound: str
    road: str
    lane: str
    building: str
    room: str
    address: str
    household_type: str
    phone: str
    notes: str
    last_verified_on: dt.date | None
    grid: str | None
    member_count: int


@dataclass(frozen=True)
class ResidentRow:
    """One line of the roster table; `id_number` is already masked unless asked otherwise."""

    id: int
    household_id: int
    name: str
    sex: str | None
    birth_date: dt.date | None
    age: int | None
    id_number: str
    phone: str
    address: str
    tags: tuple[str, ...]
    residence_status: str
    state: str
    relation: str
    # characters of the name that no font on this PC can print (生僻字), marked in the roster
    unprintable: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResidentDetail:
    id: int
    version: int
    household_id: int
    name: str
    sex: str | None
    birth_date: dt.date | None
    id_number: str | None
    phone: str
    relation: str
    residence_status: str
    moved_in_on: dt.date | None
    state: str
    left_on: dt.date | None
    notes: str
    address: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SaveResult:
    id: int
    warnings: list[str] = field(default_factory=list)
