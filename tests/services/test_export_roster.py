"""Exporting resident lists and the template; the round trip back through the import;
a real spreadsheet program opening the file."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
import zipfile

import pytest
import python_calamine

from siibai_desktop.services.database import open_app_database
from siibai_desktop.services.households import add_household
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.roster_columns import FIELDS, TEMPLATE_FIELDS
from siibai_desktop.services.roster_export import ExportCancelled, export_roster, export_template
from siibai_desktop.services.roster_import import import_roster
from siibai_desktop.services.search import ResidentQuery, search_residents
from siibai_desktop.services.tags import tag_id_by_name
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id

HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("http://x","点我")']


def read(path):
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def test_export_has_title_chinese_headers_text_ids_and_masking(demo_db, tmp_path):
    out = tmp_path / "list.xlsx"
    count = export_roster(demo_db, ResidentQuery(), out)
    rows = read(out)
    assert rows[0][0].startswith("枫港居民区居民委员会 居民花名册（导出日期 2026年11月21日")
    assert rows[1][:9] == ["序号", "姓名", "性别", "出生日期", "年龄", "身份证号", "联系电话", "小区", "地址"]
    assert len(rows) - 2 == count == len(search_residents(demo_db, ResidentQuery()))
    ids = [r[5] for r in rows[2:]]
    assert all(isinstance(i, str) and "*" in i for i in ids if i)
    full = tmp_path / "full.xlsx"
    export_roster(demo_db, ResidentQuery(), full, full_id=True)
    full_rows = read(full)
    assert all(isinstance(r[5], str) and len(r[5]) == 18 for r in full_rows[2:])
    assert all(isinstance(r[6], str) for r in full_rows[2:])  # phones too stay text
    sheet_xml = zipfile.ZipFile(full).read("xl/worksheets/sheet1.xml").decode()
    assert '<pane ySplit="2"' in sheet_xml and "<f>" not in sheet_xml  # frozen header, no formulas
    assert 'width="21.' in sheet_xml  # the ID column is wide enough


def test_export_follows_the_query(demo_db, tmp_path):
    query = ResidentQuery(tag_id=tag_id_by_name(demo_db, "党员"), sort="age")
    out = tmp_path / "party.xlsx"
    export_roster(demo_db, query, out)
    names = [r[1] for r in read(out)[2:]]
    assert names == [r.name for r in search_residents(demo_db, query)]
    assert all("党员" in r[11] for r in read(out)[2:])


def test_export_cancel_leaves_no_file(demo_db, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportCancelled):
        export_roster(demo_db, ResidentQuery(), folder / "never.xlsx", cancel=lambda: True)
    assert not list(folder.iterdir())


def _hostile_db(db):
    hid = add_household(db, HouseholdInput(compound="枫桥苑", building="1", room="101"))
    for i, text in enumerate(HOSTILE):
        add_resident(db, ResidentInput(household_id=hid, name=f"测{i}", id_number=make_id(dt.date(1950, 1, 1), seq=i),
                                       notes=text))
    # a name that looks like a formula must survive as well
    add_resident(db, ResidentInput(household_id=hid, name="=2+3", id_number=make_id(dt.date(1951, 1, 1))))
    return db


def test_formula_like_text_is_written_as_text(db, tmp_path):
    _hostile_db(db)
    out = tmp_path / "hostile.xlsx"
    export_roster(db, ResidentQuery(), out, full_id=True)
    sheet_xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    styles = zipfile.ZipFile(out).read("xl/styles.xml").decode()
    assert 'quotePrefix="1"' in styles
    names = [r[1] for r in read(out)[2:]]
    assert "=2+3" in names


def _same_roster(db):
    rows = search_residents(db, ResidentQuery(), full_id=True)
    households: dict[int, list[str]] = {}
    for r in rows:
        households.setdefault(r.household_id, []).append(r.id_number)
    return (
        sorted((r.name, r.sex, r.birth_date, r.id_number, r.phone, r.address, r.relation, r.residence_status,
                tuple(sorted(r.tags))) for r in rows),
        sorted(sorted(members) for members in households.values()),
    )


def test_round_trip_export_full_then_import_into_empty_database(demo_db, tmp_path, clock):
    out = tmp_path / "all.xlsx"
    export_roster(demo_db, ResidentQuery(), out, full_id=True)
    empty = open_app_database(str(tmp_path / "empty.sqlite3"), clock=clock)
    try:
        result = import_roster(empty, out)
        assert result.rows_rejected == 0 and result.unmapped_columns == ["序号", "年龄"]
        assert _same_roster(empty) == _same_roster(demo_db)
    finally:
        empty.close()


def test_template_has_the_import_headers_and_text_columns(db, tmp_path):
    out = tmp_path / "template.xlsx"
    export_template(out)
    book = python_calamine.CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["花名册", "填写说明"]
    headers = book.get_sheet_by_index(0).to_python()[0]
    assert headers == [FIELDS[f] for f in TEMPLATE_FIELDS]
    sheet_xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert '<pane ySplit="1"' in sheet_xml


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not _soffice() and not os.environ.get("CI"),
                    reason="LibreOffice (apt: libreoffice-calc-nogui) not installed; required in CI")
def test_libreoffice_opens_export_with_whole_ids_and_no_formula_run(db, tmp_path):
    _hostile_db(db)
    add_household(db, HouseholdInput(compound="枫桥苑", building="2", room="0502"))
    out = tmp_path / "check.xlsx"
    export_roster(db, ResidentQuery(), out, full_id=True)
    profile = tmp_path / "profile"
    subprocess.run([_soffice() or "soffice", "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    with open(tmp_path / "check.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    data = rows[2:]
    expected_ids = {r.id_number for r in search_residents(db, ResidentQuery(), full_id=True)}
    assert {r[5] for r in data} == expected_ids  # all 18 digits, none turned into 3.1E+17
    assert "=2+3" in {r[1] for r in data} and "5" not in {r[1] for r in data}  # the formula did not run
    notes = {r[12] for r in data}
    for text in HOSTILE:
        assert text.strip() in {n.strip() for n in notes}, text
