"""迁出, 死亡, 迁至他户 and 分户 from the roster's toolbar, through their dialogs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from siibai_desktop.services import life_events, search
from siibai_desktop.ui.dialogs.life_event_dialog import MoveOutDialog
from siibai_desktop.ui.models.resident_table import COL_STATUS
from siibai_desktop.ui.pages.roster_page import RosterPage
from siibai_desktop.ui.widgets.buttons import SB
from tests.ui.roster_fixtures import drive_modal, make_ctx, names, small_roster, table_rows, type_text


@pytest.fixture
def roster(db):
    return small_roster(db)


@pytest.fixture
def page(qtbot, db, roster):
    page = RosterPage(make_ctx(db))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(SB.Ok), Qt.MouseButton.LeftButton)


def test_actions_need_a_selected_resident(page, roster):
    assert not page.move_out_action.isEnabled()
    page.select_resident(roster["李四"])
    assert page.move_out_action.isEnabled() and page.split_action.isEnabled()


def test_move_out_from_toolbar(qtbot, page, db, roster):
    page.select_resident(roster["李四"])

    def fill(dialog):
        assert dialog.windowTitle() == "迁出 — 李四"
        type_text(qtbot, dialog.place, "浦东新区")
        ok(qtbot, dialog)
        assert not dialog.isVisible()

    assert drive_modal(page.move_out_action.trigger, fill)
    assert "李四" not in names(page)
    page.filters.include_left.setChecked(True)
    rows = {r[0]: r for r in table_rows(page.model)}
    assert rows["李四"][COL_STATUS] == "已迁出"
    page.select_resident(roster["李四"])
    assert not page.move_out_action.isEnabled()  # already gone
    assert page.panel.events.item(0, 1).text() == "迁出"
    assert "浦东新区" in page.panel.events.item(0, 2).text()


def test_future_date_is_refused(qtbot, db, roster, clock):
    ctx = make_ctx(db)
    row = search.fetch_rows(db, [roster["张三"]])[0]
    dialog = MoveOutDialog(ctx, row)
    qtbot.addWidget(dialog)
    # the date field stops at today; the service's rule still shows inline if reached
    dialog.event_date.setMaximumDate(QDate(2100, 1, 1))
    dialog.event_date.setDate(QDate(2030, 1, 1))
    ok(qtbot, dialog)
    assert dialog.form.error_text("event_date") == "日期不能晚于今天"
    assert search.fetch_rows(db, [roster["张三"]])[0].state == "current"


def test_death_removes_from_default_view(qtbot, page, db, roster):
    page.select_resident(roster["王五"])
    drive_modal(page.death_action.trigger, lambda d: ok(qtbot, d))
    assert "王五" not in names(page)
    page.filters.include_left.setChecked(True)
    rows = {r[0]: r for r in table_rows(page.model)}
    assert rows["王五"][COL_STATUS] == "已故"
    assert rows["王五"][6] == ""  # tags ended that day


def test_move_to_another_household_by_address_search(qtbot, page, db, roster):
    page.select_resident(roster["李四"])

    def fill(dialog):
        ok(qtbot, dialog)  # nothing picked yet
        assert dialog.form.error_text("household_id") == "请在列表中选择迁入的户"
        type_text(qtbot, dialog.picker.search, "枫桥")
        dialog.picker.run_search()
        assert dialog.picker.results.count() == 1
        ok(qtbot, dialog)

    drive_modal(page.move_to_action.trigger, fill)
    page.select_resident(roster["李四"])
    assert "枫桥苑" in page.panel.address.text()
    assert page.panel.member_names() == ["王五", "李四"]


def test_split_household(qtbot, page, db, roster):
    page.select_resident(roster["李四"])

    def fill(dialog):
        assert dialog.checked() == [roster["李四"]]
        assert dialog.head.currentText() == "李四"
        qtbot.keyClicks(dialog.room, "303")
        ok(qtbot, dialog)

    drive_modal(page.split_action.trigger, fill)
    page.select_resident(roster["李四"])
    assert page.panel.member_names() == ["李四"]
    assert "303" in page.panel.address.text()
    page.select_resident(roster["张三"])
    assert "302" in page.panel.address.text()


def test_split_needs_members(qtbot, db, roster):
    from siibai_desktop.ui.dialogs.split_dialog import SplitHouseholdDialog

    dialog = SplitHouseholdDialog(make_ctx(db), roster["h1"])
    qtbot.addWidget(dialog)
    ok(qtbot, dialog)
    assert dialog.form.error_text("residents") == "请勾选要分出的成员"
    assert dialog.new_household_id is None


def test_already_left_cannot_move_again(qtbot, page, db, roster, clock):
    life_events.move_out(db, roster["张三"], clock.today() - dt.timedelta(days=1))
    page.filters.include_left.setChecked(True)
    page.select_resident(roster["张三"])
    page.move_out()  # e.g. from a stale menu: a message, no dialog
    assert "已不在册" in page.message.text()
