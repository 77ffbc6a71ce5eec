"""Correcting and voiding a visit the way a person would: from the due list's 走访记录…,
from the roster's household panel; a stale edit shows the conflict dialog; 只读 users see
no actions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from siibai_desktop.domain.roles import Role
from siibai_desktop.services.policy import SessionUser
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.visit_edits import update_visit, visit_form
from siibai_desktop.services.visits import get_visit
from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.dialogs.visit_dialog import VisitDialog
from siibai_desktop.ui.dialogs.void_visit_dialog import VoidVisitDialog
from siibai_desktop.ui.pages import due_page
from siibai_desktop.ui.pages.roster_page import RosterPage
from siibai_desktop.ui.runner import SyncRunner
from siibai_desktop.ui.widgets.household_history import HouseholdHistory
from tests.ui.roster_fixtures import type_text
from tests.visit_builders import household, visit, years_before

TODAY = dt.date(2026, 11, 21)
SAVE = QDialogButtonBox.StandardButton.Save


def ctx_for(db, role: str = Role.STAFF.value) -> AppContext:
    return AppContext(db=db, runner=SyncRunner(), user=SessionUser(None, "chen", "陈静", role))


def cells(model, row):
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def click_row(qtbot, view, row: int, column: int = 2) -> None:
    centre = view.visualRect(view.model().index(row, column)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def when_modal(action) -> None:
    """Run `action(dialog)` on the next modal dialog to open; it must close the dialog."""
    def run():
        dialog = QApplication.activeModalWidget()
        try:
            action(dialog)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()
    QTimer.singleShot(0, run)


def test_void_a_visit_from_the_due_list_and_see_it_marked_and_the_household_due_again(qtbot, db):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    chen = add_staff(db, "陈静")
    visit(db, hid, TODAY - dt.timedelta(days=40), [chen], notes="上次上门")
    vid = visit(db, hid, TODAY - dt.timedelta(days=2), [chen], notes="同一次走访登记了两遍")
    page = due_page.create_page(ctx_for(db))
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.all_check, Qt.MouseButton.LeftButton)
    assert cells(page.model, 0)[0] == "本期已访"
    click_row(qtbot, page.table, 0)
    seen: dict = {}

    def void_it(dialog):
        seen["void_dialog"] = dialog
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)   # no reason yet
        seen["error"] = dialog.form.error_text("reason")
        type_text(qtbot, dialog.reason_box.lineEdit(), "重复登记")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    def in_history(dialog):
        history = dialog.findChild(HouseholdHistory)
        seen["title"] = dialog.windowTitle()
        assert not history.void_button.isEnabled()                         # nothing selected yet
        click_row(qtbot, history.visits_view, 0)
        assert history.void_button.isEnabled() and history.edit_button.isEnabled()
        when_modal(void_it)
        qtbot.mouseClick(history.void_button, Qt.MouseButton.LeftButton)
        seen["rows"] = [cells(history.visits_model, r) for r in range(history.visits_model.rowCount())]
        seen["count"] = history.visits_label.text()
        seen["info"] = history.visit_info.text()
        seen["buttons"] = (history.edit_button.isEnabled(), history.void_button.isEnabled())
        font = history.visits_model.data(history.visits_model.index(0, 3), Qt.ItemDataRole.FontRole)
        seen["struck"] = font.strikeOut()
        dialog.accept()

    when_modal(in_history)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)

    assert isinstance(seen["void_dialog"], VoidVisitDialog)
    assert seen["error"].startswith("请填写作废原因")
    assert "走访记录与诉求" in seen["title"]
    voided, kept = seen["rows"]
    assert voided[0] == "已作废" and voided[5] == "同一次走访登记了两遍" and seen["struck"]
    assert kept[0] == "" and kept[5] == "上次上门"
    assert "共 1 次走访" in seen["count"] and "另有 1 条已作废" in seen["count"]
    assert "作废" in seen["info"] and "重复登记" in seen["info"]      # the voided visit stays selected
    assert seen["buttons"] == (False, False)
    row = get_visit(db, vid)
    assert row.voided and row.void_reason == "重复登记"
    # the due list refreshed by itself: the last visit is now the one 40 days ago
    state, _, _, _, _, last = cells(page.model, 0)[:6]
    assert state == "逾期 10 天" and last.startswith((TODAY - dt.timedelta(days=40)).isoformat())


def test_correct_a_visit_in_the_same_form_it_was_recorded_in(qtbot, db):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    chen = add_staff(db, "陈静")
    add_staff(db, "王丽华")
    vid = visit(db, hid, TODAY - dt.timedelta(days=2), [chen], mode="phone", notes="电话问候")
    history = HouseholdHistory(ctx_for(db))
    qtbot.addWidget(history)
    history.load(hid)
    history.show()
    click_row(qtbot, history.visits_view, 0)
    seen = {}

    def correct(dialog):
        seen["dialog"] = dialog
        seen["title"] = dialog.windowTitle()
        seen["filled"] = (dialog.mode_box.currentText(), dialog.notes_edit.toPlainText())
        dialog.mode_box.setCurrentIndex(dialog.mode_box.findText("入户"))
        for i in range(dialog.staff_list.count()):
            if dialog.staff_list.item(i).text() == "王丽华":
                dialog.staff_list.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.notes_edit.clear()
        type_text(qtbot, dialog.notes_edit, "上门看望")
        qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)

    when_modal(correct)
    qtbot.mouseClick(history.edit_button, Qt.MouseButton.LeftButton)
    assert isinstance(seen["dialog"], VisitDialog) and seen["title"].startswith("修改走访记录")
    assert seen["filled"] == ("电话", "电话问候")
    row = cells(history.visits_model, 0)
    assert (row[2], row[3], row[5]) == ("入户", "陈静、王丽华", "上门看望")
    assert get_visit(db, vid).staff_text == "陈静、王丽华"


def test_a_stale_correction_shows_the_conflict_and_overwrites_nothing(qtbot, db, monkeypatch):
    from siibai_desktop.ui.dialogs import conflict_dialog

    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    vid = visit(db, hid, TODAY, [add_staff(db, "陈静")], notes="原来的")
    ctx = ctx_for(db)
    dialog = VisitDialog(ctx, None, visit_id=vid)
    qtbot.addWidget(dialog)
    dialog.show()
    other = visit_form(db, vid)              # another PC saves first
    other.data.notes = "对方改的"
    update_visit(db, vid, other.data, other.version)
    shown = []
    monkeypatch.setattr(conflict_dialog.ConflictDialog, "exec",
                        lambda self: shown.append((str(self.error), self.error.changes)) or QDialog.DialogCode.Accepted)
    reloads = []
    ctx.bus.changed.connect(reloads.append)
    dialog.notes_edit.clear()
    type_text(qtbot, dialog.notes_edit, "我改的")
    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    (message, changes), = shown
    assert "没有保存" in message and changes == {"备注": ("我改的", "对方改的")}
    assert get_visit(db, vid).notes == "对方改的"
    assert not dialog.isVisible() and reloads == ["visits"]      # 重新载入: closed, the list reloads


def test_read_only_users_see_the_history_without_actions(qtbot, db):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    visit(db, hid, TODAY, [add_staff(db, "陈静")])
    history = HouseholdHistory(ctx_for(db, Role.READONLY.value))
    qtbot.addWidget(history)
    history.load(hid)
    history.show()
    assert history.visits_model.rowCount() == 1
    assert not history.edit_button.isVisible() and not history.void_button.isVisible()
    history.void_selected()                                   # even when called, nothing happens
    assert not get_visit(db, history.visits_model.rows[0].id).voided


def test_the_roster_household_panel_opens_the_visit_history(qtbot, db):
    hid, (rid,) = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    visit(db, hid, TODAY, [add_staff(db, "陈静")], notes="身体尚好")
    page = RosterPage(ctx_for(db))
    qtbot.addWidget(page)
    page.show()
    assert page.select_resident(rid)
    seen = {}

    def look(dialog):
        history = dialog.findChild(HouseholdHistory)
        seen["rows"] = [cells(history.visits_model, r) for r in range(history.visits_model.rowCount())]
        seen["void"] = history.void_button.isVisibleTo(dialog)
        dialog.accept()

    when_modal(look)
    qtbot.mouseClick(page.panel.visits_button, Qt.MouseButton.LeftButton)
    (row,) = seen["rows"]
    assert row[5] == "身体尚好" and seen["void"]


def test_moving_a_visit_to_the_right_household_in_the_form(qtbot, db, monkeypatch):
    from siibai_desktop.services.households import get_household
    from siibai_desktop.ui.dialogs import visit_dialog

    wrong, (wrong_rid,) = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    right, _ = household(db, "402", people=[("李阿公", years_before(TODAY, 88), None)])
    vid = visit(db, wrong, TODAY, [add_staff(db, "陈静")], resident_ids=[wrong_rid])
    dialog = VisitDialog(ctx_for(db), None, visit_id=vid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [c.text() for c, _ in dialog.member_checks] == ["王阿婆"] and dialog.member_checks[0][0].isChecked()
    monkeypatch.setattr(visit_dialog, "pick_household", lambda ctx, parent: get_household(db, right))
    qtbot.mouseClick(dialog.household_button, Qt.MouseButton.LeftButton)
    assert "402" in dialog.household_button.text()
    assert [c.text() for c, _ in dialog.member_checks] == ["李阿公"]
    dialog.member_checks[0][0].click()
    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    row = get_visit(db, vid)
    assert row.household_id == right and row.residents_met == ("李阿公",)
