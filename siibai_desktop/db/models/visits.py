"""The visit programme: 7必访 rules, visits (走访记录) and needs (民情诉求) with their history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from ..base import Base, Editable
from .roster import Resident

# Indexes on residents for the due list (created by migrations 0002 / 0002b): the 新住户
# rule asks for recent arrivals; the age rule reads old residents' household and name
# from the index alone instead of visiting every row.
Index("ix_residents_moved_in_on", Resident.moved_in_on)
Index("ix_residents_birth_state_household", Resident.birth_date, Resident.state, Resident.household_id,
      Resident.name)


class VisitRule(Editable, Base):
    """One 7必访 rule as data, editable on the settings page.

    Covers a resident who has the tag, or who meets every other criterion given
    (age threshold, living alone, moved in within N days). `counting_modes` is a comma
    list of visit mode codes that count for this rule.
    """

    __tablename__ = "visit_rules"
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    tag_id: Mapped[int | None] = mapped_column(ForeignKey("tags.id"), nullable=True)
    min_age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    living_alone: Mapped[bool] = mapped_column(Boolean, default=False)
    moved_in_within_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    interval_days: Mapped[int] = mapped_column(Integer)
    counting_modes: Mapped[str] = mapped_column(String(200))
    warn_days: Mapped[int] = mapped_column(Integer, default=7)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    description: Mapped[str] = mapped_column(Text, default="")


class Visit(Editable, Base):
    """走访记录: one visit to one household. Item lists are comma lists of codes.

    Queries that count visits keep `Visit.voided_at.is_(None)`."""

    __tablename__ = "visits"
    __table_args__ = (
        # the due list walks a household's visits newest first to the first counting mode
        # (migration 0002b replaced 0002's (household_id, mode, visit_date) index with this)
        # (PostgreSQL: id included so the walk reads the index only, as SQLite's rowid does;
        # 0002c added voided_at so the walk skips voided visits without reading the table)
        Index("ix_visits_household_date_mode_void", "household_id", "visit_date", "mode", "voided_at",
              postgresql_include=["id"]),
        Index("ix_visits_visit_date", "visit_date"),
    )
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"))
    visit_date: Mapped[dt.date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(20))
    met_whom: Mapped[str] = mapped_column(Text, default="")
    must_do: Mapped[str] = mapped_column(String(200), default="")
    must_know: Mapped[str] = mapped_column(String(200), default="")
    observations: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(50), default="")
    # 作废: a visit entered by mistake is kept for the audit trail but no longer counts
    # (due list, coverage, reports, sheets); voided_at is set exactly when it is voided.
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    voided_by: Mapped[str | None] = mapped_column(String(50), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class VisitStaff(Base):
    """The staff who went on a visit (one or more)."""

    __tablename__ = "visit_staff"
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True, index=True)


class VisitResident(Base):
    """The residents met on a visit (optional)."""

    __tablename__ = "visit_residents"
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), primary_key=True, index=True)


class NeedCategory(Editable, Base):
    """诉求类别: an editable list (物业维修, 环境卫生 …)."""

    __tablename__ = "need_categories"
    name: Mapped[str] = mapped_column(String(40), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Need(Editable, Base):
    """民情诉求, followed from 待处理 to 已回访."""

    __tablename__ = "needs"
    __table_args__ = (Index("ix_needs_status_deadline", "status", "deadline"),)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), nullable=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("need_categories.id"))
    description: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="visit")
    raised_by: Mapped[str] = mapped_column(String(100), default="")
    raised_on: Mapped[dt.date] = mapped_column(Date)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"), nullable=True, index=True)
    owner_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True, index=True)
    escalated_to: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    resolution: Mapped[str] = mapped_column(Text, default="")
    follow_up_verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class NeedEvent(Base):
    """Every change of a need's status: when, who, from what to what. Append-only."""

    __tablename__ = "need_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    event_date: Mapped[dt.date] = mapped_column(Date)
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str | None] = mapped_column(String(20), nullable=True)
    who: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
