"""The roster: committee, compounds, buildings, households, residents, tags, life events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, Editable


class Committee(Editable, Base):
    """The one committee this installation serves."""

    __tablename__ = "committee"
    name: Mapped[str] = mapped_column(String(100))
    street_office: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


class Compound(Editable, Base):
    """小区."""

    __tablename__ = "compounds"
    name: Mapped[str] = mapped_column(String(100), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    buildings: Mapped[list[Building]] = relationship(back_populates="compound")


class Building(Editable, Base):
    """One building (号/幢) in a lane (弄) of a road, inside a compound."""

    __tablename__ = "buildings"
    __table_args__ = (UniqueConstraint("compound_id", "road", "lane", "number"),)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    road: Mapped[str] = mapped_column(String(60), default="")
    lane: Mapped[str] = mapped_column(String(20), default="")
    number: Mapped[str] = mapped_column(String(20))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True, nullable=True)
    compound: Mapped[Compound] = relationship(back_populates="buildings")
    households: Mapped[list[Household]] = relationship(back_populates="building")


class Household(Editable, Base):
    """户: the unit that is visited. Several households may share one dwelling (分户)."""

    __tablename__ = "households"
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), index=True)
    room: Mapped[str] = mapped_column(String(20), default="")
    household_type: Mapped[str] = mapped_column(String(20), default="family")
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    last_verified_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Address in words and its sort key, kept in step with the building by the services.
    address_text: Mapped[str] = mapped_column(String(200), default="")
    address_sort: Mapped[str] = mapped_column(String(200), default="", index=True)
    building: Mapped[Building] = relationship(back_populates="households")
    residents: Mapped[list[Resident]] = relationship(back_populates="household")


class Resident(Editable, Base):
    """居民. Never deleted: moving out or death changes `state` and adds a life event."""

    __tablename__ = "residents"
    __table_args__ = (
        # Covering index: the search box scans it in display order without touching the table.
        Index("ix_residents_search", "state", "name_pinyin", "id", "search_text"),
        Index("ix_residents_household_state", "household_id", "state"),
    )
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    name: Mapped[str] = mapped_column(String(50))
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True, nullable=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    relation: Mapped[str] = mapped_column(String(20), default="other")
    residence_status: Mapped[str] = mapped_column(String(30), default="registered")
    moved_in_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="current")
    left_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Search helpers, recomputed by the services whenever the inputs change.
    name_pinyin: Mapped[str] = mapped_column(String(120), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    household: Mapped[Household] = relationship(back_populates="residents")
    tags: Mapped[list[ResidentTag]] = relationship(back_populates="resident")


class LifeEvent(Base):
    """History: moved in / out, died, moved to another household, split off. Append-only."""

    __tablename__ = "life_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[dt.date] = mapped_column(Date)
    from_household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), nullable=True)
    to_household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), nullable=True)
    place: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class Tag(Editable, Base):
    """标签. System tags carry a `code` (the seven 必访 groups, 党员 …); office tags do not."""

    __tablename__ = "tags"
    name: Mapped[str] = mapped_column(String(40), unique=True)
    code: Mapped[str | None] = mapped_column(String(40), unique=True, nullable=True)
    is_system: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=100)


class ResidentTag(Editable, Base):
    """A tag on a resident for a period; an ended tag stays as history."""

    __tablename__ = "resident_tags"
    __table_args__ = (Index("ix_resident_tags_tag_active", "tag_id", "end_date", "resident_id"),)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    resident: Mapped[Resident] = relationship(back_populates="tags")
    tag: Mapped[Tag] = relationship()
