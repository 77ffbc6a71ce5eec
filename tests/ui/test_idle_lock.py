"""Idle lock: after the idle time every window is covered and disabled until the
password is typed again; a half-filled dialog survives under its cover."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from siibai_desktop.services import accounts
from siibai_desktop.services.audit import AuditFilter, list_entries
from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.idle_lock import IdleLock
from siibai_desktop.ui.main_window import MainWindow
from siibai_desktop.ui.runner import SyncRunner

PW = "secret123"


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _setup(qtbot, db, minutes=10):
    user = accounts.first_run_setup(db, "枫港居委会", "wangsj", "王书记", PW)
    ctx = AppContext(db=db, runner=SyncRunner(), user=user)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    clock = FakeClock()
    lock = IdleLock(ctx, window, minutes, clock=clock, check_ms=60_000)
    return ctx, window, lock, clock


def test_window_locks_after_the_idle_time_and_hides_everything(qtbot, db):
    ctx, window, lock, clock = _setup(qtbot, db, minutes=10)
    clock.t += 9 * 60
    lock.lock_if_idle()
    assert not lock.is_locked
    clock.t += 60
    lock.lock_if_idle()
    assert lock.is_locked
    cover = lock.input_cover
    assert cover.isVisible() and cover.geometry() == window.rect()
    assert not window.centralWidget().isEnabled()  # nothing under the cover can be reached
    admin = accounts.authenticate(db, "wangsj", PW)
    assert list_entries(db, admin, AuditFilter(action="screen_locked"))


def test_activity_resets_the_idle_time(qtbot, db):
    ctx, window, lock, clock = _setup(qtbot, db, minutes=10)
    clock.t += 9 * 60
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    clock.t += 5 * 60
    lock.lock_if_idle()
    assert not lock.is_locked


def test_wrong_password_keeps_it_locked_and_right_one_unlocks(qtbot, db):
    ctx, window, lock, clock = _setup(qtbot, db)
    lock.lock()
    cover = lock.input_cover
    qtbot.keyClicks(cover.password, "wrong-pw")
    qtbot.keyClick(cover.password, Qt.Key.Key_Return)
    assert lock.is_locked and "再错 4 次" in cover.error.text()
    qtbot.keyClicks(cover.password, PW)
    qtbot.mouseClick(cover.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked
    assert window.centralWidget().isEnabled()


def test_an_open_dialog_is_covered_and_keeps_its_input(qtbot, db):
    ctx, window, lock, clock = _setup(qtbot, db)
    dialog = QDialog(window)
    field = QLineEdit()
    QVBoxLayout(dialog).addWidget(field)
    field.setText("写了一半的走访记录")
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    lock.lock()
    assert lock.input_cover.parent() is dialog  # the password is asked where input goes
    assert not field.isEnabled() and len(lock.covers) >= 2
    lock.try_unlock(PW)
    assert field.isEnabled() and field.text() == "写了一半的走访记录" and dialog.isVisible()


def test_zero_minutes_never_locks(qtbot, db):
    ctx, window, lock, clock = _setup(qtbot, db, minutes=0)
    clock.t += 10_000
    lock.lock_if_idle()
    assert not lock.is_locked
