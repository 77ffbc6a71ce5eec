"""必访清单, the visit form, 民情诉求 and 走访规则 driven the way a person would."""

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QMessageBox,
                               QTableWidget)

from siibai_desktop.services.needs import NeedInput, add_need, change_status, list_categories, list_needs
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.visits import household_visits
from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.dialogs.follow_up_dialog import FollowUpDialog
from siibai_desktop.ui.dialogs.need_status_dialog import NeedStatusDialog
from siibai_desktop.ui.dialogs.visit_dialog import VisitDialog
from siibai_desktop.ui.pages import due_page, needs_page, visit_rules_page
from siibai_desktop.ui.runner import SyncRunner
from tests.ui.roster_fixtures import drive_modal, type_text
from tests.visit_builders import household, tag, years_before

TODAY = dt.date(2026, 11, 21)


def ctx_for(db) -> AppContext:
    return AppContext(db=db, runner=SyncRunner())


def cells(model, row):
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def fill_visit_dialog(qtbot, dialog: VisitDialog, staff_name: str, notes: str, need: str) -> None:
    """Tick the staff member, choose 入户, tick a 5必做 item, type notes, add a need, save."""
    for i in range(dialog.staff_list.count()):
        item = dialog.staff_list.item(i)
        if item.text() == staff_name:
            item.setCheckState(Qt.CheckState.Checked)
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findText("入户"))
    relief = next(check for check, code in dialog.must_do_checks if code == "relief")
    relief.click()
    dialog.member_checks[0][0].click()
    type_text(qtbot, dialog.observations_edit, notes)
    dialog.add_need_button.click()
    combo: QComboBox = dialog.needs_table.cellWidget(0, 0)
    combo.setCurrentIndex(combo.findText("物业维修"))
    edit: QLineEdit = dialog.needs_table.cellWidget(0, 1)
    type_text(qtbot, edit, need)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_record_a_visit_from_the_due_list_and_see_the_line_change(qtbot, db):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    add_staff(db, "陈静")
    ctx = ctx_for(db)
    page = due_page.create_page(ctx)
    qtbot.addWidget(page)
    page.show()
    model = page.model
    assert model.rowCount() == 1
    row = cells(model, 0)
    assert row[0] == "逾期 30 天" and row[3] == "王阿婆" and row[4] == "高龄独居"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert "逾期 1" in page.summary.text()

    seen = {}

    def fill():
        dialog = QApplication.activeModalWidget()
        seen["dialog"] = dialog
        fill_visit_dialog(qtbot, dialog, "陈静", "老人身体尚可，楼道灯坏了", "楼道灯不亮")

    QTimer.singleShot(0, fill)
    centre = page.table.visualRect(model.index(0, 2)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert isinstance(seen["dialog"], VisitDialog)
    assert seen["dialog"].saved_id is not None
    assert model.rowCount() == 0                                  # nothing due any more
    qtbot.mouseClick(page.all_check, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 1
    row = cells(model, 0)
    assert row[0] == "本期已访" and row[5].startswith(f"{TODAY.isoformat()} 入户 陈静")
    (visit,) = household_visits(db, hid)
    assert visit.must_do == ("帮助居民排忧解难",) and visit.residents_met == ("王阿婆",)
    assert visit.observations == "老人身体尚可，楼道灯坏了"
    (need,) = list_needs(db)
    assert (need.description, need.category, need.source_label) == ("楼道灯不亮", "物业维修", "走访")


def test_visit_dialog_shows_errors_inline_and_saves_nothing(qtbot, db):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    add_staff(db, "陈静")
    dialog = VisitDialog(ctx_for(db), hid, "302室")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("staff_ids") == "请选择走访人员"
    assert dialog.saved_id is None and household_visits(db, hid) == []


def test_staff_picker_narrows_the_list(qtbot, db):
    from siibai_desktop.services.households import list_buildings
    from siibai_desktop.services.staff import add_grid
    household(db, "101", building="1", people=[("甲", years_before(TODAY, 85), None)])
    household(db, "101", building="2", people=[("乙", years_before(TODAY, 85), None)])
    b1 = next(bid for bid, label in list_buildings(db) if label.endswith("1号"))
    add_grid(db, "第1网格", add_staff(db, "陈静"), [b1])
    page = due_page.create_page(ctx_for(db))
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    page.staff_box.setCurrentIndex(page.staff_box.findText("陈静"))
    assert page.model.rowCount() == 1 and cells(page.model, 0)[3] == "甲"
    page.date_edit.setDate(page.date_edit.date().addDays(-1))
    assert page.model.rowCount() == 1


def test_needs_page_overdue_status_change_and_reopen(qtbot, db, clock):
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    cat = next(c.id for c in list_categories(db) if c.name == "物业维修")
    nid = add_need(db, NeedInput(hid, cat, "水管漏水", deadline=TODAY + dt.timedelta(days=2)))
    add_need(db, NeedInput(hid, cat, "门禁坏了"))
    clock.advance(days=3)
    ctx = ctx_for(db)
    page = needs_page.create_page(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    assert cells(page.model, 0)[:2] == ["待处理", "1 天"]
    assert "逾期 1 条" in page.summary.text()
    page.overdue_check.setChecked(True)
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert page.history_model.rowCount() == 1
    need = page.selected_need()
    dialog = NeedStatusDialog(ctx, need, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.select("已办结")
    type_text(qtbot, dialog.resolution_edit, "物业已更换水管")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0                               # no longer overdue once resolved
    page.overdue_check.setChecked(False)
    page.status_box.setCurrentIndex(page.status_box.findText("已办结"))
    page.table.selectRow(0)
    follow = FollowUpDialog(ctx, page.selected_need(), page)
    qtbot.addWidget(follow)
    follow.show()
    qtbot.mouseClick(follow.radios["unsatisfied"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(follow.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 0
    page.status_box.setCurrentIndex(page.status_box.findText("未办结"))
    reopened = next(r for r in page.model.rows if r.id == nid)
    assert (reopened.status_label, reopened.verdict_label) == ("处理中", "不满意")


def test_rules_page_edit_changes_the_due_list(qtbot, db):
    hid, (rid,) = household(db, "701", people=[("吴某", years_before(TODAY, 50), None)])
    tag(db, rid, "低保", TODAY - dt.timedelta(days=10))
    ctx = ctx_for(db)
    due = due_page.create_page(ctx)
    rules = visit_rules_page.create_page(ctx)
    qtbot.addWidget(due)
    qtbot.addWidget(rules)
    assert due.model.rowCount() == 1 and cells(due.model, 0)[0] == "逾期 10 天"
    row = next(i for i, r in enumerate(rules.model.rows) if r.name == "低保")
    rules.table.selectRow(row)
    assert rules.form.interval_spin.value() == 90
    asked = []
    drive_modal(lambda: qtbot.mouseClick(rules.toggle_button, Qt.MouseButton.LeftButton),
                lambda box: asked.append(say_yes(box)))
    assert "目前只因这条规则在清单上的 1 户将从必访清单中移出" in asked[0]
    assert rules.status.text() == "已停用“低保”" and rules.toggle_button.text() == "启用规则"
    assert due.model.rowCount() == 0
    drive_modal(lambda: qtbot.mouseClick(rules.toggle_button, Qt.MouseButton.LeftButton), say_yes)
    assert due.model.rowCount() == 1
    for check in rules.form.mode_checks.values():
        check.setChecked(False)
    qtbot.mouseClick(rules.save_button, Qt.MouseButton.LeftButton)
    assert rules.form.error_text("counting_modes") == "至少选择一种计入的走访方式"
    assert isinstance(rules.form.alone_check, QCheckBox)


def say_yes(box) -> str:
    """Answer a confirmation 是; returns what it asked."""
    text = box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    return text


def test_household_history_widget_lists_visits_and_needs(qtbot, db):
    from siibai_desktop.services.visits import NeedDraft, VisitInput, record_visit
    from siibai_desktop.ui.widgets.household_history import HouseholdHistory
    hid, (rid,) = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    s = add_staff(db, "陈静")
    cat = list_categories(db)[0].id
    record_visit(db, VisitInput(hid, TODAY - dt.timedelta(days=30), [s], mode="phone", notes="电话问候"))
    record_visit(db, VisitInput(hid, TODAY, [s], observations="楼道灯坏", needs=[NeedDraft(cat, "修灯")]))
    widget = HouseholdHistory(ctx_for(db))
    qtbot.addWidget(widget)
    widget.load(hid)
    assert [cells(widget.visits_model, r)[2] for r in range(2)] == ["入户", "电话"]
    assert cells(widget.visits_model, 0)[5] == "楼道灯坏" and cells(widget.visits_model, 0)[8] == "1"
    assert cells(widget.needs_model, 0)[2] == "修灯"
    need = widget.needs_model.rows[0]
    change_status(db, need.id, "已办结", "陈静", resolution="修好了")
    widget.ctx.bus.changed.emit("needs")
    assert widget.needs_model.rowCount() == 0
    qtbot.mouseClick(widget.toggle, Qt.MouseButton.LeftButton)
    assert widget.needs_model.rowCount() == 1
    widget.load_resident(rid, hid)
    assert widget.visits_model.rowCount() == 2


def test_needs_page_adds_a_category(qtbot, db, monkeypatch):
    page = needs_page.create_page(ctx_for(db))
    qtbot.addWidget(page)
    monkeypatch.setattr(needs_page, "ask_category_name", lambda parent: "停车管理")
    qtbot.mouseClick(page.category_button, Qt.MouseButton.LeftButton)
    assert page.category_box.findText("停车管理") > 0
    assert list_categories(db)[-1].name == "停车管理"


def test_need_dialog_registers_a_call(qtbot, db):
    from siibai_desktop.ui.dialogs.need_dialog import NeedDialog
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    add_staff(db, "陈静")
    dialog = NeedDialog(ctx_for(db), hid, "302室")
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.form.error_text("description") == "请填写诉求内容"
    dialog.category_box.setCurrentIndex(dialog.category_box.findText("加装电梯"))
    type_text(qtbot, dialog.description_edit, "希望加装电梯")
    dialog.owner_box.setCurrentIndex(dialog.owner_box.findText("陈静"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    (need,) = list_needs(db)
    assert (need.category, need.description, need.source_label, need.owner) == ("加装电梯", "希望加装电梯", "来电", "陈静")
    assert dialog.saved_id == need.id


def test_second_pc_changing_the_same_need_sees_what_the_first_did(qtbot, db):
    from siibai_desktop.services.needs import get_need
    from tests.ui.roster_fixtures import drive_modal

    hid, _ = household(db, "303", people=[("李阿公", years_before(TODAY, 82), None)])
    cat = next(c.id for c in list_categories(db) if c.name == "物业维修")
    nid = add_need(db, NeedInput(hid, cat, "楼道灯不亮"))
    ctx = ctx_for(db)
    mine = NeedStatusDialog(ctx, get_need(db, nid))            # both PCs opened the same need
    qtbot.addWidget(mine)
    mine.show()
    change_status(db, nid, "处理中", "陈静", note="已报物业")     # the other PC saves first
    mine.select("已办结")
    type_text(qtbot, mine.resolution_edit, "已修好")
    shown = []

    def read_and_reload(dialog):
        shown.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        table = dialog.findChild(QTableWidget)
        shown.append(" ".join(table.item(r, c).text() for r in range(table.rowCount()) for c in range(3)))
        dialog.accept()                                            # 重新载入

    drive_modal(lambda: qtbot.mouseClick(mine.buttons.button(QDialogButtonBox.StandardButton.Save),
                                         Qt.MouseButton.LeftButton), read_and_reload)
    assert "陈静" in shown[0]
    assert "已办结" in shown[1] and "处理中" in shown[1] and "已报物业" in shown[1]
    assert not mine.isVisible()
    assert get_need(db, nid).status_label == "处理中"            # nothing overwritten
