"""Writing rosters to .xlsx: any resident list, the blank import template, and the error
file of an import (rejected rows as they were, plus the reason).

ID numbers and phones are written as text so Excel never turns them into numbers; text
that starts like a formula (= + - @ tab CR) is written as text with Excel's quote prefix,
so neither Excel nor WPS runs it. Large lists are written in xlsxwriter's constant-memory
mode, fetched in batches with one query each.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from sqlalchemy import or_, select

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


def _fetch(session, ids: list[int]):
    rows = session.execute(
        select(Resident.id, Resident.name, Resident.sex, Resident.birth_date, Resident.id_number, Resident.phone,
               Resident.relation, Resident.residence_status, Resident.state, Resident.household_id, Resident.notes,
               Compound.name.label("compound"), Building.road, Building.lane, Building.number, Household.room)
        .join(Household, Resident.household_id == Household.id)
        .join(Building, Household.building_id == Building.id)
        .join(Compound, Building.compound_id == Compound.id)
        .where(Resident.id.in_(ids))
    ).all()
    return {r.id: r for r in rows}


def _tags(session, ids: list[int], today: dt.date) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for rid, name in session.execute(
        select(ResidentTag.resident_id, Tag.name).join(Tag, ResidentTag.tag_id == Tag.id)
        .where(ResidentTag.resident_id.in_(ids), ResidentTag.start_date <= today,
               or_(ResidentTag.end_date.is_(None), ResidentTag.end_date > today))
        .order_by(Tag.sort_order, Tag.name)
    ):
        if name not in out[rid]:
            out[rid].append(name)
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
        ids = list(session.scalars(build_query(query, today, session.get_bind().dialect.name)))
        book = _book(tmp)
        try:
            fmt = _Formats(book)
            sheet = book.add_worksheet("花名册")
            for col, (_, width) in enumerate(columns):
                sheet.set_column(col, col, width, fmt.text if col in (5, 6) else None)
            title = f"{committee.name if committee else ''} 居民花名册（导出日期 {today:%Y年%m月%d日}，共 {len(ids)} 人"
            title += "）" if full_id else "，身份证号和电话已隐去中间位）"
            sheet.merge_range(0, 0, 0, len(columns) - 1, title.strip(), fmt.title)
            for col, (header, _) in enumerate(columns):
                sheet.write_string(1, col, header, fmt.header)
            sheet.freeze_panes(2, 0)
            row_no = 2
            for start in range(0, len(ids), FETCH_BATCH):
                if cancel is not None and cancel():
                    raise ExportCancelled()
                chunk = ids[start:start + FETCH_BATCH]
                records, tags = _fetch(session, chunk), _tags(session, chunk, today)
                for rid in chunk:
                    r = records.get(rid)
                    if r is None:
                        continue
                    _write_resident(sheet, row_no, r, tags.get(rid, ()), today, full_id, fmt, query.include_left)
                    row_no += 1
                if progress is not None:
                    progress(min(len(ids), start + FETCH_BATCH), len(ids), "导出")
            if row_no > 2:
                sheet.autofilter(1, 0, row_no - 1, len(columns) - 1)
        except BaseException:
            book.close()
            tmp.unlink(missing_ok=True)
            raise
        _close(book, tmp, out)
    record(db, "export", out.name, {"what": "花名册", "count": len(ids), "full_numbers": full_id})
    return len(ids)


def _write_resident(sheet, row: int, r, tags, today: dt.date, full_id: bool, fmt: _Formats, with_state: bool) -> None:
    # Called 100,000 times for a big roster: public xlsxwriter calls only, no helpers in between.
    string, text, quoted = sheet.write_string, fmt.text, fmt.quoted
    sheet.write_number(row, 0, row - 1)
    for col, value in ((1, r.name), (7, r.compound), (12, r.notes)):
        if value:
            string(row, col, value, quoted if value.startswith(FORMULA_STARTS) else text)
    if r.sex in _SEX:
        string(row, 2, _SEX[r.sex], text)
    if r.birth_date:
        sheet.write_datetime(row, 3, r.birth_date, fmt.date)
        sheet.write_number(row, 4, age_on(r.birth_date, today))
    number = (r.id_number or "") if full_id else mask_id_number(r.id_number)
    if number:
        string(row, 5, number, text)
    phone = (r.phone or "") if full_id else mask_phone(r.phone)
    if phone:
        string(row, 6, phone, text)
    street = format_address("", r.road, r.lane, r.number, r.room)
    if street:
        string(row, 8, street, quoted if street.startswith(FORMULA_STARTS) else text)
    string(row, 9, _RELATION.get(r.relation, r.relation), text)
    string(row, 10, _STATUS.get(r.residence_status, r.residence_status), text)
    if tags:
        joined = "、".join(tags)
        string(row, 11, joined, quoted if joined.startswith(FORMULA_STARTS) else text)
    sheet.write_number(row, 13, r.household_id)
    if with_state:
        string(row, 14, _STATE.get(r.state, r.state), text)


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
