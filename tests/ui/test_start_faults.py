"""Start-up faults in the GUI: a clear message, and a restore offered for a broken file."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from siibai_desktop.services.backup import make_backup
from siibai_desktop.ui import session

pytestmark = pytest.mark.sqlite_only


def test_broken_database_offers_a_restore_from_backup(qapp, db, db_path, monkeypatch):
    copy = make_backup(db, "manual")
    db.close()
    db_path.write_bytes(b"overwritten by accident" * 200)
    messages = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: messages.append(self.text()) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a: messages.append(a[2])))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(copy.path), "")))
    reopened = session.open_or_recover(str(db_path), demo=False)
    assert reopened is not None
    assert "不是本软件的数据库" in messages[0] and "从备份恢复" in messages[0]
    assert "已从" in messages[-1]
    reopened.close()


def test_network_share_is_refused_with_the_reason(qapp, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: shown.append(a[2])))
    assert session.open_or_recover(r"sqlite:///\\server\share\siibai.sqlite3", demo=False) is None
    assert "网络" in shown[0] and "PostgreSQL" in shown[0]
