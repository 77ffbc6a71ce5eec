"""Reading a spreadsheet file as it comes: .xlsx/.xlsm, .xls, .ods (python-calamine) and
.csv in UTF-8 (with or without BOM), UTF-16 or GB18030.

Hostile or broken files are refused with a Chinese message before anything heavy is
read: files over a size limit, zip archives whose declared uncompressed size is out of
proportion (zip bombs), password-protected workbooks, empty files, things that are not
spreadsheets at all. Formulas are read as their cached values.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine as calamine

from .errors import UserError

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 800 * 1024 * 1024
MAX_ENTRY_RATIO = 200  # declared size / compressed size of one zip entry
MAX_ZIP_ENTRIES = 5000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")

MSG_NOT_SPREADSHEET = "这不是电子表格文件（支持 .xlsx、.xls、.ods、.csv）"
MSG_PASSWORD = "该表格设置了打开密码，请在 Excel/WPS 中取消密码后另存再导入"
MSG_BROKEN = "表格文件已损坏，无法读取；请在 Excel/WPS 中打开后另存为 .xlsx 再导入"


class FileRejected(UserError):
    """A file that cannot be read as a roster; the message says why, in Chinese."""


@dataclass
class Workbook:
    """An opened file: its sheets by name, read on demand."""

    path: Path
    kind: str  # "xlsx", "xls", "ods" or "csv"
    sheet_names: list[str]
    _book: object | None = None
    _csv_rows: list[list[object]] | None = None

    def read_sheet(self, name: str | None = None) -> list[list[object]]:
        """All rows of a sheet; row i is the row Excel shows as i + 1. Merged cells are
        filled with their top-left value so that every row of a merged block carries it."""
        if self._csv_rows is not None:
            return self._csv_rows
        name = name or self.sheet_names[0]
        if name not in self.sheet_names:
            raise FileRejected(f"没有名为“{name}”的工作表；现有：{'、'.join(self.sheet_names)}")
        try:
            sheet = self._book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges
        except calamine.PasswordError:
            raise FileRejected(MSG_PASSWORD) from None
        except Exception as exc:  # calamine reports broken parts with many exception types
            raise FileRejected(f"{MSG_BROKEN}（{type(exc).__name__}）") from None
        if merged is None and self.kind == "ods":
            merged = _ods_merges(self.path, name)
        if merged:
            _fill_merged(rows, merged)
        return rows


def _fill_merged(rows: list[list[object]], ranges) -> None:
    """Copy a merged block's value down its first column: an address merged over a
    household's rows belongs to each of them. Across columns nothing is copied, so a
    title or a cell spread over two columns is not read twice."""
    for (r0, c0), (r1, _c1) in ranges:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if c0 < len(row) and row[c0] in ("", None):
                row[c0] = value


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ods_merges(path: Path, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges of one ODS sheet (calamine reports them for Excel formats only)."""
    from xml.etree.ElementTree import iterparse

    t = lambda name: f"{{{_TABLE_NS}}}{name}"  # noqa: E731
    table, row_tag, cell_tags = t("table"), t("table-row"), (t("table-cell"), t("covered-table-cell"))
    out = []
    row = col = 0
    inside = False
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            for event, el in iterparse(content, events=("start", "end")):
                if el.tag == table:
                    if event == "start":
                        inside, row = el.get(t("name")) == sheet, 0
                    elif inside:
                        break
                    else:
                        el.clear()
                elif not inside:
                    continue
                elif el.tag == row_tag:
                    if event == "start":
                        col = 0
                    else:
                        row += int(el.get(t("number-rows-repeated"), "1"))
                        el.clear()
                elif el.tag in cell_tags and event == "start":
                    rows_spanned = int(el.get(t("number-rows-spanned"), "1"))
                    cols_spanned = int(el.get(t("number-columns-spanned"), "1"))
                    if rows_spanned > 1 or cols_spanned > 1:
                        out.append(((row, col), (row + rows_spanned - 1, col + cols_spanned - 1)))
                    col += int(el.get(t("number-columns-repeated"), "1"))
    except (KeyError, OSError, zipfile.BadZipFile, SyntaxError, ValueError):
        return []
    return out


def check_zip(path: Path) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRejected(MSG_BROKEN) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FileRejected("表格文件内部结构异常（条目过多），已拒绝读取")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_ENTRY_RATIO * max(info.compress_size, 1):
            raise FileRejected("表格文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileRejected("表格文件解压后过大（疑似“压缩炸弹”），已拒绝读取")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names and "content.xml" not in names:
        raise FileRejected(MSG_NOT_SPREADSHEET)


def _is_encrypted_ole(head: bytes, path: Path) -> bool:
    """An encrypted .xlsx is an OLE container holding an 'EncryptedPackage' stream."""
    if not head.startswith(_OLE_MAGIC):
        return False
    with path.open("rb") as f:
        data = f.read(1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileRejected("无法识别文本文件的编码（应为 UTF-8 或 GBK），请在 Excel/WPS 中另存为 .xlsx 再导入") from None


def read_csv_bytes(data: bytes) -> list[list[object]]:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(MSG_NOT_SPREADSHEET)
    text = decode_text(data)
    sample = text[:8192]
    delimiter = max((",", "\t", ";"), key=sample.count)
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return rows


def open_workbook(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Workbook:
    """Open a spreadsheet for import, or raise FileRejected with the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise FileRejected(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise FileRejected(f"这是一个文件夹，不是表格文件：{path}") from None
    except PermissionError:
        raise FileRejected(f"没有权限读取该文件：{path}") from None
    except OSError:
        raise FileRejected(f"无法读取文件：{path}") from None
    if size == 0:
        raise FileRejected("文件是空的")
    if size > max_bytes:
        raise FileRejected(f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {max_bytes // 1024 // 1024} MB），请分成几个文件导入")
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        check_zip(path)
        kind = "ods" if suffix == ".ods" else "xlsx"
    elif head.startswith(_OLE_MAGIC):
        if _is_encrypted_ole(head, path):
            raise FileRejected(MSG_PASSWORD)
        kind = "xls"
    elif suffix in (".csv", ".txt"):
        rows = read_csv_bytes(path.read_bytes())
        if not any(any(str(c).strip() for c in r) for r in rows):
            raise FileRejected("文件中没有任何内容")
        return Workbook(path, "csv", [path.stem], _csv_rows=rows)
    else:
        raise FileRejected(MSG_NOT_SPREADSHEET)
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
        names = [m.name for m in book.sheets_metadata
                 if str(m.typ).endswith("WorkSheet") and not str(m.visible).endswith("VeryHidden")]
    except calamine.PasswordError:
        raise FileRejected(MSG_PASSWORD) from None
    except Exception as exc:
        raise FileRejected(f"{MSG_BROKEN}（{type(exc).__name__}）") from None
    if not names:
        raise FileRejected("表格中没有工作表")
    return Workbook(path, kind, names, _book=book)
