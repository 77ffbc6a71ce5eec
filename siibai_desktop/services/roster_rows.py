"""Checking the rows of a roster file, one by one, without touching the database.

Each data row becomes a ParsedRow: the values it carries, its problems (errors block the
row, warnings do not), each naming the row number as Excel shows it and the column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..domain.address_parse import parse_address_cached
from ..domain.dates import DateError, parse_date, parse_year_month
from ..domain.enums import Relation, ResidenceStatus, Sex
from ..domain.id_number import IdNumberError, cross_check, parse_id_number, region_known
from ..domain.names import name_readings
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
_TOTAL_FIRST = frozenset("合总小共人")  # first characters of the words above: most cells stop here
NOTE_LABEL = "状态"  # the change entry that only notes a resident is no longer on the roster
ADDRESS_FIELDS = ("compound", "address", "road", "lane", "building", "room")
FIELD_ORDER = ("name", "sex", "birth_date", "id_number", "phone", "relation", "residence_status", "moved_in_on",
               "notes", "tags", "household_key", *ADDRESS_FIELDS)
_TAG_SPLIT = re.compile(r"[、,，;；/\s]+")
_is_nfkc = unicodedata.is_normalized


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
        self._known_by_compound: dict[str, tuple[str, ...]] = {}
        # every field, mapped or not: unmapped ones point past the end of any row
        self.indices = tuple(self.columns.get(f, 1 << 30) for f in FIELD_ORDER)
        self.has_notes = "notes" in self.columns

    def _get(self, row: list[object], field_name: str) -> object:
        i = self.columns.get(field_name, -1)
        return row[i] if 0 <= i < len(row) else ""

    def skip_reason(self, row: list[object]) -> str | None:
        """'blank', 'total' or 'header' for rows that are not people, else None."""
        name = self._get(row, "name")
        named = type(name) is str and name.isalpha()  # the usual row: a name
        if not named and not any(_filled(c) for c in row):
            return "blank"
        for c in row[:4]:
            if type(c) is str and c.lstrip()[:1] in _TOTAL_FIRST and _TOTAL_ROW.match("".join(c.split())):
                return "total"
        if isinstance(name, str) and name and "".join(name.split()) == self.header_name:
            return "header"  # the header repeated on every printed page
        if not named and not any(_filled(row[i]) for i in self.columns.values() if i < len(row)):
            return "blank"
        return None

    def parse(self, row: list[object], number: int) -> ParsedRow:
        p = ParsedRow(row=number, raw=row)
        # the mapped cells in field order; a field without a column reads as ""
        width = len(row)
        (name_raw, sex_raw, birth_raw, id_raw, phone_raw, relation_raw, status_raw, moved_raw, notes_raw,
         tags_raw, key_raw, *address_raw) = [row[i] if i < width else "" for i in self.indices]
        # Each field: the clean cell most files hold is taken as it is (the fast path);
        # anything else goes through the full normalisation and its messages.
        if type(name_raw) is str and name_raw.isalpha() and len(name_raw) <= 50 and _is_nfkc("NFKC", name_raw):
            p.name = name_raw  # letters only, nothing to normalise
        else:
            p.name = squash_name(cell_text(name_raw))
            if not p.name:
                self._error(p, "name", "姓名为空")
            elif len(p.name) > 50:
                self._error(p, "name", "姓名过长")

        p.sex, sex_text = _look_up(sex_raw, SEXES)
        if sex_text and p.sex is None:
            self._error(p, "sex", f"性别只能是男或女，现为“{sex_text}”")

        year_month = None
        if type(birth_raw) is dt.date:
            p.birth_date = birth_raw
        elif cell_text(birth_raw):
            try:
                p.birth_date = parse_date(birth_raw)
            except DateError as exc:
                year_month = parse_year_month(birth_raw)
                if year_month is None:
                    self._error(p, "birth_date", str(exc))
        if p.birth_date and p.birth_date > self.today:
            self._error(p, "birth_date", "出生日期不能晚于今天")

        self._parse_id(p, id_raw, year_month)

        if (phone_raw.__class__ is str and len(phone_raw) == 11 and phone_raw.isascii() and phone_raw.isdigit()
                and phone_raw[0] == "1" and phone_raw[1] in "3456789"):
            p.phone = phone_raw  # a mobile number as it should be
        elif phone_text := cell_text(phone_raw):
            try:
                p.phone = parse_phone(phone_text)
            except PhoneError as exc:
                self._warn(p, "phone", f"{exc}；电话未导入")

        p.relation, relation_text = _look_up(relation_raw, RELATIONS)
        if relation_text and p.relation is None:
            p.relation = RELATIONS.get(relation_text.rstrip("之"))
            if p.relation is None:
                p.relation = "other"
                self._warn(p, "relation", f"与户主关系“{relation_text}”不认识，按“其他”导入")
        p.residence_status, status_text = _look_up(status_raw, STATUSES)
        if status_text and p.residence_status is None:
            self._warn(p, "residence_status", f"户籍状态“{status_text}”不认识，未导入该项")

        if moved_raw != "" and cell_text(moved_raw):
            try:
                p.moved_in_on = parse_date(moved_raw)
                if p.moved_in_on > self.today:
                    self._error(p, "moved_in_on", "迁入日期不能晚于今天")
            except DateError as exc:
                self._error(p, "moved_in_on", str(exc))
        if self.has_notes:
            p.notes = cell_text(notes_raw) or None
        if tags_raw != "":
            p.tags = self._tags(cell_text(tags_raw))
        if key_raw != "":
            p.household_key = cell_text(key_raw)
        self._parse_address(p, address_raw)
        return p

    def _error(self, p: ParsedRow, field_name: str, message: str) -> None:
        p.errors.append(RowIssue(p.row, self.labels.get(field_name, ""), message))

    def _warn(self, p: ParsedRow, field_name: str, message: str) -> None:
        p.warnings.append(RowIssue(p.row, self.labels.get(field_name, ""), message))

    def _parse_id(self, p: ParsedRow, id_raw: object, year_month: tuple[int, int] | None) -> None:
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
            self._error(p, "id_number", message)
        if id_parsed is not None:
            p.id_number = id_parsed.number
            first = self.seen_ids.get(p.id_number)
            if first is not None:
                self._error(p, "id_number", f"与第 {first} 行身份证号重复")
            else:
                self.seen_ids[p.id_number] = p.row
            if not id_parsed.region_known:
                for w in id_parsed.warnings:
                    self._warn(p, "id_number", w)
            if (p.sex is not None and p.sex != id_parsed.sex.value) or (
                    p.birth_date is not None and p.birth_date != id_parsed.birth_date):
                for w in cross_check(id_parsed, Sex(p.sex) if p.sex else None, p.birth_date):
                    self._warn(p, "sex" if w.startswith("性别") else "birth_date", w)
            if year_month and year_month != (id_parsed.birth_date.year, id_parsed.birth_date.month):
                self._warn(p, "birth_date", f"出生年月与身份证号不符（号码显示为 {id_parsed.birth_date.isoformat()}）")
            p.sex = p.sex or id_parsed.sex.value
            p.birth_date = p.birth_date or id_parsed.birth_date
        elif not cell_text(id_raw) and "id_number" in self.columns:
            self._warn(p, "id_number", "未填身份证号")
        elif year_month:
            self._warn(p, "birth_date", "出生年月缺少日，未记录出生日期")

    @staticmethod
    @lru_cache(maxsize=4096)
    def _tag_list(text: str) -> tuple[str, ...]:
        return tuple(t for t in _TAG_SPLIT.split(to_half_width(text).strip()) if t)

    def _tags(self, text: str) -> list[str]:
        return list(self._tag_list(text)) if text else []

    def _parse_address(self, p: ParsedRow, cells: list[object]) -> None:
        key = tuple(cells)  # raw cells: a household's rows repeat them exactly
        found = self._addresses.get(key)
        if found is None:
            found = self._addresses[key] = self._split_address(*(cell_text(c) for c in cells))
        address, problem = found
        if problem:
            self._error(p, *problem)
        else:
            p.address = address

    def _known_with(self, compound: str) -> tuple[str, ...]:
        """The office's compounds plus the one this row names (one tuple per compound, so the
        address cache sees the same key for every row of it)."""
        if not compound:
            return self.known
        known = self._known_by_compound.get(compound)
        if known is None:
            known = self._known_by_compound[compound] = tuple(sorted({*self.known, compound}))
        return known

    def _split_address(self, compound_cell, address_text, road_cell, lane_cell, building_cell, room_cell):
        """((compound, road, lane, building, room), None) or (None, (field, message))."""
        half = lambda t: to_half_width(t).strip() if t else ""  # noqa: E731
        compound_cell, address_text = half(compound_cell), half(address_text)
        known = self._known_with(compound_cell)
        parts = parse_address_cached(address_text, known) if address_text else None
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


def _look_up(raw: object, words: dict[str, str]) -> tuple[str | None, str]:
    """(code, cleaned text) of a cell holding one of `words` (男, 户主, 人户分离 …): a clean
    cell is found at once; otherwise the cell is cleaned first. Code None: not a known word."""
    if raw.__class__ is str and raw in words:
        return words[raw], raw
    text = clean_token(cell_text(raw))
    return (words.get(text) if text else None), text


def warm_up() -> None:
    """Load what checking the first row would load: python-stdnum's region register and
    pypinyin's phrase tables (0.3 s together)."""
    region_known("310104", 1950)
    name_readings("曾重阳")


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
