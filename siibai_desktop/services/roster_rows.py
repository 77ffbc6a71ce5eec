"""Checking the rows of a roster file, one by one, without touching the database.

Each data row becomes a ParsedRow: the values it carries, its problems (errors block the
row, warnings do not), each naming the row number as Excel shows it and the column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..domain.address_parse import parse_address
from ..domain.dates import DateError, parse_date, parse_year_month
from ..domain.enums import Relation, ResidenceStatus, Sex
from ..domain.id_number import IdNumberError, cross_check, parse_id_number
from ..domain.phone import PhoneError, parse_phone
from ..domain.text import clean_token, to_half_width

MSG_ID_AS_NUMBER = "身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后按原始号码重新填写"

RELATIONS: dict[str, str] = {
    "户主": "head", "本人": "head", "户主本人": "head",
    "配偶": "spouse", "妻": "spouse", "妻子": "spouse", "夫": "spouse", "丈夫": "spouse", "之妻": "spouse",
    "之夫": "spouse", "子女": "child", "子": "child", "女": "child", "儿子": "child", "女儿": "child",
    "长子": "child", "次子": "child", "三子": "child", "长女": "child", "次女": "child", "三女": "child",
    "独生子": "child", "独生女": "child", "养子": "child", "养女": "child", "继子": "child", "继女": "child",
    "儿媳/女婿": "child_in_law", "儿媳": "child_in_law", "女婿": "child_in_law", "媳": "child_in_law",
    "孙子女": "grandchild", "孙子": "grandchild", "孙女": "grandchild", "外孙": "grandchild",
    "外孙子": "grandchild", "外孙女": "grandchild",
    "父母": "parent", "父亲": "parent", "母亲": "parent", "父": "parent", "母": "parent", "岳父": "parent",
    "岳母": "parent", "公公": "parent", "婆婆": "parent",
    "兄弟姐妹": "sibling", "兄": "sibling", "弟": "sibling", "姐": "sibling", "妹": "sibling",
    "哥哥": "sibling", "弟弟": "sibling", "姐姐": "sibling", "妹妹": "sibling",
    "租客": "tenant", "租户": "tenant", "承租人": "tenant", "其他": "other", "其它": "other",
}
STATUSES: dict[str, str] = {
    "户籍在册": "registered", "户籍": "registered", "本地户籍": "registered", "户籍人口": "registered",
    "常住": "registered", "在册": "registered", "人在户在": "registered",
    "人户分离": "registered_elsewhere", "户在人不在": "registered_elsewhere", "人在户不在": "registered_elsewhere",
    "外来人员": "non_local", "外来": "non_local", "外来人口": "non_local", "流动人口": "non_local",
    "来沪人员": "non_local", "非户籍": "non_local",
}
for _e in Relation:
    RELATIONS.setdefault(_e.value, _e.value)
for _s in ResidenceStatus:
    STATUSES.setdefault(_s.value, _s.value)
SEXES = {"男": "M", "女": "F", "男性": "M", "女性": "F", "M": "M", "F": "F", "m": "M", "f": "F"}
_TOTAL_ROW = re.compile(r"^(合计|总计|小计|共计|总人数|人数合计)")
NOTE_LABEL = "状态"  # the change entry that only notes a resident is no longer on the roster
ADDRESS_FIELDS = ("compound", "address", "road", "lane", "building", "room")
FIELD_ORDER = ("name", "sex", "birth_date", "id_number", "phone", "relation", "residence_status", "moved_in_on",
               "notes", "tags", "household_key", *ADDRESS_FIELDS)
_TAG_SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class RowIssue:
    row: int
    column: str
    message: str


@dataclass(slots=True)
class ParsedRow:
    row: int  # as Excel shows it
    raw: list[object]
    name: str = ""
    id_number: str = ""
    sex: str | None = None
    birth_date: dt.date | None = None
    phone: str = ""
    relation: str | None = None
    residence_status: str | None = None
    moved_in_on: dt.date | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    address: tuple[str, str, str, str, str] = ("", "", "", "", "")  # compound, road, lane, building, room
    household_key: str = ""
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    # filled when checked against the database
    existing_id: int | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    household_index: int = -1

    @property
    def changes_anything(self) -> bool:
        """An update that changes something (the note on a person no longer on the roster does not)."""
        return any(label != NOTE_LABEL for label, _old, _new in self.changes)

    @property
    def status(self) -> str:
        return "error" if self.errors else "warning" if self.warnings else "ok"


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without '.0', dates as YYYY-MM-DD."""
    if type(value) is str:  # most cells: the fast way out
        return (value.replace("\x00", "") if "\x00" in value else value).strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def id_cell_text(value: object) -> str:
    """The ID cell as text; a number that cannot hold all 18 digits raises."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise IdNumberError(MSG_ID_AS_NUMBER)
        digits = str(int(value))
        if len(digits) > 15:  # Excel keeps 15 significant digits
            raise IdNumberError(MSG_ID_AS_NUMBER)
        return digits
    return cell_text(value)


@lru_cache(maxsize=20000)
def _address(text: str, known: tuple[str, ...]):
    return parse_address(text, known)


class RowParser:
    """Turns a data row into a ParsedRow, given the column mapping (index -> field)."""

    def __init__(self, headers: list[str], mapping: dict[int, str], today: dt.date,
                 known_compounds: tuple[str, ...] = ()):
        self.today = today
        self.known = tuple(sorted(set(known_compounds)))
        self.columns = {f: i for i, f in sorted(mapping.items(), reverse=True) if f != "ignore"}
        self.labels = {f: (str(headers[i]).strip() or f"第{i + 1}列") for f, i in self.columns.items()}
        self.seen_ids: dict[str, int] = {}
        self.header_name = "".join(self.labels.get("name", "").split())
        self._addresses: dict[tuple, tuple] = {}
        # every field, mapped or not: unmapped ones point past the end of any row
        self.fields = tuple(f for f in FIELD_ORDER)
        self.indices = tuple(self.columns.get(f, 1 << 30) for f in self.fields)

    def _get(self, row: list[object], field_name: str) -> object:
        i = self.columns.get(field_name, -1)
        return row[i] if 0 <= i < len(row) else ""

    def skip_reason(self, row: list[object]) -> str | None:
        """'blank', 'total' or 'header' for rows that are not people, else None."""
        if not any(_filled(c) for c in row):
            return "blank"
        for c in row[:4]:
            if isinstance(c, str) and c and _TOTAL_ROW.match("".join(c.split())):
                return "total"
        name = self._get(row, "name")
        if isinstance(name, str) and name and "".join(name.split()) == self.header_name:
            return "header"  # the header repeated on every printed page
        if not any(_filled(row[i]) for i in self.columns.values() if i < len(row)):
            return "blank"
        return None

    def parse(self, row: list[object], number: int) -> ParsedRow:
        p = ParsedRow(row=number, raw=row)
        err = lambda f, m: p.errors.append(RowIssue(number, self.labels.get(f, ""), m))  # noqa: E731
        warn = lambda f, m: p.warnings.append(RowIssue(number, self.labels.get(f, ""), m))  # noqa: E731
        # the mapped cells in field order; a field without a column reads as ""
        cells = [row[i] if i < len(row) else "" for i in self.indices]
        raw = dict(zip(self.fields, cells))
        text = lambda f: cell_text(raw[f])  # noqa: E731

        p.name = squash_name(text("name"))
        if not p.name:
            err("name", "姓名为空")
        elif len(p.name) > 50:
            err("name", "姓名过长")

        sex_text = clean_token(text("sex"))
        if sex_text:
            p.sex = SEXES.get(sex_text)
            if p.sex is None:
                err("sex", f"性别只能是男或女，现为“{sex_text}”")

        birth_raw = raw["birth_date"]
        year_month = None
        if cell_text(birth_raw):
            try:
                p.birth_date = parse_date(birth_raw)
            except DateError as exc:
                year_month = parse_year_month(birth_raw)
                if year_month is None:
                    err("birth_date", str(exc))
            if p.birth_date and p.birth_date > self.today:
                err("birth_date", "出生日期不能晚于今天")

        id_raw = raw["id_number"]
        id_parsed = None
        try:
            id_text = id_cell_text(id_raw)
            if id_text:
                id_parsed = parse_id_number(id_text, today=self.today)
        except IdNumberError as exc:
            message = str(exc)
            token = clean_token(cell_text(id_raw))
            if "校验位" in message and len(token) == 18 and token.endswith("00"):
                message += "；末几位为 0，可能是 Excel 把号码存成了数字而丢失了末几位"
            err("id_number", message)
        if id_parsed is not None:
            p.id_number = id_parsed.number
            first = self.seen_ids.get(p.id_number)
            if first is not None:
                err("id_number", f"与第 {first} 行身份证号重复")
            else:
                self.seen_ids[p.id_number] = number
            for w in id_parsed.warnings:
                warn("id_number", w)
            for w in cross_check(id_parsed, Sex(p.sex) if p.sex else None, p.birth_date):
                warn("sex" if w.startswith("性别") else "birth_date", w)
            if year_month and year_month != (id_parsed.birth_date.year, id_parsed.birth_date.month):
                warn("birth_date", f"出生年月与身份证号不符（号码显示为 {id_parsed.birth_date.isoformat()}）")
            p.sex = p.sex or id_parsed.sex.value
            p.birth_date = p.birth_date or id_parsed.birth_date
        elif not cell_text(id_raw) and "id_number" in self.columns:
            warn("id_number", "未填身份证号")
        elif year_month:
            warn("birth_date", "出生年月缺少日，未记录出生日期")

        phone_text = text("phone")
        if phone_text:
            try:
                p.phone = parse_phone(phone_text)
            except PhoneError as exc:
                warn("phone", f"{exc}；电话未导入")

        relation_text = clean_token(text("relation"))
        if relation_text:
            p.relation = RELATIONS.get(relation_text) or RELATIONS.get(relation_text.rstrip("之"))
            if p.relation is None:
                p.relation = "other"
                warn("relation", f"与户主关系“{relation_text}”不认识，按“其他”导入")
        status_text = clean_token(text("residence_status"))
        if status_text:
            p.residence_status = STATUSES.get(status_text)
            if p.residence_status is None:
                warn("residence_status", f"户籍状态“{status_text}”不认识，未导入该项")

        moved_raw = raw["moved_in_on"]
        if cell_text(moved_raw):
            try:
                p.moved_in_on = parse_date(moved_raw)
                if p.moved_in_on > self.today:
                    err("moved_in_on", "迁入日期不能晚于今天")
            except DateError as exc:
                err("moved_in_on", str(exc))
        if "notes" in self.columns:
            p.notes = text("notes") or None
        p.tags = [t for t in _TAG_SPLIT.split(to_half_width(text("tags")).strip()) if t]
        p.household_key = text("household_key")
        self._parse_address(p, raw, err)
        return p

    def _parse_address(self, p: ParsedRow, raw: dict[str, object], err) -> None:
        key = tuple(cell_text(raw[f]) for f in ADDRESS_FIELDS)
        found = self._addresses.get(key)
        if found is None:
            found = self._addresses[key] = self._split_address(*key)
        address, problem = found
        if problem:
            err(*problem)
        else:
            p.address = address

    def _split_address(self, compound_cell, address_text, road_cell, lane_cell, building_cell, room_cell):
        """((compound, road, lane, building, room), None) or (None, (field, message))."""
        half = lambda t: to_half_width(t).strip()  # noqa: E731
        compound_cell, address_text = half(compound_cell), half(address_text)
        known = self.known if not compound_cell else tuple(sorted({*self.known, compound_cell}))
        parts = _address(address_text, known) if address_text else None
        compound = compound_cell or (parts.compound if parts else "")
        road = half(road_cell) or (parts.road if parts else "")
        lane = half(lane_cell).removesuffix("弄") or (parts.lane if parts else "")
        building = re.sub(r"(号楼|号)$", "", half(building_cell)) or (parts.building if parts else "")
        room = half(room_cell).removesuffix("室") or (parts.room if parts else "")
        column = "address" if "address" in self.columns else "building"
        if parts and parts.leftover:
            return None, (column, f"地址无法拆分：“{address_text}”中“{parts.leftover}”不认识")
        if not compound:
            # no compound: the lane (or the road) is the compound, as offices say "武夷路52弄"
            compound, road, lane = (f"{road}{lane}弄" if lane else road), "", ""
        if not building:
            return None, (column, "地址不完整：缺少楼号（号/幢）" if (address_text or compound) else "地址为空")
        if not compound:
            return None, ("compound", "缺少小区")
        return (compound, road, lane, building, room), None


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def squash_name(text: str) -> str:
    """Names as typed, minus spaces some offices put between characters (张 三)."""
    text = to_half_width(text or "").strip()
    if all("\u4e00" <= ch <= "\u9fff" or ch.isspace() or ch == "·" for ch in text):
        return "".join(text.split())
    return " ".join(text.split())
