"""The 3必知 registers: conflicts, community resources, prominent environmental problems."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, Editable


class Conflict(Editable, Base):
    """矛盾纠纷 / 不稳定因素, from discovery through mediation to resolution."""

    __tablename__ = "conflicts"
    title: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="neighbour")
    parties: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    risk: Mapped[str] = mapped_column(String(10), default="low")
    found_on: Mapped[dt.date] = mapped_column(Date)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    mediation_notes: Mapped[str] = mapped_column(Text, default="")
    households: Mapped[list[ConflictHousehold]] = relationship(
        back_populates="conflict", cascade="all, delete-orphan")


class ConflictHousehold(Base):
    """A household involved in a conflict."""

    __tablename__ = "conflict_households"
    __table_args__ = (UniqueConstraint("conflict_id", "household_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[int] = mapped_column(ForeignKey("conflicts.id", ondelete="CASCADE"))
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    conflict: Mapped[Conflict] = relationship(back_populates="households")


class CommunityResource(Editable, Base):
    """社区资源: 共建单位, 志愿者队伍, 能人达人."""

    __tablename__ = "community_resources"
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(100))
    skills: Mapped[str] = mapped_column(Text, default="")
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class EnvironmentIssue(Editable, Base):
    """影响社区环境的突出问题: 群租, 楼道堆物, 违建, 设施损坏 …"""

    __tablename__ = "environment_issues"
    kind: Mapped[str] = mapped_column(String(30))
    place: Mapped[str] = mapped_column(String(200), default="")
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    found_on: Mapped[dt.date] = mapped_column(Date)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
