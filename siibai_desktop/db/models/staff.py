"""Staff and their grids (微网格)."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, Editable


class Staff(Editable, Base):
    """居委干部 / 社工."""

    __tablename__ = "staff"
    name: Mapped[str] = mapped_column(String(50), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="staff")
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Grid(Editable, Base):
    """微网格: a set of buildings with the staff member responsible for them."""

    __tablename__ = "grids"
    name: Mapped[str] = mapped_column(String(50), unique=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True, index=True)
    staff: Mapped[Staff | None] = relationship()
