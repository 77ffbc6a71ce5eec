"""Addresses: compound, road, lane (弄), building (号/幢), room (室); text and sort key."""

from __future__ import annotations

import re
from functools import lru_cache

_NUM = re.compile(r"\d+")


def format_address(compound: str, road: str, lane: str, building: str, room: str) -> str:
    """星港景苑 长宁支路314弄5号302室 (parts that are empty are left out)."""
    street = road or ""
    if lane:
        street += f"{lane}弄"
    if building:
        street += building if building.endswith(("号", "幢", "栋")) else f"{building}号"
    if room:
        street += room if room.endswith("室") else f"{room}室"
    return " ".join(p for p in (compound, street) if p)


@lru_cache(maxsize=4096)  # compounds, roads, buildings and room numbers repeat
def _natural(part: str) -> str:
    """Numbers padded so that 2 sorts before 10."""
    return _NUM.sub(lambda m: m.group(0).zfill(6), part or "")


def address_sort_key(compound: str, road: str, lane: str, building: str, room: str) -> str:
    return "|".join(_natural(p) for p in (compound, road, lane, building, room))
