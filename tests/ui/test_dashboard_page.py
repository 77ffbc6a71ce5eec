"""工作台, driven as a person: read the figures, click one to see the list behind it,
mark a household verified from the 底数清 list, and see a recorded visit move the figures."""

from __future__ import annotations

from PySide6.QtCore import Qt

from siibai_desktop.services.dashboard import due_lines
from siibai_desktop.services.needs import NeedInput, add_need, category_id_by_name
from siibai_desktop.services.visits import VisitInput, record_visit
from siibai_desktop.ui.pages.dashboard_page import DashboardPage
from tests.conftest import TODAY
from tests.ui.roster_fixtures import make_ctx


def _page(qtbot, db):
    ctx = make_ctx(db)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.figures is not None and len(page.charts) == 3)  # loads once shown
    return page, ctx


def _click(qtbot, page, key):
    qtbot.mouseClick(page.cards[key], Qt.MouseButton.LeftButton)
    dialog = page.open_dialogs[-1]
    qtbot.addWidget(dialog)
    return dialog


def test_figures_open_their_lists_and_a_visit_moves_them(qtbot, demo_db):
    page, ctx = _page(qtbot, demo_db)
    assert "2026-11-21（周六）" in page.title.text()
    overdue = page.value("overdue")
    assert overdue == len(due_lines(demo_db, "overdue")) > 0
    dialog = _click(qtbot, page, "overdue")
    assert dialog.windowTitle() == "逾期未访" and dialog.table.rowCount() == overdue
    first = dialog.keys[0][0]
    assert dialog.table.item(0, 5).text().startswith("逾期")

    staff_row = 0
    before_share = page.staff_table.cellWidget(staff_row, 5).value()
    staff_id = page.figures.staff[staff_row].staff_id
    record_visit(demo_db, VisitInput(household_id=first, visit_date=TODAY, staff_ids=[staff_id]))
    ctx.bus.changed.emit("visits")
    assert page.value("overdue") == overdue - 1
    assert page.value("unvisited") == page.figures.households - 1
    grid_of_first = next(s for s in page.figures.staff if s.visited == 1)
    assert grid_of_first.share > 0
    assert before_share == 0


def test_mark_verified_from_the_unverified_list(qtbot, demo_db):
    page, _ctx = _page(qtbot, demo_db)
    count = page.value("unverified")
    dialog = _click(qtbot, page, "unverified")
    assert dialog.table.rowCount() == count > 0
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.action_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == count - 1
    assert page.value("unverified") == count - 1


def test_needs_figures_and_staff_list(qtbot, demo_db):
    page, ctx = _page(qtbot, demo_db)
    household = due_lines(demo_db, "overdue")[0].household_id
    category = category_id_by_name(demo_db, "物业维修")
    add_need(demo_db, NeedInput(household_id=household, category_id=category, description="楼道灯坏了",
                                raised_on=TODAY.replace(day=1), deadline=TODAY.replace(day=10)))
    ctx.bus.changed.emit("needs")
    assert page.value("open_needs") == 1 and page.value("overdue_needs") == 1
    dialog = _click(qtbot, page, "overdue_needs")
    assert dialog.table.item(0, 3).text() == "楼道灯坏了" and "逾期" in dialog.table.item(0, 4).text()
    staff_dialog = page.open_staff(0)
    qtbot.addWidget(staff_dialog)
    assert staff_dialog.table.rowCount() == page.figures.staff[0].households


def test_record_a_visit_from_the_overdue_list(qtbot, demo_db):
    from siibai_desktop.services.visits import household_visits
    from siibai_desktop.ui.widgets.buttons import SB
    from tests.ui.roster_fixtures import drive_modal

    page, _ctx = _page(qtbot, demo_db)
    overdue = page.value("overdue")
    dialog = _click(qtbot, page, "overdue")
    dialog.table.selectRow(0)
    household_id, address = dialog.keys[0]

    def fill(form):
        assert address in form.windowTitle() or form.household_id == household_id
        form.staff_list.item(0).setCheckState(Qt.CheckState.Checked)
        qtbot.mouseClick(form.buttons.button(SB.Save), Qt.MouseButton.LeftButton)

    assert drive_modal(dialog.action_button.click, fill)
    assert len(household_visits(demo_db, household_id)) == 1
    assert page.value("overdue") == overdue - 1
    assert dialog.table.rowCount() == overdue - 1 and household_id not in [k[0] for k in dialog.keys]


def test_dashboard_shows_visits_needs_and_coverage_charts(qtbot, demo_db):
    from siibai_desktop.services.demo_visits import generate_visits

    generate_visits(demo_db)
    page, _ctx = _page(qtbot, demo_db)
    titles = [w.chart().title() for w in page.charts]
    assert titles == ["每周走访次数", "诉求状态", "各工作人员走访覆盖率（%）"]
    weekly = page.charts[0].chart().series()[0].barSets()[0]
    assert sum(weekly.at(i) for i in range(weekly.count())) > 0
