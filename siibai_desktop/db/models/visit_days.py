"""集中走访 plans: a day, for a staff member or a grid, and the households in walking order."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, Editable


class VisitDay(Editable, Base):
    __tablename__ = "visit_days"
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    households: Mapped[list[VisitDayHousehold]] = relationship(
        back_populates="visit_day", cascade="all, delete-orphan", order_by="VisitDayHousehold.position")


class VisitDayHousehold(Base):
    __tablename__ = "visit_day_households"
    __table_args__ = (UniqueConstraint("visit_day_id", "household_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_day_id: Mapped[int] = mapped_column(ForeignKey("visit_days.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # why it is on the plan, as words at planning time (the sheet shows today's reason if any)
    source: Mapped[str] = mapped_column(String(20), default="manual")
    reason: Mapped[str] = mapped_column(Text, default="")
    visit_day: Mapped[VisitDay] = relationship(back_populates="households")
