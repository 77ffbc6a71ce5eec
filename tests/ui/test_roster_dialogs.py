"""Adding and editing residents and households through the dialogs, with inline errors."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from siibai_desktop.services import households, residents, search
from siibai_desktop.services.search import ResidentQuery
from siibai_desktop.ui.dialogs.household_dialog import HouseholdDialog
from siibai_desktop.ui.dialogs.resident_dialog import ResidentDialog
from siibai_desktop.ui.pages.roster_page import RosterPage
from siibai_desktop.ui.widgets.buttons import SB
from tests.helpers import make_id
from tests.ui.roster_fixtures import ZHANG_SAN_ID, make_ctx, names, small_roster, type_text


@pytest.fixture
def roster(db):
    return small_roster(db)


@pytest.fixture
def ctx(db):
    return make_ctx(db)


@pytest.fixture
def page(qtbot, ctx, roster):
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    return page


def open_resident_dialog(qtbot, ctx, **kwargs) -> ResidentDialog:
    dialog = ResidentDialog(ctx, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click_save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(SB.Save), Qt.MouseButton.LeftButton)


def count_residents(db) -> int:
    return len(search.search_ids(db, ResidentQuery(include_left=True)))


def test_wrong_check_digit_is_shown_and_nothing_saved(qtbot, ctx, db, roster, page):
    before = count_residents(db)
    dialog = open_resident_dialog(qtbot, ctx, household_id=roster["h2"])
    type_text(qtbot, dialog.name, "赵六")
    good = make_id(dt.date(1960, 5, 5), seq=77)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    qtbot.keyClicks(dialog.id_number, bad)
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert "校验位错误" in dialog.form.error_text("id_number")
    assert dialog.form.error_labels["id_number"].isVisible()
    assert count_residents(db) == before
    assert "赵六" not in names(page)


def test_empty_name_is_refused(qtbot, ctx, db, roster):
    before = count_residents(db)
    dialog = open_resident_dialog(qtbot, ctx, household_id=roster["h2"])
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.form.error_text("name") == "姓名不能为空"
    assert count_residents(db) == before


def test_good_resident_appears_in_table_with_tag(qtbot, ctx, db, roster, page):
    dialog = open_resident_dialog(qtbot, ctx, household_id=roster["h2"])
    assert "枫桥苑" in dialog.household_label.text()
    type_text(qtbot, dialog.name, "赵六")
    qtbot.keyClicks(dialog.id_number, make_id(dt.date(1960, 5, 5), male=False, seq=77))
    assert dialog.id_reading.text() == "身份证号显示：女，1960-05-05 出生"
    qtbot.keyClicks(dialog.phone, "13900001111")
    volunteer = dialog.tags.findItems("志愿者", Qt.MatchFlag.MatchExactly)[0]
    volunteer.setCheckState(Qt.CheckState.Checked)
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert "赵六" in names(page)  # the bus told the page to refresh
    type_text(qtbot, page.search_box, "zl")
    page.apply_search_now()
    assert names(page) == ["赵六"]
    row = page.model.resident_at(0)
    assert row.sex == "F" and row.tags == ("志愿者",) and row.relation == "other"


def test_duplicate_id_names_the_holder(qtbot, ctx, db, roster):
    before = count_residents(db)
    dialog = open_resident_dialog(qtbot, ctx, household_id=roster["h2"])
    type_text(qtbot, dialog.name, "冒名")
    qtbot.keyClicks(dialog.id_number, ZHANG_SAN_ID)
    click_save(qtbot, dialog)
    message = dialog.form.error_text("id_number")
    assert "张三" in message and "星港景苑" in message
    assert count_residents(db) == before


def test_no_household_chosen_is_shown_next_to_it(qtbot, ctx, db, roster):
    dialog = open_resident_dialog(qtbot, ctx)
    type_text(qtbot, dialog.name, "无户")
    click_save(qtbot, dialog)
    assert dialog.form.error_text("household_id") == "请选择所在户"


def test_sex_disagreeing_with_id_warns_but_saves(qtbot, ctx, db, roster, page):
    dialog = open_resident_dialog(qtbot, ctx, household_id=roster["h2"])
    type_text(qtbot, dialog.name, "钱七")
    qtbot.keyClicks(dialog.id_number, make_id(dt.date(1970, 2, 2), male=True, seq=88))
    dialog.sex.setCurrentIndex(dialog.sex.findText("女"))
    assert dialog.form.warnings.isVisible() and "性别" in dialog.form.warnings.text()
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert dialog.result_info.warnings
    assert "钱七" in names(page)


def test_edit_resident_and_tags(qtbot, ctx, db, roster, page):
    dialog = open_resident_dialog(qtbot, ctx, resident_id=roster["王五"])
    assert dialog.name.text() == "王五" and dialog.id_number.text().startswith("310")
    assert dialog.checked_tags()  # 低保
    dialog.set_checked_tags(set())
    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "13700002222")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    detail = residents.get_resident(db, roster["王五"])
    assert detail.tags == () and detail.phone == "13700002222"


def test_stale_edit_says_to_reload(qtbot, ctx, db, roster, monkeypatch):
    dialog = open_resident_dialog(qtbot, ctx, resident_id=roster["张三"])
    other = residents.get_resident(db, roster["张三"])
    from siibai_desktop.services.types import ResidentInput
    residents.update_resident(db, other.id, ResidentInput(
        household_id=other.household_id, name="张三", id_number=other.id_number, relation="head"), other.version)
    shown = []
    # the conflict dialog (what the other PC changed, reload) is shown; here it is cancelled
    monkeypatch.setattr("siibai_desktop.ui.dialogs.conflict_dialog.ConflictDialog.exec",
                        lambda self: shown.append(self.windowTitle() + str(self.error)) or 0)
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert shown and "重新载入" in shown[0]


def test_household_dialog_requires_compound_and_building(qtbot, ctx, db):
    dialog = HouseholdDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    click_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.form.error_text("compound") == "请填写小区"
    assert dialog.form.error_text("building")
    assert households.list_compounds(db) == []


def test_household_dialog_adds_and_edits(qtbot, ctx, db, roster):
    dialog = HouseholdDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.compound.lineEdit(), "星港景苑")
    type_text(qtbot, dialog.road, "长宁支路")
    qtbot.keyClicks(dialog.lane, "314")
    qtbot.keyClicks(dialog.building, "6")
    qtbot.keyClicks(dialog.room, "101")
    qtbot.mouseClick(dialog.last_verified_on.check, Qt.MouseButton.LeftButton)
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    info = households.get_household(db, dialog.household_id)
    assert info.address.startswith("星港景苑") and "6号" in info.address and info.room == "101"
    assert info.last_verified_on == db.clock.today()
    edit = HouseholdDialog(ctx, dialog.household_id)
    qtbot.addWidget(edit)
    assert edit.room.text() == "101" and edit.last_verified_on.value() == db.clock.today()
    edit.room.clear()
    qtbot.keyClicks(edit.room, "102")
    qtbot.keyClicks(edit.phone, "abc")
    click_save(qtbot, edit)
    assert edit.form.error_text("phone")
    edit.phone.clear()
    click_save(qtbot, edit)
    assert households.get_household(db, dialog.household_id).room == "102"


def test_edit_shows_masked_id_and_keeps_it(qtbot, ctx, db, roster):
    dialog = open_resident_dialog(qtbot, ctx, resident_id=roster["张三"])
    assert dialog.id_number.text() == ZHANG_SAN_ID[:3] + "*" * 11 + ZHANG_SAN_ID[-4:]
    assert dialog.id_reading.text() == "身份证号显示：男，1950-03-04 出生"
    type_text(qtbot, dialog.notes, "独居")
    click_save(qtbot, dialog)
    assert not dialog.isVisible()
    detail = residents.get_resident(db, roster["张三"])
    assert detail.id_number == ZHANG_SAN_ID and detail.notes == "独居"


def test_full_id_shown_when_allowed(qtbot, ctx, db, roster):
    ctx.full_id_allowed = True
    dialog = open_resident_dialog(qtbot, ctx, resident_id=roster["张三"])
    assert dialog.id_number.text() == ZHANG_SAN_ID
