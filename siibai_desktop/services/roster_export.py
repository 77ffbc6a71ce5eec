"""Writing rosters to .xlsx: any resident list, the blank import template, and the error
file of an import (rejected rows as they were, plus the reason).

ID numbers and phones are written as text so Excel never turns them into numbers; text
that starts like a formula (= + - @ tab CR) is written as text with Excel's quote prefix,
so neither Excel nor WPS runs it. Large lists are written in xlsxwriter's constant-memory
mode from one streamed query in the search's own order (100,000 residents: about 1.1-1.2x the
time xlsxwriter alone needs for the same cells; see bench/exchange.py).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import aliased

from ..db.engine import Database
from ..db.models import Building, Compound, Household, Resident, ResidentTag, Tag
from ..domain.address import format_address
from ..domain.clock import age_on
from ..domain.enums import Relation, ResidenceStatus, ResidentState, Sex
from ..domain.masking import mask_id_number, mask_phone
from .audit import record
from .committee import get_committee
from .errors import UserError
from .roster_columns import FIELDS, TEMPLATE_FIELDS
from .search import ResidentQuery, build_query

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
FETCH_BATCH = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# (header, width); the order of the exported columns
EXPORT_COLUMNS = [
    ("序号", 6), ("姓名", 10), ("性别", 5), ("出生日期", 11), ("年龄", 5), ("身份证号", 21), ("联系电话", 14),
    ("小区", 14), ("地址", 26), ("与户主关系", 10), ("户籍状态", 10), ("标签", 22), ("备注", 20), ("户号", 8),
    ("状态", 7),
]
_SEX = {s.value: s.label for s in Sex}
_RELATION = {r.value: r.label for r in Relation}
_STATUS = {s.value: s.label for s in ResidenceStatus}
_STATE = {s.value: s.label for s in ResidentState}


class ExportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("已取消导出")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook):
        self.text = book.add_format({"num_format": "@"})
        self.quoted = book.add_format({"num_format": "@", "quote_prefix": True})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center"})
        self.title = book.add_format({"bold": True, "font_size": 14})


def write_text(sheet, row: int, col: int, text: str, fmt: _Formats) -> None:
    """A string cell that stays text: formula-like text gets Excel's quote prefix."""
    if text:
        sheet.write_string(row, col, text, fmt.quoted if looks_like_formula(text) else fmt.text)


def _book(path: Path) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})


def _rows_statement(query: ResidentQuery, today: dt.date, dialect: str):
    """The search's own statement (same filters, same order) widened to the exported columns.

    Aliases for the address tables, because the search may already join Household or Building.
    The birth date comes as stored text on SQLite and is parsed here: SQLAlchemy's SQLite date
    processor costs ~1.5 µs a row, `date.fromisoformat` a tenth of that.
    """
    household, building, compound = aliased(Household), aliased(Building), aliased(Compound)
    return (
        build_query(query, today, dialect)
        .with_only_columns(Resident.id, Resident.name, Resident.sex, type_coerce(Resident.birth_date, String),
                           Resident.id_number, Resident.phone, Resident.relation, Resident.residence_status,
                           Resident.state, Resident.household_id, Resident.notes, compound.name, building.road,
                           building.lane, building.number, household.room)
        .join(household, Resident.household_id == household.id)
        .join(building, household.building_id == building.id)
        .join(compound, building.compound_id == compound.id)
    )


def _count(connection, query: ResidentQuery, today: dt.date, dialect: str) -> int:
    ids = build_query(query, today, dialect).order_by(None).subquery()
    return connection.execute(select(func.count()).select_from(ids)).scalar() or 0


def _tags(connection, query: ResidentQuery, today: dt.date, dialect: str) -> dict[int, tuple[str, bool]]:
    """Each exported resident's current tags, joined for the cell, and whether the text needs
    the quote prefix; one query for the whole list."""
    ids = build_query(query, today, dialect).order_by(None)
    names: dict[int, list[str]] = defaultdict(list)
    for rid, name in connection.execute(
        select(ResidentTag.resident_id, Tag.name).join(Tag, ResidentTag.tag_id == Tag.id)
        .where(ResidentTag.resident_id.in_(ids), ResidentTag.start_date <= today,
               or_(ResidentTag.end_date.is_(None), ResidentTag.end_date > today))
        .order_by(Tag.sort_order, Tag.name)
    ):
        if name not in names[rid]:
            names[rid].append(name)
    out = {}
    for rid, tag_names in names.items():
        joined = "、".join(tag_names)
        out[rid] = (joined, joined.startswith(FORMULA_STARTS))
    return out


def export_roster(db: Database, query: ResidentQuery, out: str | Path, full_id: bool = False,
                  progress: Progress | None = None, cancel: Cancel | None = None) -> int:
    """Write the residents matching `query`, in its order, to an .xlsx file; return how many.

    ID numbers and phones are masked unless `full_id`. The file appears only when complete.
    """
    out = Path(out)
    today = db.clock.today()
    committee = get_committee(db)
    columns = EXPORT_COLUMNS if query.include_left else EXPORT_COLUMNS[:-1]
    tmp = out.with_name(f".{out.name}.part")
    with db.reading() as session:
        # Core on the session's connection: the ORM's result layer would add ~1.5 µs a row.
        connection = session.connection()
        dialect = connection.dialect.name
        total = _count(connection, query, today, dialect)
        tags = _tags(connection, query, today, dialect)
        book = _book(tmp)
        try:
            fmt = _Formats(book)
            sheet = book.add_worksheet("花名册")
            for col, (_, width) in enumerate(columns):
                sheet.set_column(col, col, width, fmt.text if col in (5, 6) else None)
            title = f"{committee.name if committee else ''} 居民花名册（导出日期 {today:%Y年%m月%d日}，共 {total} 人"
            title += "）" if full_id else "，身份证号和电话已隐去中间位）"
            sheet.merge_range(0, 0, 0, len(columns) - 1, title.strip(), fmt.title)
            for col, (header, _) in enumerate(columns):
                sheet.write_string(1, col, header, fmt.header)
            sheet.freeze_panes(2, 0)
            row_no = 2
            if cancel is not None and cancel():
                raise ExportCancelled()
            rows = _rows_statement(query, today, dialect).execution_options(yield_per=FETCH_BATCH)
            for part in connection.execute(rows).partitions():
                if cancel is not None and cancel():
                    raise ExportCancelled()
                row_no = _write_rows(sheet, row_no, part, tags, today, full_id, fmt, query.include_left)
                if progress is not None:
                    progress(min(row_no - 2, total), total, "导出")
            if row_no > 2:
                sheet.autofilter(1, 0, row_no - 1, len(columns) - 1)
        except BaseException:
            book.close()
            tmp.unlink(missing_ok=True)
            raise
        _close(book, tmp, out)
    count = row_no - 2
    record(db, "export", out.name, {"what": "花名册", "count": count, "full_numbers": full_id})
    return count


def _write_rows(sheet, row: int, part, tags, today: dt.date, full_id: bool, fmt: _Formats, with_state: bool) -> int:
    """Write one fetched partition from `row` on; return the next free row.

    The inner loop runs 100,000 times for a big roster, so it is written for speed: bound
    methods in locals, the row unpacked once, no helper call per cell. Every text cell but
    the sex label is checked for a formula-like start (~50 ns): relation, status and state
    fall back to the stored value when it is not one we know.
    """
    string, number, date = sheet.write_string, sheet.write_number, sheet.write_datetime
    text, quoted, date_fmt = fmt.text, fmt.quoted, fmt.date
    starts, from_iso, no_tags = FORMULA_STARTS, dt.date.fromisoformat, ("", False)
    sex_labels, relation_labels, status_labels, state_labels = _SEX, _RELATION, _STATUS, _STATE
    mask_id = (lambda v: v or "") if full_id else mask_id_number
    mask_ph = (lambda v: v or "") if full_id else mask_phone
    for (rid, name, sex, birth, id_number, phone, relation, status, state, household_id, notes,
         compound, road, lane, building, room) in part:
        number(row, 0, row - 1)
        if name:
            string(row, 1, name, quoted if name.startswith(starts) else text)
        if sex in sex_labels:
            string(row, 2, sex_labels[sex], text)
        if birth:
            if birth.__class__ is str:
                birth = from_iso(birth)
            date(row, 3, birth, date_fmt)
            number(row, 4, age_on(birth, today))
        value = mask_id(id_number)
        if value:
            string(row, 5, value, quoted if value.startswith(starts) else text)
        value = mask_ph(phone)
        if value:
            string(row, 6, value, quoted if value.startswith(starts) else text)
        if compound:
            string(row, 7, compound, quoted if compound.startswith(starts) else text)
        value = format_address("", road, lane, building, room)
        if value:
            string(row, 8, value, quoted if value.startswith(starts) else text)
        value = relation_labels.get(relation, relation)
        string(row, 9, value, quoted if value.startswith(starts) else text)
        value = status_labels.get(status, status)
        string(row, 10, value, quoted if value.startswith(starts) else text)
        value, formula_like = tags.get(rid, no_tags)
        if value:
            string(row, 11, value, quoted if formula_like else text)
        if notes:
            string(row, 12, notes, quoted if notes.startswith(starts) else text)
        number(row, 13, household_id)
        if with_state:
            value = state_labels.get(state, state)
            string(row, 14, value, quoted if value.startswith(starts) else text)
        row += 1
    return row


def _close(book: xlsxwriter.Workbook, tmp: Path, out: Path) -> None:
    try:
        book.close()
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入文件 {out}：{exc.strerror or exc}（文件是否正在 Excel 中打开？）") from None


def export_template(out: str | Path) -> None:
    """A blank roster with the import's headers; ID and phone columns preset to text."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.part")
    book = _book(tmp)
    fmt = _Formats(book)
    sheet = book.add_worksheet("花名册")
    widths = {"id_number": 21, "phone": 14, "address": 26, "tags": 20, "notes": 20, "compound": 14}
    for col, field in enumerate(TEMPLATE_FIELDS):
        text_col = field not in ("birth_date", "moved_in_on")
        sheet.set_column(col, col, widths.get(field, 11), fmt.text if text_col else fmt.date)
        sheet.write_string(0, col, FIELDS[field], fmt.header)
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    for i, line in enumerate([
        "每行一位居民；第一行是列名，请勿修改。",
        "身份证号、电话两列已设为“文本”，直接填写即可，不会被 Excel 改成科学计数法。",
        "地址可写成“武夷路52弄3号201室”或“枫桥苑 12号 0502”；也可把楼号、室号分列填写。",
        "与户主关系：户主、配偶、子女、儿媳/女婿、孙子女、父母、兄弟姐妹、租客、其他。",
        "同一地址的居民归为一户；同一地址出现第二个“户主”时另立一户。",
        "户籍状态：户籍在册、人户分离、外来人员。标签之间用顿号分隔，如“党员、低保”。",
        "出生日期可写 1935-03-05、1935/3/5、1935.3.5、19350305 或 1935年3月5日。",
    ]):
        notes.write_string(i, 0, line)
    notes.set_column(0, 0, 90)
    _close(book, tmp, out)


def write_error_file(headers: list[str], rows: list[tuple[list[object], str]], out: str | Path) -> None:
    """Rejected rows as they were read, plus a 错误原因 column: ready to fix and import again."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.part")
    book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                          "strings_to_urls": False})
    fmt = _Formats(book)
    sheet = book.add_worksheet("未导入的行")
    reason_col = len(headers)
    for col, header in enumerate(headers):
        sheet.write_string(0, col, str(header), fmt.header)
        sheet.set_column(col, col, 14)
    sheet.write_string(0, reason_col, "错误原因", fmt.header)
    sheet.set_column(reason_col, reason_col, 50)
    sheet.freeze_panes(1, 0)
    for i, (raw, reason) in enumerate(rows, start=1):
        for col, value in enumerate(raw[:reason_col]):
            if isinstance(value, bool):
                sheet.write_boolean(i, col, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(i, col, value)
            elif isinstance(value, (dt.date, dt.datetime)):
                sheet.write_datetime(i, col, value, fmt.date)
            elif value not in (None, ""):
                write_text(sheet, i, col, str(value), fmt)
        write_text(sheet, i, reason_col, reason, fmt)
    _close(book, tmp, out)
