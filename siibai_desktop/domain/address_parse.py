"""Splitting an address as offices type it into compound, road, lane, building and room.

    武夷路52弄3号201室           -> road 武夷路, lane 52, building 3, room 201
    枫桥苑 12号 0502             -> compound 枫桥苑, building 12, room 0502
    星港景苑 长宁支路314弄5号302室 -> all five parts (the form format_address writes)
    枫桥苑12幢502室 / 12-502 / 3号楼2单元501

Building numbers keep 幢/栋/座 when the address used them ("12幢"); 号 is dropped, as
format_address puts it back. Nothing is guessed: text that does not fit is returned in
`leftover` so the caller can say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .text import to_half_width

_ROAD_END = ("支路", "大道", "路", "街", "巷", "道")
_COMPOUND_END = ("新村", "小区", "公寓", "花园", "家园", "大厦", "景苑", "苑", "邨", "坊", "园", "城", "府", "庭", "居")

_LANE = re.compile(r"^(\d+)\s*弄(?:\s*(\d+)\s*支弄)?")
_BUILDING = re.compile(r"^(\d+[A-Za-z]?)\s*(号楼|号|幢|栋|座|楼)")
_BUILDING_DASH = re.compile(r"^(\d+[A-Za-z]?)\s*[-—]\s*(?=\d)")
_UNIT = re.compile(r"^(\d+)\s*单元")
_ROOM = re.compile(r"^(\d+[A-Za-z]?)\s*(室|号房|房)?$")
_PLAIN_NUMBER = re.compile(r"^(\d+[A-Za-z]?)(?=\s|$)")


@dataclass(frozen=True)
class AddressParts:
    compound: str = ""
    road: str = ""
    lane: str = ""
    building: str = ""
    room: str = ""
    leftover: str = ""  # text that could not be placed

    @property
    def complete(self) -> bool:
        return bool(self.building) and not self.leftover


def _split_head(head: str) -> tuple[str, str]:
    """Leading words before the numbers: (compound, road)."""
    head = head.strip()
    if not head:
        return "", ""
    words = head.split()
    if len(words) > 1:
        compound, road = _split_head(" ".join(words[1:]))
        if compound:  # e.g. "枫桥苑 二期苑" – keep the words together
            return " ".join(words), ""
        return words[0], road
    if head.endswith(_ROAD_END):
        # 星港景苑长宁支路: split after a compound ending if a road follows it
        for i in range(1, len(head) - 1):
            if head[:i].endswith(_COMPOUND_END) and head[i:].endswith(_ROAD_END) and len(head[i:]) >= 2:
                return head[:i], head[i:]
        return "", head
    return head, ""


def parse_address(text: str, known_compounds: Iterable[str] = ()) -> AddressParts:
    """Split an address; compounds the office already has are recognised first."""
    s = re.sub(r"\s+", " ", to_half_width(text or "")).strip()
    s = s.replace("#", "号").replace("－", "-")
    compound = ""
    # Names with digits ("武夷路52弄", made for lanes without a compound) are parsed, not stripped.
    for name in sorted((n for n in known_compounds if n and not any(c.isdigit() for c in n)), key=len, reverse=True):
        if s.startswith(name):
            compound, s = name, s[len(name):].strip()
            break
    first_digit = re.search(r"\d", s)
    head, rest = (s[: first_digit.start()], s[first_digit.start():]) if first_digit else (s, "")
    head_compound, road = _split_head(head)
    if compound and head_compound:
        road = (head_compound + road) if not road else f"{head_compound} {road}"
    compound = compound or head_compound
    lane = building = room = ""
    rest = rest.strip()
    if m := _LANE.match(rest):
        lane = m[1] + (f"弄{m[2]}支" if m[2] else "")
        rest = rest[m.end():].strip()
    if m := _BUILDING.match(rest):
        building = m[1] + (m[2] if m[2] in ("幢", "栋", "座") else "")
        rest = rest[m.end():].strip()
    elif m := _BUILDING_DASH.match(rest):
        building = m[1]
        rest = rest[m.end():].strip()
    elif (m := _PLAIN_NUMBER.match(rest)) and rest[m.end():].strip():
        building = m[1]  # "12 0502": the first number is the building
        rest = rest[m.end():].strip()
    unit = ""
    if m := _UNIT.match(rest):
        unit = f"{m[1]}单元"
        rest = rest[m.end():].strip()
    if rest and (m := _ROOM.match(rest)):
        room = unit + m[1]
        rest = ""
    elif unit:
        room = unit
    if not building and room and not lane and rest == "" and not unit and not text_has_room_mark(s):
        building, room = room, ""  # a lone number is a building ("延安西路1000号" had 号 anyway)
    return AddressParts(compound, road, lane, building, room, rest)


# "…27号101室": everything up to the building, then the room. A roster repeats the part up
# to the building for every flat in it, so that part is split once and the room added.
_ROOM_TAIL = re.compile(r"(.*[0-9]\s*(?:号楼|号|幢|栋|座))\s*([0-9]+[A-Za-z]?)\s*室")


@lru_cache(maxsize=32768)
def parse_address_cached(text: str, known_compounds: tuple[str, ...] = ()) -> AddressParts:
    """parse_address for many addresses in a row (an import): the same result, but the
    part before the room is split once per building, not once per flat."""
    m = _ROOM_TAIL.fullmatch(text)
    if m:
        head = _parse_head(m[1], known_compounds)
        if head.building and not head.room and not head.leftover:
            return AddressParts(head.compound, head.road, head.lane, head.building, m[2])
    return parse_address(text, known_compounds)


@lru_cache(maxsize=8192)
def _parse_head(text: str, known_compounds: tuple[str, ...]) -> AddressParts:
    return parse_address(text, known_compounds)


def text_has_room_mark(text: str) -> bool:
    return bool(re.search(r"\d\s*(室|房)\s*$", text))
