"""Printed visit sheets: text comes back from the PDF, fonts are embedded, IDs are masked,
long addresses and names stay on the page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from siibai_desktop.domain.sheet_code import encode, pretty
from siibai_desktop.services.households import add_household
from siibai_desktop.services.pdf.visit_sheets import visit_sheet_pages, write_visit_sheets
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.staff import list_staff
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from siibai_desktop.services.visit_day import add_to_plan, get_plan, plan_visit_day
from siibai_desktop.services.pdf.sheet_layout import PAGE_H, PAGE_W, Measure, expand
from tests.helpers import make_id

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
THURSDAY = dt.date(2026, 11, 26)
FULL_ID = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_sheets_carry_addresses_names_and_masked_ids(demo_db, tmp_path):
    staff = list_staff(demo_db)[0]
    plan = get_plan(demo_db, plan_visit_day(demo_db, THURSDAY, staff_id=staff.id, limit=12))
    out = tmp_path / "sheets.pdf"
    result = write_visit_sheets(demo_db, out, plan.id)
    assert result.households == len(plan.lines) == 12 and result.pages == 13  # cover + one per household
    text = _text(out)
    flat = _squash(text)
    for line in plan.lines:
        assert _squash(line.address) in flat
        for name in line.residents:
            assert name in flat
        assert pretty(line.code) in text
    assert "集中走访路线" in text and "走访人签名" in text and "5必做" in text and "3必知" in text
    assert not FULL_ID.search(text), "a full ID number was printed"
    assert re.search(r"\d{3}\*{11}[\dX]{4}", text)

    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = fonts.strip().splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts  # the "emb" column
    assert "STSong" not in fonts and "Helvetica" not in fonts


def test_long_address_and_names_stay_inside_the_page(db, tmp_path):
    compound = "星港景苑二期东区特别特别长的花园名字"
    hid = add_household(db, HouseholdInput(compound=compound, road="长宁支路延长段", lane="314",
                                           building="15", room="1102"))
    long_name = "欧阳诸葛司马上官令狐万俟"
    add_resident(db, ResidentInput(household_id=hid, name=long_name, relation="head",
                                   id_number=make_id(dt.date(1940, 3, 5))))
    add_resident(db, ResidentInput(household_id=hid, name="李四", relation="spouse"))
    plan_id = plan_visit_day(db, THURSDAY, limit=5, include_clear_lists=False)
    add_to_plan(db, plan_id, hid)
    run = visit_sheet_pages(db, plan_id)
    measure = Measure(run.font_name)
    for page in run.pages:
        for op in expand(page, run.forms):
            if op[0] == "T":
                _, x, y, size, text = op
                assert 0 < x and x + measure.width(text, size) <= PAGE_W - 30, text
                assert size <= y <= PAGE_H - 20, text
    out = tmp_path / "long.pdf"
    write_visit_sheets(db, out, plan_id)
    flat = _squash(_text(out))
    assert _squash(f"{compound} 长宁支路延长段314弄15号1102室") in flat  # wrapped onto two lines, not cut
    assert "欧阳诸葛" in flat and encode(hid)[:3] in flat


def test_barcode_matches_reportlab_code128():
    from reportlab.graphics.barcode.code128 import Code128

    from siibai_desktop.services.pdf.sheet_layout import code128_bars

    for household_id in (1, 77, 4242, 99999):
        code = encode(household_id)
        symbol = Code128(code, barWidth=1, quiet=False)
        symbol.validate()
        symbol.encode()
        symbol.decompose()
        bars, width = code128_bars(code, 0, 0, 10, 1)
        expected = [ord(c) - 64 for c in symbol.decomposed if c.isupper()]
        assert [op[3] for op in bars] == expected
        assert width == sum(ord(c) - (64 if c.isupper() else 96) for c in symbol.decomposed)


def test_sheet_tells_the_visitor_what_to_know(db, tmp_path):
    """3必知 at the door: the household's open conflict and the open problem in its building."""
    from siibai_desktop.services.households import list_buildings
    from siibai_desktop.services.registers import (ConflictInput, EnvironmentIssueInput, add_conflict,
                                                   add_environment_issue)

    hid = add_household(db, HouseholdInput(compound="枫桥苑", road="武夷路", lane="52", building="8", room="101"))
    add_resident(db, ResidentInput(household_id=hid, name="王五", relation="head"))
    add_conflict(db, ConflictInput(title="楼上漏水", household_ids=[hid], status="mediating"))
    add_conflict(db, ConflictInput(title="早已化解的事", household_ids=[hid], status="resolved"))
    [(building_id, _)] = list_buildings(db)
    add_environment_issue(db, EnvironmentIssueInput(kind="corridor_clutter", building_id=building_id, place="三楼"))
    plan_id = plan_visit_day(db, THURSDAY, limit=5)
    out = tmp_path / "notice.pdf"
    write_visit_sheets(db, out, plan_id)
    flat = _squash(_text(out))
    assert "矛盾纠纷“楼上漏水”（调解中）" in flat and "本楼楼道堆物（三楼），待处理" in flat
    assert "早已化解的事" not in flat
