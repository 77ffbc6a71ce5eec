"""报表 page: choose a report and period, generate, read the figures, save PDF and Excel."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog

from siibai_desktop.services import reports as R
from siibai_desktop.ui.pages.reports_page import ReportsPage
from siibai_desktop.ui.widgets.report_chart import HAVE_QTCHARTS
from tests.ui.roster_fixtures import make_ctx


@pytest.fixture
def page(qtbot, demo_db):
    widget = ReportsPage(make_ctx(demo_db))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def test_ninety_plus_report_on_screen_and_saved(page, qtbot, demo_db, tmp_path, monkeypatch):
    assert page.report_box.currentData() == "elderly90"
    assert page.start_edit.date() == QDate(2026, 10, 1)  # last full month by default
    page.start_edit.setDate(QDate(2026, 11, 1))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    expected = R.run_report(demo_db, "elderly90", dt.date(2026, 11, 1))
    count = dict(expected.figures)["本月在册人数"]
    assert f"本月在册人数：<b>{count}</b>" in page.figures.text()
    listing = next(i for i, t in enumerate(expected.tables) if t.title == "名单")
    page.table_box.setCurrentIndex(listing)
    assert page.table.rowCount() == int(count) and page.table.horizontalHeaderItem(1).text() == "姓名"
    assert page.charts.count() == 1
    chart = page.charts.itemAt(0).widget()
    assert chart.chart_data.title == "年龄分布"
    if HAVE_QTCHARTS:
        assert chart.chart().series()
    target = tmp_path / "月报"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "月报.pdf").read_bytes()[:4] == b"%PDF" and "已保存" in page.status.text()
    qtbot.mouseClick(page.xlsx_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "月报.xlsx").exists()


def test_tag_screening_with_tags_and_age(page, qtbot, demo_db):
    page.report_box.setCurrentIndex(page.report_box.findData("tags"))
    assert page.options.isVisible() and not page.start_edit.isEnabled()
    page.select_tags(["低保", "残疾"])
    page.age_min.setValue(60)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    expected = R.run_report(demo_db, "tags", tags=["低保", "残疾"], age_min=60)
    assert page.table.rowCount() == len(expected.tables[0].rows) > 0
    assert "低保、残疾（任一），60岁及以上" in page.figures.text()
    ages = [int(page.table.item(i, 3).text()) for i in range(page.table.rowCount())]
    assert min(ages) >= 60


def test_monthly_review_shows_the_five_headings(page, qtbot):
    page.report_box.setCurrentIndex(page.report_box.findData("monthly-review"))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    text = page.spaces.toPlainText()
    assert all(h in text for h in ("一个需要解决的声音", "一组意见", "一个良方", "一个解决的案例", "一条建议"))
