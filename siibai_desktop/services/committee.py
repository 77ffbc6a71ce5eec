"""The committee's own details (one per installation)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Committee
from .errors import ValidationFailed


@dataclass
class CommitteeInfo:
    name: str
    street_office: str = ""
    district: str = ""
    address: str = ""
    phone: str = ""


def get_committee(db: Database) -> CommitteeInfo | None:
    """The committee, or None before first set-up."""
    with db.reading() as session:
        c = session.scalar(select(Committee).order_by(Committee.id).limit(1))
        return CommitteeInfo(c.name, c.street_office, c.district, c.address, c.phone) if c else None


def save_committee(db: Database, info: CommitteeInfo) -> None:
    """Create or update the committee's details."""
    if not (info.name or "").strip():
        raise ValidationFailed({"name": "居委会名称不能为空"})
    with db.transaction() as session:
        c = session.scalar(select(Committee).order_by(Committee.id).limit(1))
        if c is None:
            c = Committee()
            session.add(c)
        c.name, c.street_office, c.district = info.name.strip(), info.street_office, info.district
        c.address, c.phone = info.address, info.phone
