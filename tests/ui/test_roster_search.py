"""The 花名册 page driven as a person would: typing, filters, header clicks, the panel."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt

from siibai_desktop.services import life_events, tags
from siibai_desktop.ui.models.resident_table import COL_AGE, COL_ID, COL_STATUS, COL_TAGS
from siibai_desktop.ui.pages.roster_page import RosterPage
from tests.ui.roster_fixtures import ZHANG_SAN_ID, make_ctx, names, small_roster, table_rows, type_text


@pytest.fixture
def roster(db):
    return small_roster(db)


@pytest.fixture
def page(qtbot, db, roster):
    page = RosterPage(make_ctx(db))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def type_search(qtbot, page, text: str, expected: list[str]) -> None:
    page.search_box.clear()
    type_text(qtbot, page.search_box, text)
    qtbot.waitUntil(lambda: sorted(names(page)) == sorted(expected), timeout=2000)


def test_shows_everyone_current_with_masked_ids(page):
    assert names(page) == ["李四", "王五", "张三"]  # by pinyin
    rows = {r[0]: r for r in table_rows(page.model)}
    assert rows["张三"][COL_ID] == ZHANG_SAN_ID[:3] + "*" * 11 + ZHANG_SAN_ID[-4:]
    assert rows["张三"][1] == "男" and rows["李四"][1] == "女"
    assert rows["王五"][COL_AGE] == "86"
    assert rows["王五"][COL_TAGS] == "低保"
    assert rows["张三"][COL_STATUS] == "户籍在册"
    assert "星港景苑" in rows["张三"][5] and "302" in rows["张三"][5]
    assert page.count_label.text() == "共 3 人"


def test_search_by_initials_id_fragment_address_and_phone(qtbot, page):
    type_search(qtbot, page, "zs", ["张三"])
    type_search(qtbot, page, "zhangsan", ["张三"])
    type_search(qtbot, page, ZHANG_SAN_ID[6:14], ["张三"])  # birth date part of the ID
    type_search(qtbot, page, "枫桥", ["王五"])
    type_search(qtbot, page, "星港 302", ["张三", "李四"])
    type_search(qtbot, page, "5678", ["张三"])
    type_search(qtbot, page, "没有这个人", [])
    assert page.count_label.text() == "共 0 人"
    page.search_box.clear()
    qtbot.waitUntil(lambda: len(names(page)) == 3)


def test_search_waits_for_typing_to_pause(qtbot, page):
    qtbot.keyClicks(page.search_box, "ls")
    assert len(names(page)) == 3  # nothing ran yet: the debounce timer is pending
    assert page.apply_search_now() == 1
    assert names(page) == ["李四"]


def test_clicking_headers_sorts_in_sql(qtbot, page):
    header = page.table.horizontalHeader()

    def click(column):
        x = header.sectionViewportPosition(column) + 10
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click(COL_AGE)
    assert names(page) == ["李四", "张三", "王五"]
    assert page.current_query().sort == "age"
    click(COL_AGE)
    assert names(page) == ["王五", "张三", "李四"]
    assert page.current_query().descending
    click(COL_TAGS)  # not sortable: order and arrow stay
    assert names(page) == ["王五", "张三", "李四"]
    assert header.sortIndicatorSection() == COL_AGE


def test_filter_by_tag_and_age(qtbot, page, db):
    f = page.filters
    f.tag.setCurrentIndex(f.tag.findText("低保"))
    assert names(page) == ["王五"]
    f.clear()
    assert len(names(page)) == 3
    f.age_min.clear()
    qtbot.keyClicks(f.age_min, "60")
    assert set(names(page)) == {"王五", "张三"}
    f.age_max.clear()
    qtbot.keyClicks(f.age_max, "80")
    assert names(page) == ["张三"]
    assert page.current_query().age_min == 60 and page.current_query().age_max == 80


def test_filter_by_compound_then_building(qtbot, page):
    f = page.filters
    assert not f.building.isEnabled()
    f.compound.setCurrentIndex(f.compound.findText("枫桥苑"))
    assert names(page) == ["王五"]
    assert f.building.isEnabled() and f.building.count() == 2
    f.building.setCurrentIndex(1)
    assert names(page) == ["王五"]
    assert page.current_query().building_id is not None


def test_moved_out_leaves_default_view_and_comes_back_with_switch(qtbot, page, db, roster, clock):
    life_events.move_out(db, roster["李四"], clock.today(), "浦东新区")
    page.ctx.bus.changed.emit("roster")
    assert set(names(page)) == {"王五", "张三"}
    qtbot.mouseClick(page.filters.include_left, Qt.MouseButton.LeftButton)
    rows = {r[0]: r for r in table_rows(page.model)}
    assert rows["李四"][COL_STATUS] == "已迁出"
    assert page.current_query().include_left


def test_household_panel_shows_members_tags_and_events(qtbot, page, db, roster, clock):
    assert page.select_resident(roster["王五"])
    panel = page.panel
    assert "枫桥苑" in panel.address.text()
    assert panel.member_names() == ["王五"]
    assert panel.tag_history.item(0, 0).text() == "低保"
    assert panel.tag_history.item(0, 2).text() == "至今"
    page.select_resident(roster["张三"])
    assert panel.member_names() == ["张三", "李四"]
    life_events.move_out(db, roster["李四"], clock.today() - dt.timedelta(days=3), "浦东新区")
    page.ctx.bus.changed.emit("roster")
    assert page.current_resident_id() == roster["张三"]  # selection kept across refresh
    assert panel.member_names() == ["张三", "李四"]  # the panel lists those who left too
    assert panel.members.item(1, 3).text() == "已迁出"


def test_tag_history_after_tag_ends(qtbot, page, db, roster, clock):
    tag_id = tags.tag_id_by_name(db, "低保")
    tags.end_tag(db, roster["王五"], tag_id, clock.today())
    page.refresh()
    page.select_resident(roster["王五"])
    assert page.panel.tag_history.item(0, 2).text() == f"{clock.today():%Y-%m-%d}"
