"""Every page in the navigation opens on a real roster, the way a person clicks through them."""

from PySide6.QtCore import Qt

from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.main_window import MainWindow
from siibai_desktop.ui.runner import SyncRunner


def test_clicking_each_navigation_entry_shows_its_page(qtbot, demo_db):
    window = MainWindow(AppContext(db=demo_db, runner=SyncRunner()))
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "花名册" in titles
    assert len(titles) == len(set(titles))
    for row, title in enumerate(titles):
        rect = window.nav.visualItemRect(window.nav.item(row))
        window.nav.scrollToItem(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
        assert window.nav.currentRow() == row
        assert window.stack.currentWidget() is window.pages[title]
    assert set(window.pages) == set(titles)


def test_navigation_list_agrees_with_each_page_module():
    from siibai_desktop.ui.pages import discover_pages

    for spec in discover_pages():
        assert (spec.module.PAGE_ORDER, spec.module.PAGE_TITLE) == (spec.order, spec.title)
        assert callable(spec.module.create_page)
