"""Staff and grids (微网格)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import Building, Grid, Staff
from ..domain.enums import StaffRole
from ..domain.phone import PhoneError, parse_phone
from ..domain.text import clean_text
from .errors import ValidationFailed


@dataclass(frozen=True)
class StaffInfo:
    id: int
    name: str
    role: str
    phone: str
    active: bool


@dataclass(frozen=True)
class GridInfo:
    id: int
    name: str
    staff: str | None
    building_count: int


def add_staff(db: Database, name: str, role: str = StaffRole.STAFF.value, phone: str = "") -> int:
    """A staff member (居委干部/社工)."""
    name = clean_text(name)
    errors = {}
    if not name:
        errors["name"] = "姓名不能为空"
    if role not in {r.value for r in StaffRole}:
        errors["role"] = "职务不对"
    if phone:
        try:
            phone = parse_phone(phone)
        except PhoneError as exc:
            errors["phone"] = str(exc)
    if errors:
        raise ValidationFailed(errors)
    with db.transaction() as session:
        if session.scalar(select(Staff.id).where(Staff.name == name)):
            raise ValidationFailed({"name": f"工作人员“{name}”已存在"})
        staff = Staff(name=name, role=role, phone=phone)
        session.add(staff)
        session.flush()
        return staff.id


def list_staff(db: Database, active_only: bool = True) -> list[StaffInfo]:
    with db.reading() as session:
        stmt = select(Staff).order_by(Staff.id)
        if active_only:
            stmt = stmt.where(Staff.active.is_(True))
        return [StaffInfo(s.id, s.name, s.role, s.phone, s.active) for s in session.scalars(stmt)]


def add_grid(db: Database, name: str, staff_id: int | None, building_ids: list[int]) -> int:
    """A grid of buildings with its responsible staff member; buildings move to it."""
    name = clean_text(name)
    if not name:
        raise ValidationFailed({"name": "网格名称不能为空"})
    with db.transaction() as session:
        if session.scalar(select(Grid.id).where(Grid.name == name)):
            raise ValidationFailed({"name": f"网格“{name}”已存在"})
        grid = Grid(name=name, staff_id=staff_id)
        session.add(grid)
        session.flush()
        for building in session.scalars(select(Building).where(Building.id.in_(building_ids))):
            building.grid_id = grid.id
        return grid.id


def list_grids(db: Database) -> list[GridInfo]:
    with db.reading() as session:
        counts = dict(session.execute(select(Building.grid_id, func.count()).group_by(Building.grid_id)).all())
        return [GridInfo(g.id, g.name, g.staff.name if g.staff else None, counts.get(g.id, 0))
                for g in session.scalars(select(Grid).order_by(Grid.name))]
