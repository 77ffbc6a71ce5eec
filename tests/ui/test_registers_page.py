"""三必知 page: register a conflict through the dialog, see it listed, resolve it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from siibai_desktop.services import registers
from siibai_desktop.ui.pages.registers_page import RegistersPage
from siibai_desktop.ui.widgets.buttons import SB
from tests.ui.roster_fixtures import make_ctx, type_text


def _save(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(SB.Save), Qt.MouseButton.LeftButton)


def test_register_a_conflict_then_resolve_it(qtbot, db):
    page = RegistersPage(make_ctx(db))
    qtbot.addWidget(page)
    page.show()
    tab = page.conflicts
    dialog = tab.open_dialog(None)
    qtbot.addWidget(dialog)
    _save(qtbot, dialog)  # no title: the form says so and stays open
    assert dialog.isVisible() and "事由" in dialog.form.error_text("title")
    type_text(qtbot, dialog.title_edit, "车棚充电纠纷")
    type_text(qtbot, dialog.parties_edit, "3号楼业主与物业")
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "车棚充电纠纷"
    assert tab.table.item(0, 3).text() == "排查中"

    tab.table.selectRow(0)
    edit = tab.open_dialog(tab.rows[0])
    qtbot.addWidget(edit)
    edit.status_box.setCurrentIndex(edit.status_box.findText("已化解"))
    _save(qtbot, edit)
    assert tab.table.item(0, 3).text() == "已化解"
    qtbot.mouseClick(tab.open_only, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 0


def test_resources_and_issues_tabs(qtbot, db):
    registers.add_resource(db, registers.ResourceInput(kind="volunteer_team", name="巧手编织队"))
    registers.add_environment_issue(db, registers.EnvironmentIssueInput(kind="group_rental", place="武夷路52弄8号"))
    page = RegistersPage(make_ctx(db))
    qtbot.addWidget(page)
    assert page.resources.table.item(0, 1).text() == "巧手编织队"
    assert page.issues.table.item(0, 0).text() == "群租"
    dialog = page.resources.open_dialog(None)
    qtbot.addWidget(dialog)
    type_text(qtbot, dialog.name_edit, "张师傅")
    qtbot.keyClicks(dialog.phone_edit, "12345")
    _save(qtbot, dialog)
    assert "手机" in dialog.form.error_text("phone") or dialog.form.error_text("phone")
    dialog.phone_edit.clear()
    qtbot.keyClicks(dialog.phone_edit, "13912345678")
    _save(qtbot, dialog)
    assert page.resources.table.rowCount() == 2
