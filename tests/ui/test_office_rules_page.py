"""走访规则: an office adds its own rule (失独家庭) by typing and clicking, reads it in the
list, sees it on the 必访清单 at once; bad input is said next to its field."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from siibai_desktop.services.tags import add_tag
from siibai_desktop.ui.pages import due_page, visit_rules_page
from tests.ui.roster_fixtures import drive_modal, make_ctx, table_rows, type_text
from tests.visit_builders import household, tag, years_before

TODAY = dt.date(2026, 11, 21)


def shown(qtbot, page):
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def selected_row(page) -> list[str]:
    rows = page.table.selectionModel().selectedRows()
    assert len(rows) == 1
    return table_rows(page.model)[rows[0].row()]


def retype(qtbot, spin, value: str):
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, value)


def test_an_office_adds_a_rule_and_its_households_are_due_at_once(qtbot, db):
    add_tag(db, "失独家庭")
    hid, (rid,) = household(db, "101", people=[("周阿姨", years_before(TODAY, 66), None)])
    tag(db, rid, "失独家庭", TODAY - dt.timedelta(days=40))
    ctx = make_ctx(db)
    due = shown(qtbot, due_page.create_page(ctx))
    page = shown(qtbot, visit_rules_page.create_page(ctx))
    assert due.model.rowCount() == 0
    count = page.model.rowCount()

    click(qtbot, page.add_button)
    form = page.form
    assert page.status.text() == "新增规则：填写上面的表格后点“保存规则”"
    assert form.name_edit.text() == "" and not page.toggle_button.isEnabled()
    type_text(qtbot, form.name_edit, "失独家庭")
    form.tag_box.setCurrentIndex(form.tag_box.findText("失独家庭"))
    retype(qtbot, form.interval_spin, "45")
    click(qtbot, form.mode_checks["stool"])                      # 小板凳 does not count for this rule
    type_text(qtbot, form.description_edit, "失独老人重点关心")
    click(qtbot, page.save_button)

    assert page.status.text() == "已新增“失独家庭”"
    assert page.model.rowCount() == count + 1
    assert table_rows(page.model)[-1] == selected_row(page) == [
        "失独家庭", "标签“失独家庭”", "每45天", "入户、电话、集中走访", "7天", "启用"]
    assert form.name_edit.text() == "失独家庭" and page.toggle_button.text() == "停用规则"
    assert due.model.rowCount() == 1
    line = table_rows(due.model)[0]
    assert "周阿姨" in line and "失独家庭每45天一次；从未走访" in line


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_added(qtbot, db):
    page = shown(qtbot, visit_rules_page.create_page(make_ctx(db)))
    before = table_rows(page.model)
    click(qtbot, page.add_button)
    click(qtbot, page.save_button)
    assert page.form.error_text("name") == "规则名称不能为空"
    assert page.form.error_text("tag_id") == "请至少设置一个条件：标签、年龄、独居或迁入天数"
    type_text(qtbot, page.form.name_edit, "低保")
    click(qtbot, page.form.age_check)
    click(qtbot, page.save_button)
    assert page.form.error_text("name") == "已有名为“低保”的规则，请换一个名称"
    assert page.form.error_text("tag_id") == ""
    assert table_rows(page.model) == before and page.adding


def test_a_new_tag_is_made_from_the_form_and_picked(qtbot, db):
    page = shown(qtbot, visit_rules_page.create_page(make_ctx(db)))
    click(qtbot, page.add_button)

    def name_it(text):
        def fill(dialog):
            type_text(qtbot, dialog.findChild(QLineEdit), text)
            dialog.accept()
        return fill

    drive_modal(lambda: click(qtbot, page.form.new_tag_button), name_it("新就业形态劳动者"))
    assert page.form.tag_box.currentText() == "新就业形态劳动者"
    drive_modal(lambda: click(qtbot, page.form.new_tag_button), name_it("新就业形态劳动者"))
    assert page.form.error_text("tag_id") == "标签“新就业形态劳动者”已存在"
    assert [page.form.tag_box.itemText(i) for i in range(page.form.tag_box.count())].count("新就业形态劳动者") == 1
    type_text(qtbot, page.form.name_edit, "新就业形态劳动者")
    retype(qtbot, page.form.interval_spin, "90")
    click(qtbot, page.save_button)
    assert selected_row(page)[:3] == ["新就业形态劳动者", "标签“新就业形态劳动者”", "每90天"]
