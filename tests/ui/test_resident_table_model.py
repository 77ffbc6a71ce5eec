"""The lazy roster model: Qt's model checks, page-wise fetching, sorting by signal."""

from __future__ import annotations

from PySide6.QtCore import Qt

from siibai_desktop.services import search
from siibai_desktop.services.search import ResidentQuery
from siibai_desktop.ui.models.resident_table import COL_AGE, COL_NAME, COL_TAGS, ResidentIdRole, ResidentTableModel


def make_model(db, page_size=50, cached_pages=3):
    return ResidentTableModel(lambda ids: search.fetch_rows(db, ids), page_size=page_size,
                              cached_pages=cached_pages)


def test_qt_model_checks(qtmodeltester, demo_db):
    model = make_model(demo_db)
    model.set_ids(search.search_ids(demo_db, ResidentQuery()))
    assert model.rowCount() > 300
    qtmodeltester.check(model)


def test_empty_model_passes_checks(qtmodeltester, db):
    model = make_model(db)
    model.set_ids([])
    qtmodeltester.check(model)


def test_rows_are_fetched_a_page_at_a_time_and_cached(demo_db):
    model = make_model(demo_db, page_size=50, cached_pages=3)
    ids = search.search_ids(demo_db, ResidentQuery())
    model.set_ids(ids)
    assert model.fetch_count == 0  # nothing read until shown
    assert model.data(model.index(0, COL_NAME))
    assert model.data(model.index(49, COL_NAME))
    assert model.fetch_count == 1
    model.data(model.index(len(ids) - 1, COL_NAME))
    assert model.fetch_count == 2
    for row in (60, 120, 180):  # three more pages push the first two out of the cache
        model.data(model.index(row, COL_NAME))
    assert model.fetch_count == 5
    model.data(model.index(0, COL_NAME))
    assert model.fetch_count == 6
    assert model.data(model.index(7, 0), ResidentIdRole) == ids[7]


def test_sort_asks_for_a_new_query(qtbot, db):
    model = make_model(db)
    with qtbot.waitSignal(model.sort_requested) as blocker:
        model.sort(COL_AGE, Qt.SortOrder.DescendingOrder)
    assert blocker.args == ["age", True]
    with qtbot.assertNotEmitted(model.sort_requested):
        model.sort(COL_TAGS, Qt.SortOrder.AscendingOrder)


def test_headers_are_chinese(db):
    model = make_model(db)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["姓名", "性别", "年龄", "身份证号", "电话", "地址", "标签", "状态"]
