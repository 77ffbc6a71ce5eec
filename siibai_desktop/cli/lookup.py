"""Finding staff, grids and households by what a person types on the command line."""

from __future__ import annotations

from ..services.errors import NotFound, UserError
from ..services.households import find_households, get_household
from ..services.staff import list_grids, list_staff


def staff_id(db, name: str | None) -> int | None:
    if not name:
        return None
    for staff in list_staff(db, active_only=False):
        if staff.name == name.strip():
            return staff.id
    raise NotFound(f"没有名为“{name}”的工作人员")


def staff_ids(db, names: str) -> list[int]:
    """Comma-separated names (, ， or 、) to staff ids."""
    parts = [p.strip() for p in names.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    if not parts:
        raise UserError("请用 --staff 指定走访人员")
    return [staff_id(db, p) for p in parts]


def grid_id(db, name: str | None) -> int | None:
    if not name:
        return None
    for grid in list_grids(db):
        if grid.name == name.strip():
            return grid.id
    raise NotFound(f"没有名为“{name}”的网格")


def household_id(db, text: str) -> int:
    """A household by its id or by words of its address (must match exactly one)."""
    text = (text or "").strip()
    if text.isdigit():
        return get_household(db, int(text)).id
    hits = find_households(db, text, limit=6)
    exact = [h for h in hits if h.address == text]
    if len(exact) == 1:
        return exact[0].id
    if len(hits) == 1:
        return hits[0].id
    if not hits:
        raise NotFound(f"没有找到地址包含“{text}”的户")
    listed = "；".join(f"{h.id}：{h.address}" for h in hits[:5])
    raise UserError(f"地址“{text}”对应多户，请写得更完整或用户编号：{listed}")
