"""集中走访 page, driven as a person: plan the day, print, then type the codes from the
returned sheets, tick, press Enter, and see each visit recorded."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter

from siibai_desktop.domain.sheet_code import encode
from siibai_desktop.services.staff import list_staff
from siibai_desktop.services.visits import household_visits
from siibai_desktop.ui.pages import visit_day_page
from siibai_desktop.ui.pages.visit_day_page import VisitDayPage
from tests.ui.roster_fixtures import make_ctx, type_text

LAST_THURSDAY = dt.date(2026, 11, 19)
poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


@pytest.fixture
def page(qtbot, demo_db):
    page = VisitDayPage(make_ctx(demo_db))
    qtbot.addWidget(page)
    page.show()
    return page


def tick(qtbot, box):
    """Click the tick box itself (a QCheckBox answers clicks on its box and label only)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()


def _plan(qtbot, page, day=LAST_THURSDAY, staff_index=1, limit=6):
    page.day_edit.setDate(page.day_edit.date().addDays((day - page.selection()[0]).days))
    page.staff_box.setCurrentIndex(staff_index)
    page.limit_box.setValue(limit)
    qtbot.mouseClick(page.plan_button, Qt.MouseButton.LeftButton)
    assert page.plan is not None


def test_defaults_to_next_thursday_with_no_plan(page):
    assert page.selection()[0] == dt.date(2026, 11, 26)
    assert "尚无计划" in page.summary.text()
    assert not page.pdf_button.isEnabled()


def test_plan_is_grouped_by_building_and_households_can_be_removed(qtbot, page):
    _plan(qtbot, page, limit=8)
    items = page.household_items()
    assert len(items) == 8 == len(page.plan.lines)
    assert page.tree.topLevelItemCount() >= 1
    assert page.tree.topLevelItem(0).text(0) == page.plan.lines[0].building
    assert "共 8 户" in page.summary.text()
    items[0].setSelected(True)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert len(page.household_items()) == 7


@poppler
def test_pdf_and_print_preview(qtbot, page, tmp_path, monkeypatch):
    _plan(qtbot, page, limit=3)
    out = tmp_path / "sheets.pdf"
    monkeypatch.setattr(visit_day_page, "ask_save_path", lambda parent, suggested: str(out))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert out.exists() and "已生成" in page.summary.text()
    address = page.plan.lines[0].address.split(" ")[-1]
    assert address in subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout

    shown = []
    monkeypatch.setattr(visit_day_page, "show_preview", shown.append)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    [dialog] = shown
    qtbot.addWidget(dialog)
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    dialog.paintRequested.emit(printer)  # what the preview and the printer get
    text = subprocess.run(["pdftotext", str(printed), "-"], capture_output=True, text=True).stdout
    assert address in text and "走访人签名" in text and "集中走访路线" in text


def test_enter_visits_from_the_codes(qtbot, page, demo_db):
    _plan(qtbot, page, limit=4)
    entry = page.entry
    first, second = page.plan.lines[0], page.plan.lines[1]

    # a mistyped code is refused in words, nothing saved
    wrong = first.code[:5] + ("A" if first.code[5] != "A" else "B")
    qtbot.keyClicks(entry.code_edit, wrong)
    qtbot.keyClick(entry.code_edit, Qt.Key.Key_Return)
    assert "校验" in entry.status.text() and entry.hit is None

    entry.code_edit.clear()
    qtbot.keyClicks(entry.code_edit, first.code[:3].lower() + "-" + first.code[3:].lower())
    qtbot.keyClick(entry.code_edit, Qt.Key.Key_Return)
    assert first.address in entry.household_label.text()
    for box in (entry.must_do["relief"], entry.must_know["environment"], entry.verified_check):
        tick(qtbot, box)
    type_text(qtbot, entry.notes_edit, "老人身体好，楼道堆物")
    qtbot.keyClick(entry.notes_edit, Qt.Key.Key_Return)

    assert "已保存第 1 户" in entry.status.text()
    assert entry.code_edit.text() == "" and not entry.must_do["relief"].isChecked()
    [visit] = household_visits(demo_db, first.household_id)
    assert visit.visit_date == LAST_THURSDAY and visit.mode_label == "集中走访"
    assert visit.observations == "老人身体好，楼道堆物"
    assert visit.must_do == ("帮助居民排忧解难",) and visit.must_know == ("影响社区环境的突出问题",)
    assert visit.staff == (list_staff(demo_db)[0].name,)
    from siibai_desktop.services.households import get_household
    assert get_household(demo_db, first.household_id).last_verified_on == LAST_THURSDAY
    # the plan marks it visited
    line = next(l for l in page.plan.lines if l.household_id == first.household_id)
    assert line.visited and "已访 1 户" in page.summary.text()

    # next sheet: code, Enter, Enter
    qtbot.keyClicks(entry.code_edit, encode(second.household_id))
    qtbot.keyClick(entry.code_edit, Qt.Key.Key_Return)
    qtbot.keyClick(entry.notes_edit, Qt.Key.Key_Return)
    assert "已保存第 2 户" in entry.status.text()
    assert len(household_visits(demo_db, second.household_id)) == 1


def test_add_any_household_through_the_picker(qtbot, page, demo_db):
    from siibai_desktop.ui.widgets.buttons import SB
    from tests.ui.roster_fixtures import drive_modal

    _plan(qtbot, page, limit=2)
    planned = {line.household_id for line in page.plan.lines}
    other = next(line for line in page.plan.lines).address.split(" ")[0]  # a compound name

    def fill(dialog):
        from siibai_desktop.ui.widgets.household_picker import HouseholdPicker
        picker = dialog.findChild(HouseholdPicker)
        type_text(qtbot, picker.search, other)
        picker.run_search()
        for row in range(picker.results.count()):
            info = picker.results.item(row).data(Qt.ItemDataRole.UserRole)
            if info.id not in planned:
                picker.results.setCurrentRow(row)
                break
        from PySide6.QtWidgets import QDialogButtonBox
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(SB.Ok), Qt.MouseButton.LeftButton)

    drive_modal(page.add_button.click, fill)
    assert len(page.plan.lines) == 3
    added = next(line for line in page.plan.lines if line.household_id not in planned)
    assert added.status_text == "手动加入"
    assert any(item.text(3) == "手动加入" for item in page.household_items())
