"""A 只读 account, logged in through the real login, on 花名册, 必访清单, 集中走访 and
民情诉求: it searches, reads, opens the visit history and prints; every action that would
change data is greyed out and says why, and double-clicks open nothing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from siibai_desktop.services.audit import AuditFilter, list_entries
from siibai_desktop.services.policy import SYSTEM_USER
from siibai_desktop.services.search import ResidentQuery, search_ids
from siibai_desktop.services.visits import household_visits
from siibai_desktop.ui.dialogs.resident_dialog import ResidentDialog
from siibai_desktop.ui.pages import visit_day_page
from siibai_desktop.ui.pages.due_page import DuePage
from siibai_desktop.ui.pages.needs_page import NeedsPage
from siibai_desktop.ui.pages.roster_page import RosterPage
from siibai_desktop.ui.pages.visit_day_page import VisitDayPage
from siibai_desktop.ui.widgets.buttons import SB
from tests.ui.read_only_fixtures import NEXT_THURSDAY, NO_EXPORT, READ_ONLY, dialogs_opened, greyed_out
from tests.ui.roster_fixtures import names, type_text

SCREENSHOT = "/tmp/readonly_roster.png"


def shown(qtbot, page, size=(1280, 800)):
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    return page


def row_centre(view, row: int, column: int = 0) -> QPoint:
    return view.visualRect(view.model().index(row, column)).center()


def test_roster_searches_and_shows_a_household_but_offers_no_change(qtbot, reader, office):
    page = shown(qtbot, RosterPage(reader))
    assert page.read_only_notice.isVisible() and "不能修改数据" in page.read_only_notice.text()
    type_text(qtbot, page.search_box, "zs")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert names(page) == ["张三"] and page.count_label.text() == "共 1 人"
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(page.table, 0))
    assert page.panel.member_names() == ["张三", "李四"]
    changes = [page.add_household_action, page.add_resident_action, *page.resident_actions,
               page.roster_exchange_actions["import"]]
    for action in changes:  # on the toolbar as a button, or (编辑本户) in the right-click menu only
        assert greyed_out(page.toolbar.widgetForAction(action) or action), action.text()
    assert greyed_out(page.toolbar.widgetForAction(page.roster_exchange_actions["export"]), NO_EXPORT)
    for action in (page.refresh_action, page.roster_exchange_actions["template"]):
        assert page.toolbar.widgetForAction(action).isEnabled()
    page.grab().save(SCREENSHOT)

    centre = row_centre(page.table, 0)
    assert dialogs_opened(qtbot, lambda: qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                                                           pos=centre)) == []
    assert dialogs_opened(qtbot, lambda: page.table.customContextMenuRequested.emit(centre)) == []
    assert dialogs_opened(qtbot, lambda: qtbot.keySequence(page.table, QKeySequence("Ctrl+N"))) == []
    # the household's visit history opens, with 关闭 only
    assert dialogs_opened(qtbot, lambda: qtbot.mouseClick(page.panel.visits_button, Qt.MouseButton.LeftButton)) \
        == [["关闭"]]


def test_due_list_shows_who_is_due_and_the_history_but_records_nothing(qtbot, reader, office, db):
    page = shown(qtbot, DuePage(reader))
    assert page.model.rowCount() >= 1
    row = next(r for r in range(page.model.rowCount()) if "王五" in page.model.rows[r].residents)
    assert "低保" in page.model.rows[row].rules
    assert greyed_out(page.record_button)
    page.table.selectRow(row)
    assert dialogs_opened(qtbot, lambda: qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                                                           pos=row_centre(page.table, row, 2))) == []
    assert dialogs_opened(qtbot, lambda: page.record_button.click()) == []
    assert dialogs_opened(qtbot, lambda: qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)) \
        == [["关闭"]]
    assert household_visits(db, office["h2"]) == []


def test_visit_day_plan_is_read_and_printed_but_not_changed(qtbot, reader, office, db, tmp_path, monkeypatch):
    page = shown(qtbot, VisitDayPage(reader))
    assert page.selection()[0] == NEXT_THURSDAY and page.plan is not None and page.plan.id == office["plan"]
    assert len(page.household_items()) == 2
    for button in (page.plan_button, page.replan_button, page.add_button, page.remove_button):
        assert greyed_out(button), button.text()
    assert not page.entry.isEnabled() and "只读账户不能录入走访" in page.entry.title()
    assert page.entry.toolTip() == READ_ONLY

    out = tmp_path / "走访单.pdf"
    monkeypatch.setattr(visit_day_page, "ask_save_path", lambda parent, suggested: str(out))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes()[:4] == b"%PDF" and "已生成" in page.summary.text()
    previews = []
    monkeypatch.setattr(visit_day_page, "show_preview", previews.append)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert len(previews) == 1
    qtbot.addWidget(previews[0])
    printed = list_entries(db, SYSTEM_USER, AuditFilter(action="print", actor=reader.user.username))
    assert len(printed) == 1 and "走访单" in printed[0].detail   # the print is in the audit trail


def test_needs_are_searched_and_their_history_read_but_not_handled(qtbot, reader, office):
    page = shown(qtbot, NeedsPage(reader))
    assert page.summary.text() == "共 1 条，其中逾期 0 条"
    for button in (page.add_button, page.change_button, page.follow_button, page.category_button):
        assert greyed_out(button), button.text()
    type_text(qtbot, page.search_edit, "水管")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(page.table, 0, 3))
    assert page.history_model.rowCount() == 1 and "厨房水管漏水" in page.history_label.text()
    assert dialogs_opened(qtbot, lambda: qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                                                           pos=row_centre(page.table, 0, 3))) == []
    assert page.model.rows[0].status_label == "待处理"


def test_a_dialog_reached_some_other_way_still_cannot_save(qtbot, reader, office, db, monkeypatch):
    """Below the screens the write guard refuses: the dialog says why in Chinese and stays open."""
    told = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: told.append(box.text()) or QMessageBox.StandardButton.Ok)
    people = search_ids(db, ResidentQuery())
    dialog = ResidentDialog(reader, household_id=office["h1"])
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.name, "李新")
    qtbot.mouseClick(dialog.buttons.button(SB.Save), Qt.MouseButton.LeftButton)
    assert told == ["“只读”角色无权修改数据，请联系管理员。"] and dialog.isVisible()
    assert search_ids(db, ResidentQuery()) == people
