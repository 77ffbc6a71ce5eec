"""The integrity check begun at start-up on a second thread (db/integrity.py): its "ok" is
used only for the very file it checked, unchanged; a damaged file is refused as before and
nothing is written to it."""

from __future__ import annotations

import os

import pytest

from siibai_desktop.db import integrity
from siibai_desktop.db.errors import CorruptDatabaseError, NotADatabaseError
from siibai_desktop.db.migrate import open_database
from siibai_desktop.db.paths import sqlite_url

from tests.db.files import digest as _digest, make_database as _make

pytestmark = pytest.mark.sqlite_only


def _corrupt(path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, min(len(data), 4096 * 12), 97):
        data[offset:offset + 8] = b"\xde\xad\xbe\xef\x00\xff\x13\x37"
    path.write_bytes(bytes(data))


@pytest.fixture
def counted_checks(monkeypatch):
    """Every quick_check run, early or at the open, by thread name."""
    runs = []
    real = integrity.quick_check

    def counting(path):
        import threading

        runs.append(threading.current_thread().name)
        return real(path)

    monkeypatch.setattr(integrity, "quick_check", counting)
    return runs


def test_an_early_ok_is_used_by_the_open(tmp_path, counted_checks):
    path = _make(tmp_path / "good.sqlite3", residents=50)
    counted_checks.clear()
    assert integrity.start_early_check(path)
    db = open_database(sqlite_url(path))
    db.close()
    # checked once, on the second thread; the empty log the check leaves is no change
    assert counted_checks == ["siibai-quick-check"]


def test_a_corrupt_file_checked_early_is_refused_and_left_alone(tmp_path, counted_checks):
    path = _make(tmp_path / "corrupt.sqlite3", residents=300)
    _corrupt(path)
    before = _digest(path)
    assert integrity.start_early_check(path)
    with pytest.raises((CorruptDatabaseError, NotADatabaseError), match="损坏") as info:
        open_database(sqlite_url(path))
    assert info.value.offer_restore and "恢复" in str(info.value)
    assert _digest(path) == before
    assert not integrity._early  # nothing left over for a later open


def test_a_file_changed_after_its_early_ok_is_checked_again(tmp_path, counted_checks):
    """A backup restored over the file, or damage, after the early check: the open does not
    trust the old verdict."""
    path = _make(tmp_path / "changed.sqlite3", residents=300)
    assert integrity.start_early_check(path)
    integrity._early[integrity._key(path)].thread.join()
    assert integrity._early[integrity._key(path)].result == "ok"
    _corrupt(path)
    os.utime(path, ns=(1, 1))  # a different time even where the clock is coarse
    before = _digest(path)
    with pytest.raises((CorruptDatabaseError, NotADatabaseError), match="损坏"):
        open_database(sqlite_url(path))
    assert _digest(path) == before
    assert counted_checks == ["siibai-quick-check", "MainThread"]  # early, then again at the open


def test_an_early_finding_is_checked_again_at_the_open(tmp_path, monkeypatch):
    """Only "ok" is taken early; anything else is decided by the check at the open, so the
    message is the one the open always gave."""
    path = _make(tmp_path / "x.sqlite3")
    answers = iter(["database is locked", "ok"])
    monkeypatch.setattr(integrity, "quick_check", lambda p: next(answers))
    assert integrity.start_early_check(path)
    open_database(sqlite_url(path)).close()
    assert next(answers, "used up") == "used up"


def test_files_the_open_refuses_first_are_not_checked_early(tmp_path):
    assert not integrity.start_early_check(tmp_path / "missing.sqlite3")
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    assert not integrity.start_early_check(tmp_path / "empty.sqlite3")
    (tmp_path / "text.sqlite3").write_bytes(b"hello" * 1000)
    assert not integrity.start_early_check(tmp_path / "text.sqlite3")
    assert not integrity.start_early_check(tmp_path)
    assert not integrity._early
