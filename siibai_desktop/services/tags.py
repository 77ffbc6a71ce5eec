"""Tags on residents, with start and end dates kept as history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Resident, ResidentTag, Tag
from ..domain.text import clean_text
from .errors import NotFound, ValidationFailed


@dataclass(frozen=True)
class TagInfo:
    id: int
    name: str
    code: str | None
    is_system: bool
    description: str


@dataclass(frozen=True)
class TagPeriod:
    id: int
    tag: str
    start_date: dt.date
    end_date: dt.date | None
    note: str


def list_tags(db: Database) -> list[TagInfo]:
    """Every tag, system tags first in their fixed order."""
    with db.reading() as session:
        return [TagInfo(t.id, t.name, t.code, t.is_system, t.description)
                for t in session.scalars(select(Tag).order_by(Tag.sort_order, Tag.name))]


def add_tag(db: Database, name: str, description: str = "") -> int:
    """An office tag (标签) beside the system ones."""
    name = clean_text(name)
    if not name:
        raise ValidationFailed({"name": "标签名称不能为空"})
    with db.transaction() as session:
        if session.scalar(select(Tag.id).where(Tag.name == name)):
            raise ValidationFailed({"name": f"标签“{name}”已存在"})
        tag = Tag(name=name, description=description, is_system=False, sort_order=1000)
        session.add(tag)
        session.flush()
        return tag.id


def tag_id_by_name(db: Database, name: str) -> int:
    with db.reading() as session:
        tag_id = session.scalar(select(Tag.id).where((Tag.name == name) | (Tag.code == name)))
    if tag_id is None:
        raise NotFound(f"没有名为“{name}”的标签")
    return tag_id


def assign_tag(db: Database, resident_id: int, tag_id: int, start_date: dt.date | None = None,
               note: str = "") -> int:
    """Put a tag on a resident from a day (today by default); no-op if already active."""
    start = start_date or db.clock.today()
    with db.transaction() as session:
        if session.get(Resident, resident_id) is None:
            raise NotFound("该居民不存在")
        if session.get(Tag, tag_id) is None:
            raise NotFound("该标签不存在")
        active = session.scalar(select(ResidentTag).where(
            ResidentTag.resident_id == resident_id, ResidentTag.tag_id == tag_id,
            ResidentTag.end_date.is_(None)))
        if active is not None:
            return active.id
        link = ResidentTag(resident_id=resident_id, tag_id=tag_id, start_date=start, note=note)
        session.add(link)
        session.flush()
        return link.id


def end_tag(db: Database, resident_id: int, tag_id: int, end_date: dt.date | None = None) -> None:
    """End a resident's active tag; the period stays as history."""
    end = end_date or db.clock.today()
    with db.transaction() as session:
        for link in session.scalars(select(ResidentTag).where(
            ResidentTag.resident_id == resident_id, ResidentTag.tag_id == tag_id,
            ResidentTag.end_date.is_(None))):
            if end < link.start_date:
                raise ValidationFailed({"end_date": "结束日期早于开始日期"})
            link.end_date = end


def tag_history(db: Database, resident_id: int) -> list[TagPeriod]:
    """Every tag period of a resident, current and ended."""
    with db.reading() as session:
        rows = session.execute(select(ResidentTag, Tag.name).join(Tag)
                               .where(ResidentTag.resident_id == resident_id)
                               .order_by(ResidentTag.start_date, ResidentTag.id))
        return [TagPeriod(link.id, name, link.start_date, link.end_date, link.note) for link, name in rows]
