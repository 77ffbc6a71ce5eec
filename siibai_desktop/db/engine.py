"""Engine set-up and the Database handle the services work through."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.clock import Clock
from . import audit, text_guard, write_guard
from .errors import classify_write_error
from .paths import sqlite_path

BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    # 64 MB page cache (default 2 MB): the due list and searches re-read the same pages.
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def make_engine(url: str, **kwargs) -> Engine:
    """An engine with the house settings: SQLite pragmas, or PostgreSQL pre-ping."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
    return engine


class Database:
    """An open database: engine, session factory and the app's clock.

    Services take a Database and open one transaction per public call with
    `db.transaction()`; nothing else in the app opens sessions.
    """

    def __init__(self, url: str, clock: Clock | None = None, engine: Engine | None = None):
        self.url = url
        self.clock = clock or Clock()
        self.engine = engine or make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        audit.install(self._sessions)  # every change is written to the audit trail
        text_guard.install(self._sessions)
        write_guard.install(self._sessions)  # a read-only account changes nothing
        # Set by the accounts service once someone logs in: the audit trail's actor, and the
        # user whose permissions the write guard checks (None: nobody, the command line).
        self.actor: str = "系统"
        self.session_user = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        Disk full, locked and read-only become a DatabaseFault with a Chinese message.
        """
        try:
            with self._sessions.begin() as session:
                session.info["db"] = self
                yield session
        except (OperationalError, DataError, sqlite3.OperationalError) as exc:
            # sqlite3's own error too: fast paths write through the raw driver cursor
            fault = classify_write_error(str(getattr(exc, "orig", None) or exc))
            if fault is None:
                raise
            raise fault from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; never commits."""
        session = self._sessions()
        session.info["db"] = self
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def raw_sqlite(self) -> sqlite3.Connection:
        """A plain sqlite3 connection to the same file (backups, integrity checks)."""
        path = self.path
        if path is None:
            raise RuntimeError("not a SQLite file database")
        return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)

    def close(self) -> None:
        self.engine.dispose()
