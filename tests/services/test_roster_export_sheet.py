"""The export's fast path, cell by cell: formula-like text keeps Excel's quote prefix and
plain text does not, the rows follow every kind of query (including the ones whose search
already joins the address tables), progress and cancel work between batches."""

from __future__ import annotations

import datetime as dt
import zipfile
import xml.etree.ElementTree as ET

import pytest
import python_calamine

from siibai_desktop.services import roster_export
from siibai_desktop.services.households import add_household
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.roster_export import ExportCancelled, export_roster
from siibai_desktop.services.search import ResidentQuery, search_residents
from siibai_desktop.services.tags import add_tag, assign_tag
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read(path):
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)


def _cells_with_quote_prefix(path) -> dict[str, bool]:
    """Text of every inline-string cell -> whether its style has quotePrefix."""
    with zipfile.ZipFile(path) as z:
        styles = ET.fromstring(z.read("xl/styles.xml"))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    xfs = styles.find("x:cellXfs", NS).findall("x:xf", NS)
    quoted = {i for i, xf in enumerate(xfs) if xf.get("quotePrefix") == "1"}
    out = {}
    for cell in sheet.iter(f"{{{NS['x']}}}c"):
        text = cell.find("x:is/x:t", NS)
        if text is not None:
            out[text.text or ""] = int(cell.get("s", 0)) in quoted
    return out


def test_only_formula_like_text_gets_the_quote_prefix(db, tmp_path):
    hid = add_household(db, HouseholdInput(compound="枫桥苑", building="1", room="101"))
    rid = add_resident(db, ResidentInput(household_id=hid, name="=2+3", id_number=make_id(dt.date(1951, 1, 1)),
                                         notes="@SUM(A1)")).id
    add_resident(db, ResidentInput(household_id=hid, name="张三", id_number=make_id(dt.date(1952, 1, 1), seq=2),
                                   notes="普通备注"))
    assign_tag(db, rid, add_tag(db, "-危险标签"))
    out = tmp_path / "quoted.xlsx"
    export_roster(db, ResidentQuery(), out, full_id=True)
    cells = _cells_with_quote_prefix(out)
    assert cells["=2+3"] and cells["@SUM(A1)"] and cells["-危险标签"]
    assert not cells["张三"] and not cells["普通备注"] and not cells["枫桥苑"]
    rows = read(out)[2:]
    assert sorted(r[1] for r in rows) == ["=2+3", "张三"]
    assert "<f>" not in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("query", [
    ResidentQuery(sort="address", descending=True),  # the search joins Household itself
    ResidentQuery(compound_id=1, sort="age"),  # ... and Building
    ResidentQuery(text="王", include_left=True, sort="phone"),
    ResidentQuery(age_min=60, residence_status="registered", sort="sex", descending=True),
])
def test_rows_follow_the_query_with_every_column(demo_db, tmp_path, query):
    out = tmp_path / "list.xlsx"
    count = export_roster(demo_db, query, out, full_id=True)
    expected = search_residents(demo_db, query, full_id=True)
    rows = read(out)[2:]
    assert count == len(rows) == len(expected) > 0
    assert f"共 {count} 人" in read(out)[0][0]
    for number, (row, want) in enumerate(zip(rows, expected), start=1):
        assert row[0] == number and row[1] == want.name and row[5] == want.id_number
        assert (row[3] or None) == want.birth_date and (row[4] if row[3] else None) == want.age
        assert row[13] == want.household_id
        assert sorted(filter(None, row[11].split("、"))) == sorted(want.tags)
    assert len(read(out)[1]) == (15 if query.include_left else 14)


def test_cancel_between_batches_leaves_no_file_and_progress_counts_up(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_export, "FETCH_BATCH", 50)
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        export_roster(demo_db, ResidentQuery(), folder / "half.xlsx",
                      progress=lambda done, total, _stage: seen.append((done, total)),
                      cancel=lambda: len(seen) >= 3)
    assert not list(folder.iterdir())  # neither the file nor its .part
    assert [done for done, _ in seen] == [50, 100, 150]

    seen.clear()
    count = export_roster(demo_db, ResidentQuery(), folder / "all.xlsx",
                         progress=lambda done, total, _stage: seen.append((done, total)))
    assert seen[-1] == (count, count) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert [p.name for p in folder.iterdir()] == ["all.xlsx"]
