"""账户, 审计日志 and 备份 pages, the conflict dialog and the reveal-with-reason flow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from siibai_desktop.services import accounts
from siibai_desktop.services.audit import AuditFilter, list_entries
from siibai_desktop.services.backup import list_backups
from siibai_desktop.services.errors import ConflictError
from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.dialogs.conflict_dialog import ConflictDialog
from siibai_desktop.ui.dialogs.user_dialog import UserDialog
from siibai_desktop.ui.main_window import MainWindow
from siibai_desktop.ui.pages import accounts_page, audit_page, backup_page
from siibai_desktop.ui.runner import SyncRunner
from siibai_desktop.ui.widgets.buttons import SB

PW = "secret123"


@pytest.fixture
def admin_ctx(db):
    user = accounts.first_run_setup(db, "枫港居委会", "wangsj", "王书记", PW)
    return AppContext(db=db, runner=SyncRunner(), user=user)


@pytest.fixture
def no_popups(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or QMessageBox.StandardButton.Yes)
    return shown


def test_default_context_is_a_staff_user_not_an_administrator(db):
    ctx = AppContext(db=db, runner=SyncRunner())
    assert ctx.user.role == "staff" and not ctx.full_id_allowed


def test_admin_pages_are_hidden_from_staff(qtbot, db):
    window = MainWindow(AppContext(db=db, runner=SyncRunner()))
    qtbot.addWidget(window)
    titles = [s.title for s in window.specs]
    assert "审计日志" not in titles and "账户" in titles


def test_administrator_sees_accounts_backup_and_audit(qtbot, admin_ctx):
    window = MainWindow(admin_ctx)
    qtbot.addWidget(window)
    titles = [s.title for s in window.specs]
    assert titles.index("账户") < titles.index("备份") < titles.index("审计日志")


def test_accounts_page_adds_user_then_unlocks_after_lockout(qtbot, admin_ctx, no_popups):
    page = accounts_page.create_page(admin_ctx)
    qtbot.addWidget(page)
    dialog = UserDialog(admin_ctx, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "li")
    dialog.display_name.setText("李敏")
    qtbot.keyClicks(dialog.password, "staffpw1")
    qtbot.keyClicks(dialog.confirm, "staffpw1")
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(SB.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.created.role == "staff"
    page.refresh()
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert names == ["li", "wangsj"]
    for _ in range(5):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(admin_ctx.db, "li", "bad")
    page.refresh()
    assert page.table.item(0, 3).text().startswith("锁定至")
    page.table.selectRow(0)
    qtbot.mouseClick(page.buttons["unlock"], Qt.MouseButton.LeftButton)
    assert page.table.item(0, 3).text() == "正常"
    assert accounts.authenticate(admin_ctx.db, "li", "staffpw1")


def test_accounts_page_for_staff_only_offers_the_own_password(qtbot, db):
    page = accounts_page.create_page(AppContext(db=db, runner=SyncRunner()))
    qtbot.addWidget(page)
    assert page.table is None and page.change_button.text() == "修改我的密码…"


def test_idle_minutes_are_saved_from_the_page(qtbot, admin_ctx, no_popups):
    page = accounts_page.create_page(admin_ctx)
    qtbot.addWidget(page)
    page.idle.setValue(5)
    page.save_idle()
    assert accounts.get_idle_minutes(admin_ctx.db) == 5


def test_audit_page_filters_verifies_and_exports(qtbot, admin_ctx, no_popups, tmp_path):
    page = audit_page.create_page(admin_ctx)
    qtbot.addWidget(page)
    assert page.table.rowCount() >= 2
    page.action.setCurrentIndex(page.action.findData("login"))
    qtbot.mouseClick(page.query_button, Qt.MouseButton.LeftButton)
    assert {page.table.item(r, 3).text() for r in range(page.table.rowCount())} == {"登录"}
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert "校验全部通过" in no_popups[-1]
    out = tmp_path / "audit.csv"
    page.export(str(out))
    assert out.read_text(encoding="utf-8-sig").count("登录") >= 1


@pytest.mark.sqlite_only
def test_backup_page_backs_up_and_restores(qtbot, admin_ctx, no_popups, monkeypatch):
    page = backup_page.create_page(admin_ctx)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 1 and "完整性检查通过" in no_popups[-1]
    assert page.table.item(0, 1).text() == "手动" and page.table.item(0, 2).text().endswith("KB")
    accounts.create_user(admin_ctx.db, admin_ctx.user, "later", "", "staff", "laterpw1")
    exits = []
    monkeypatch.setattr(backup_page.QApplication, "exit", lambda code=0: exits.append(code))
    page.table.selectRow(0)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert exits == [backup_page.RESTART_CODE]
    assert [u.username for u in accounts.list_users(admin_ctx.db, admin_ctx.user)] == ["wangsj"]
    assert {b.reason for b in list_backups(admin_ctx.db)} == {"manual", "before-restore"}


def test_conflict_dialog_shows_mine_and_theirs(qtbot):
    error = ConflictError("该居民已被 李敏 于 11-21 09:00 修改，您的修改没有保存。",
                          {"姓名": ("张三丰", "张三"), "电话": ("138****5678", "139****1111")})
    dialog = ConflictDialog(error)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(0, c).text() for c in range(3)] == ["姓名", "张三丰", "张三"]
    reload_button = dialog.findChild(QDialogButtonBox).button(SB.Ok)
    assert reload_button.text() == "重新载入"
    qtbot.mouseClick(reload_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_reveal_asks_a_reason_and_logs_it(qtbot, admin_ctx, no_popups, monkeypatch):
    import datetime as dt

    from siibai_desktop.services.households import add_household
    from siibai_desktop.services.residents import add_resident
    from siibai_desktop.services.types import HouseholdInput, ResidentInput
    from siibai_desktop.ui.dialogs import reveal_dialog
    from tests.helpers import make_id

    hid = add_household(admin_ctx.db, HouseholdInput(compound="星港景苑", building="5"))
    number = make_id(dt.date(1950, 3, 4))
    rid = add_resident(admin_ctx.db, ResidentInput(household_id=hid, name="张三", id_number=number)).id

    def fill(dialog):
        dialog.reason.setCurrentText("开具证明")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(reveal_dialog.ReasonDialog, "exec", fill)
    full = reveal_dialog.reveal(None, admin_ctx, rid)
    assert full.id_number == number and number in no_popups[-1]
    assert list_entries(admin_ctx.db, admin_ctx.user, AuditFilter(action="reveal_full_id"))
    staff_ctx = AppContext(db=admin_ctx.db, runner=SyncRunner())
    assert reveal_dialog.ask_full_numbers(None, staff_ctx, "花名册导出") is False


def test_resident_dialog_offers_reload_after_a_conflict(qtbot, db, monkeypatch):
    from siibai_desktop.services.households import add_household
    from siibai_desktop.services.residents import add_resident, get_resident, update_resident
    from siibai_desktop.services.types import HouseholdInput, ResidentInput
    from siibai_desktop.ui.dialogs import conflict_dialog, resident_dialog

    hid = add_household(db, HouseholdInput(compound="星港景苑", building="5"))
    rid = add_resident(db, ResidentInput(household_id=hid, name="张三")).id
    ctx = AppContext(db=db, runner=SyncRunner())
    dialog = resident_dialog.ResidentDialog(ctx, resident_id=rid)
    qtbot.addWidget(dialog)
    other = get_resident(db, rid)  # another PC saves first
    update_resident(db, rid, ResidentInput(household_id=hid, name="张三", notes="对方改的"), other.version)
    seen = []
    monkeypatch.setattr(conflict_dialog.ConflictDialog, "exec",
                        lambda self: seen.append(self.table.rowCount()) or QDialog.DialogCode.Accepted)
    dialog.name.setText("张三丰")
    dialog.save()
    assert seen and get_resident(db, rid).name == "张三"  # nothing overwritten
    assert dialog.name.text() == "张三"  # reloaded: the user redoes the change on the fresh copy
    dialog.name.setText("张三丰")
    dialog.save()
    assert get_resident(db, rid).name == "张三丰"
