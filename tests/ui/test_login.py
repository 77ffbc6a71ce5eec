"""First run, login with lockout, forced password change: driven as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt

from siibai_desktop.services import accounts
from siibai_desktop.services.committee import get_committee
from siibai_desktop.ui.dialogs.change_password_dialog import ChangePasswordDialog
from siibai_desktop.ui.dialogs.first_run_dialog import FirstRunDialog
from siibai_desktop.ui.dialogs.login_dialog import LoginDialog
from siibai_desktop.ui.widgets.buttons import SB

PW = "secret123"


def _ok(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.findChild(QDialogButtonBox).button(SB.Ok)


def test_first_run_names_the_committee_and_creates_the_administrator(qtbot, db):
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.committee.setText("枫港居民区居民委员会")  # QTest types ASCII only; Chinese comes from the IME
    qtbot.keyClicks(dialog.username, "wangsj")
    dialog.display_name.setText("王书记")
    qtbot.keyClicks(dialog.password, PW)
    qtbot.keyClicks(dialog.confirm, "different")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert "不一致" in dialog.error.text() and dialog.user is None
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, PW)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.user.role == "admin" and dialog.user.display_name == "王书记"
    assert get_committee(db).name == "枫港居民区居民委员会"
    assert _ok(dialog).text() == "开始使用"


def test_login_counts_failures_then_locks(qtbot, db, clock):
    accounts.first_run_setup(db, "枫港居委会", "wangsj", "王书记", PW)
    dialog = LoginDialog(db, "枫港居委会")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "wangsj")
    for _ in range(5):
        qtbot.keyClicks(dialog.password, "wrong-one")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "锁定 15 分钟" in dialog.error.text()
    assert dialog.password.text() == ""  # cleared after each failure
    qtbot.keyClicks(dialog.password, PW)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert "已锁定" in dialog.error.text() and dialog.user is None
    clock.advance(minutes=15)
    qtbot.keyClicks(dialog.password, PW)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.user is not None and dialog.user.username == "wangsj"
    assert _ok(dialog).text() == "登录"


def test_forced_password_change_after_a_reset(qtbot, db):
    admin = accounts.first_run_setup(db, "居委会", "wangsj", "王书记", PW)
    accounts.create_user(db, admin, "li", "李敏", "staff", "firstpw1")
    accounts.reset_password(db, admin, "li", "resetpw1")
    user = accounts.authenticate(db, "li", "resetpw1")
    assert accounts.must_change_password(db, user)
    dialog = ChangePasswordDialog(db, user, forced=True)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.old, "resetpw1")
    qtbot.keyClicks(dialog.new, "mynewpw1")
    qtbot.keyClicks(dialog.confirm, "mynewpw1")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not accounts.must_change_password(db, user)
    assert accounts.authenticate(db, "li", "mynewpw1")


def test_demo_signs_in_by_itself(db):
    from siibai_desktop.ui.session import sign_in

    user = sign_in(db, demo=True)
    assert user.role == "admin" and user.username == "demo"


def test_app_session_backs_up_on_exit_and_logs_out(qapp, db, monkeypatch):
    from siibai_desktop.services.audit import AuditFilter, list_entries
    from siibai_desktop.services.backup import list_backups
    from siibai_desktop.services.policy import SYSTEM_USER
    from siibai_desktop.ui import app as app_module

    monkeypatch.setattr(app_module.QApplication, "exec", staticmethod(lambda: 0))
    assert app_module.run_session(qapp, db, demo=True, auto_login=True) == 0
    if db.is_sqlite:
        assert [b.reason for b in list_backups(db)] == ["exit"]
    actions = [e.action for e in list_entries(db, SYSTEM_USER, AuditFilter(actor="demo"))]
    assert actions[0] == "logout" and "login" in actions
