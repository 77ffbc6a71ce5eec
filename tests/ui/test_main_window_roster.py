"""The whole main window on the demo roster, with the 花名册 page in it."""

from __future__ import annotations

from siibai_desktop.ui.main_window import MainWindow
from siibai_desktop.ui.pages.roster_page import RosterPage
from tests.ui.roster_fixtures import make_ctx, names, type_text


def test_main_window_opens_on_roster(qtbot, demo_db):
    window = MainWindow(make_ctx(demo_db))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "花名册" in titles
    page = window.show_page("花名册")
    assert isinstance(page, RosterPage)
    assert window.stack.currentWidget() is page
    assert page.model.rowCount() > 300
    first = names(page)[0]
    type_text(qtbot, page.search_box, first)
    page.apply_search_now()
    assert first in names(page)
    assert all(first in n for n in names(page))
    assert page.toolbar.actions()  # others add 导入/导出 here


def test_search_runs_on_worker_thread_with_real_runner(qtbot, demo_db):
    from siibai_desktop.ui.context import AppContext
    from siibai_desktop.ui.runner import Runner

    page = RosterPage(AppContext(db=demo_db, runner=Runner()))
    qtbot.addWidget(page)
    total = page.model.rowCount()
    with qtbot.waitSignal(page.results_shown, timeout=5000):
        qtbot.keyClicks(page.search_box, "310")
    assert 0 < page.model.rowCount() <= total
