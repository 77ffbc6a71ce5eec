"""Reading roster files as they arrive: formats, title rows, merged cells, encodings,
and hostile or broken files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from siibai_desktop.services import spreadsheet
from siibai_desktop.services.roster_import import import_roster, preview_import
from siibai_desktop.services.search import ResidentQuery, search_residents
from siibai_desktop.services.spreadsheet import FileRejected, open_workbook
from tests import exchange_files as office
from tests.helpers import make_id

DATA = Path(__file__).resolve().parents[1] / "data"


def _check_office_roster(db, path: Path) -> None:
    preview = preview_import(db, path)
    assert preview.header_row == 3
    assert preview.sheet == "2026年花名册"
    by_row = {r.row: r for r in preview.rows}
    assert [r.name for r in preview.good_rows] == office.GOOD_NAMES
    for row, words in office.ERROR_ROWS.items():
        assert by_row[row].status == "error", row
        assert words in " ".join(e.message for e in by_row[row].errors)
        assert by_row[row].errors[0].column == "公民身份号码"
    for row, words in office.WARNING_ROWS.items():
        assert by_row[row].status == "warning"
        assert words in " ".join(w.message for w in by_row[row].warnings)
    assert (office.TOTAL_ROW, "total") in preview.skipped and (10, "blank") in preview.skipped
    assert preview.unmapped_columns == ["序号"]
    result = import_roster(db, path)
    assert (result.residents_created, result.households_created, result.rows_rejected) == (9, office.HOUSEHOLDS, 3)
    assert result.exit_code == 2
    rows = {r.name: r for r in search_residents(db, ResidentQuery(), full_id=True)}
    assert set(rows) == set(office.GOOD_NAMES)
    # merged address cells belong to every member of the block
    assert rows["李秀英"].address == rows["张建国"].address == "枫桥苑 12号0502室"
    assert rows["张伟"].household_id == rows["张建国"].household_id
    assert rows["张伟"].residence_status == "registered_elsewhere"
    # every date form, including an Excel serial
    assert rows["张建国"].birth_date == dt.date(1935, 3, 5)
    assert rows["李秀英"].birth_date == dt.date(1938, 1, 2)
    assert rows["王芳"].birth_date == dt.date(1950, 3, 5)
    assert rows["王小明"].birth_date == dt.date(1980, 5, 6)
    assert rows["孙丽"].birth_date == dt.date(1940, 9, 10)
    assert rows["王小明"].id_number == office.WANG_SON  # lower-case x and all normalised
    assert rows["王芳"].phone == "13912345678"
    # households by address and relation: a second 户主 at one address is a second household
    assert rows["王小明"].household_id == rows["王芳"].household_id != rows["赵六"].household_id
    assert rows["赵六"].address == rows["王芳"].address == "武夷路52弄 3号201室"
    assert "党员" in rows["张建国"].tags and "低保" in rows["张建国"].tags


def test_xlsx_with_title_merged_blank_and_total_rows(db, tmp_path):
    _check_office_roster(db, office.write_office_roster(tmp_path / "roster.xlsx"))


def test_real_xls_made_by_libreoffice(db):
    _check_office_roster(db, DATA / "office_roster.xls")


def test_real_ods_made_by_libreoffice(db):
    _check_office_roster(db, DATA / "office_roster.ods")


CSV_ROWS = [
    "枫港居民区花名册,,,,",
    "姓名,身份证号码,性别,出生日期,地址",
    f"张三,{make_id(dt.date(1950, 1, 2))},男,1950-01-02,枫桥苑 5号 0301",
    f"李四,{make_id(dt.date(1951, 2, 3), male=False, seq=3)},女,1951/2/3,枫桥苑 5号 0301",
    f"王五,{make_id(dt.date(1952, 3, 4), seq=4)},男,1952年3月4日,枫桥苑 6号 0101",
]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_csv_in_every_encoding_excel_writes(db, tmp_path, encoding):
    path = tmp_path / "roster.csv"
    text = "\r\n".join(CSV_ROWS) + "\r\n"
    if encoding == "utf-16":
        text = text.replace(",", "\t")  # Excel's "Unicode text"
    path.write_bytes(text.encode(encoding))
    result = import_roster(db, path)
    assert (result.residents_created, result.households_created, result.rows_rejected) == (3, 2, 0)
    names = {r.name: r for r in search_residents(db, ResidentQuery())}
    assert names["李四"].birth_date == dt.date(1951, 2, 3)
    assert names["王五"].address == "枫桥苑 6号0101室"


def test_numeric_id_cells_are_errors_never_guessed(db, tmp_path):
    path = tmp_path / "numeric.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "身份证号", "地址"])
    full = make_id(dt.date(1960, 6, 6))
    sheet.write_row(1, 0, ["甲", int(full[:17] + "0") if full[17] != "X" else 310105196006060000, "枫桥苑1号101室"])
    sheet.write_row(2, 0, ["乙", 310105600606123, "枫桥苑1号102室"])  # 15 digits survive as a number
    sheet.write_row(3, 0, ["丙", 3.10105196006061e17, "枫桥苑1号103室"])
    book.close()
    preview = preview_import(db, path)
    rows = {r.name: r for r in preview.rows}
    assert "存成了数字" in rows["甲"].errors[0].message and rows["甲"].errors[0].row == 2
    assert "存成了数字" in rows["丙"].errors[0].message
    assert rows["乙"].status == "ok" and rows["乙"].id_number.startswith("31010519600606123")


def test_formulas_are_read_as_their_cached_values(db, tmp_path):
    path = tmp_path / "formulas.xlsx"
    number = make_id(dt.date(1970, 1, 1))
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["姓名", "身份证号", "小区", "地址"])
    sheet.write_formula(1, 0, '="张"&"三"', None, "张三")
    sheet.write_string(1, 1, number)
    sheet.write_formula(1, 2, '="枫桥"&"苑"', None, "枫桥苑")
    sheet.write_string(1, 3, "1号101室")
    book.close()
    result = import_roster(db, path)
    assert result.residents_created == 1
    assert search_residents(db, ResidentQuery())[0].name == "张三"


def test_sheet_choice_and_header_found_under_title_rows(db, tmp_path):
    path = tmp_path / "sheets.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("说明").write_string(0, 0, "本表为花名册")
    sheet = book.add_worksheet("一组")
    for r in range(4):
        sheet.write_string(r, 0, f"标题第{r + 1}行")
    sheet.write_row(5, 0, ["序号", "名字", "证件号码", "现住址", "房号"])
    sheet.write_row(6, 0, [1, "张三", make_id(dt.date(1950, 1, 1)), "枫桥苑12号", "0502"])
    book.close()
    with pytest.raises(FileRejected, match="找不到表头"):
        preview_import(db, path)
    preview = preview_import(db, path, sheet="一组")
    assert preview.header_row == 6 and preview.sheet_names == ["说明", "一组"]
    assert preview.rows[0].row == 7 and preview.rows[0].address == ("枫桥苑", "", "", "12", "0502")
    with pytest.raises(FileRejected, match="没有名为"):
        preview_import(db, path, sheet="二组")


# ---- hostile and broken files -------------------------------------------------------

def test_not_a_spreadsheet(tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(FileRejected, match="不是电子表格"):
        open_workbook(path)
    docx = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(FileRejected, match="不是电子表格"):
        open_workbook(docx)
    with pytest.raises(FileRejected, match="文件夹"):
        open_workbook(tmp_path)

def test_empty_file_and_empty_sheet(db, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(FileRejected, match="空的"):
        open_workbook(empty)
    blank = tmp_path / "blank.xlsx"
    book = xlsxwriter.Workbook(str(blank))
    book.add_worksheet("Sheet1")
    book.close()
    with pytest.raises(FileRejected, match="空的"):
        preview_import(db, blank)
    csv = tmp_path / "blank.csv"
    csv.write_text(",,\r\n,,\r\n", "utf-8")
    with pytest.raises(FileRejected, match="没有任何内容"):
        open_workbook(csv)


def test_password_protected(tmp_path):
    with pytest.raises(FileRejected, match="密码"):
        open_workbook(DATA / "password_protected.xls").read_sheet()
    # an encrypted .xlsx is an OLE container holding an EncryptedPackage stream
    fake = tmp_path / "locked.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(FileRejected, match="密码"):
        open_workbook(fake)


def test_over_the_size_limit(tmp_path, monkeypatch):
    path = office.write_office_roster(tmp_path / "big.xlsx")
    with pytest.raises(FileRejected, match="文件过大"):
        open_workbook(path, max_bytes=1000)


def test_zip_bomb_refused_by_declared_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (30 * 1024 * 1024))  # 30 MB of nothing, ~30 KB packed
    assert path.stat().st_size < 100_000
    read = []
    monkeypatch.setattr(spreadsheet.calamine.CalamineWorkbook, "from_path",
                        lambda *a, **k: read.append(a) or pytest.fail("inflated"), raising=False)
    with pytest.raises(FileRejected, match="压缩炸弹"):
        open_workbook(path)
    assert not read
    # the total of what the entries declare counts as well
    monkeypatch.setattr(spreadsheet, "MAX_UNCOMPRESSED_BYTES", 1000)
    ok = office.write_office_roster(tmp_path / "ok.xlsx")
    with pytest.raises(FileRejected, match="解压后过大"):
        open_workbook(ok)


def test_broken_xlsx(tmp_path):
    good = office.write_office_roster(tmp_path / "good.xlsx")
    data = good.read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRejected):
        open_workbook(broken).read_sheet()
