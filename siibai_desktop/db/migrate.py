"""Opening a database safely: checks, a backup before migrating, then Alembic to head.

Every failure a user can cause (locked, read-only, not a database, newer version) is a
DatabaseOpenError with a Chinese message, and the file is left as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import DatabaseError, OperationalError

from ..domain.clock import Clock
from .engine import Database, make_engine
from .errors import (
    LockedDatabaseError, NewerDatabaseError, NotADatabaseError, ReadOnlyDatabaseError,
    DatabaseOpenError,
)
from .paths import backup_dir, sqlite_path

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def script_heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}


def _precheck_sqlite_file(path: Path) -> None:
    if not path.exists():
        parent = path.parent
        if parent.exists() and not os.access(parent, os.W_OK):
            raise ReadOnlyDatabaseError(f"无法在文件夹 {parent} 中新建数据库：没有写入权限。")
        return
    if path.is_dir():
        raise NotADatabaseError(f"{path} 是一个文件夹，不是数据库文件。")
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header and header != SQLITE_HEADER:
        raise NotADatabaseError(f"文件 {path} 不是本软件的数据库（也可能已损坏），文件未被改动。")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabaseError(
            f"数据库文件 {path} 是只读的（或所在文件夹不可写），无法保存任何修改。"
            "请检查文件属性或权限后再打开。"
        )


def _probe_lock(path: Path) -> None:
    """Fail fast when another program holds a write lock, before touching anything."""
    if not path.exists():
        return
    conn = sqlite3.connect(str(path), timeout=1.0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LockedDatabaseError(
                f"数据库 {path} 正被其他程序占用（已锁定）。请关闭其他正在使用它的程序后重试。"
            ) from exc
        raise NotADatabaseError(f"无法打开数据库 {path}：{exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise NotADatabaseError(f"文件 {path} 不是有效的数据库（可能已损坏），文件未被改动。") from exc
    finally:
        conn.close()


def backup_sqlite(path: Path, reason: str, target_dir: Path | None = None) -> Path:
    """Copy a live SQLite file with the backup API; return the copy's path."""
    target_dir = target_dir or backup_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{path.stem}-{reason}-{stamp}.sqlite3"
    n = 1
    while target.exists():
        target = target_dir / f"{path.stem}-{reason}-{stamp}-{n}.sqlite3"
        n += 1
    src = sqlite3.connect(str(path))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def current_revisions(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def _has_user_tables(db: Database) -> bool:
    names = set(inspect(db.engine).get_table_names())
    return bool(names - {"alembic_version"})


def open_database(url: str, clock: Clock | None = None, migrate: bool = True) -> Database:
    """Open (creating if needed) and migrate a database; raise DatabaseOpenError on faults."""
    path = sqlite_path(url)
    if path is not None:
        _precheck_sqlite_file(path)
        _probe_lock(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(url, clock=clock)
    try:
        current = current_revisions(db)
        unknown = current - _known_revisions()
        if unknown:
            raise NewerDatabaseError(
                "该数据库由更新版本的软件创建（版本 " + "、".join(sorted(unknown)) + "），"
                "当前软件无法打开。请升级软件后再使用，文件未被改动。"
            )
        if migrate and current != script_heads():
            if path is not None and path.exists() and _has_user_tables(db):
                backup_sqlite(path, "before-migration")
            with db.engine.begin() as conn:
                cfg = alembic_config(url)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "heads")
    except DatabaseOpenError:
        db.close()
        raise
    except OperationalError as exc:
        db.close()
        text = str(exc.orig) if exc.orig else str(exc)
        if "locked" in text:
            raise LockedDatabaseError(f"数据库正被其他程序占用：{text}") from exc
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyDatabaseError(f"数据库是只读的，无法写入：{text}") from exc
        raise DatabaseOpenError(f"无法打开数据库：{text}") from exc
    except DatabaseError as exc:
        db.close()
        raise NotADatabaseError(f"无法打开数据库（文件可能已损坏）：{exc.orig or exc}") from exc
    return db


