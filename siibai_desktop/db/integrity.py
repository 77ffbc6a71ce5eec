"""SQLite's quick_check, which a database file passes before it is opened, and a way to
start it on a second thread before the slow imports of start-up.

The check of a 100,000-resident file takes about 0.1 s, and start-up spends 0.4 s
importing Qt and SQLAlchemy before it can open anything. sqlite3 lets go of the GIL while
SQLite works, so `start_early_check` runs the check beside those imports, and
`verdict` (called by the open, at the same point as always) takes its result.

An early result is trusted only when it is "ok" and the file is unchanged since the check
began (same file, size and modification time, same write-ahead log). Anything else (a
finding, an error, another program wrote, a backup was restored over the file) and the
open checks again, exactly as it would have without the early start. This module needs
the standard library only, so it can run before SQLAlchemy is imported.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from .paths import network_share_reason

SQLITE_HEADER = b"SQLite format 3\x00"


def quick_check(path: Path) -> str:
    """'ok', or what SQLite's quick_check found wrong (read-only; never writes)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()
    return "ok" if rows == [("ok",)] else "; ".join(r[0] for r in rows[:5])


def _fingerprint(path: Path) -> tuple:
    """What must stay the same for a check's verdict to still hold.

    An empty or missing write-ahead log holds nothing: SQLite creates and deletes it as
    connections come and go (the read-only check itself leaves an empty one behind).
    """
    main = os.stat(path)
    try:
        wal = os.stat(f"{path}-wal")
        log = (wal.st_size, wal.st_mtime_ns) if wal.st_size else None
    except FileNotFoundError:
        log = None
    return (main.st_dev, main.st_ino, main.st_size, main.st_mtime_ns), log


class _EarlyCheck:
    def __init__(self, path: Path):
        self.fingerprint = _fingerprint(path)
        self.result = ""
        self.thread = threading.Thread(target=self._run, args=(path,), name="siibai-quick-check", daemon=True)
        self.thread.start()

    def _run(self, path: Path) -> None:
        try:
            self.result = quick_check(path)
        except BaseException as exc:  # never trusted: the open checks again and reports it
            self.result = f"{type(exc).__name__}: {exc}"


_early: dict[str, _EarlyCheck] = {}
_lock = threading.Lock()


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _worth_checking_early(path: Path) -> bool:
    """Only a writable local SQLite file: the open refuses the others before any check
    (and a file on a network share is not touched at all)."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            return False
        if network_share_reason(path):
            return False
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def start_early_check(path: Path) -> bool:
    """Begin quick_check of this database file on a second thread; True if it was begun.
    The next `verdict` on the same file waits for it and uses its result."""
    path = Path(path)
    if not _worth_checking_early(path):
        return False
    with _lock:
        if _key(path) not in _early:
            _early[_key(path)] = _EarlyCheck(path)
    return True


def verdict(path: Path) -> str:
    """quick_check's result for the file as it is now: an early check's "ok" if one ran on
    this very file and nothing has changed since it began, else the check run now."""
    with _lock:
        early = _early.pop(_key(path), None)
    if early is not None:
        early.thread.join()
        try:
            unchanged = early.fingerprint == _fingerprint(path)
        except OSError:
            unchanged = False
        if early.result == "ok" and unchanged:
            return "ok"
    return quick_check(path)
