"""Opening a database safely: checks, a backup before migrating, then Alembic to heads.

Every failure a user can cause (network share, locked, read-only, disk full, not a
database, corrupt, newer version) is a DatabaseOpenError with a Chinese message, and
the file is left as it was.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import sqlite3
from functools import lru_cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError

from ..domain.clock import Clock
from . import integrity
from .engine import Database
from .errors import (
    BackupFailedError, CorruptDatabaseError, DatabaseOpenError, DiskFullError, LockedDatabaseError,
    NetworkShareError, NewerDatabaseError, NotADatabaseError, ReadOnlyDatabaseError, DISK_FULL_MESSAGE,
)
from .integrity import SQLITE_HEADER, quick_check
from .paths import backup_dir, network_share_reason, sqlite_path

MIGRATIONS = Path(__file__).with_name("migrations")
RESTORE_HINT = "可以在“备份”中或用 siibai restore 从备份恢复。"


def alembic_config(url: str):
    from alembic.config import Config  # Alembic is imported only when a migration runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=", re.MULTILINE)


def _module_assignments(source: str) -> dict[str, object]:
    """The literal values of `revision = …` and `down_revision = …` written at the start of
    a line; the last one wins, as when the module runs. Only those statements are parsed
    (parsing the whole migration files cost 7 ms at every start)."""
    values: dict[str, object] = {}
    lines = source.splitlines()
    starts = {source.count("\n", 0, m.start()): m.group(1) for m in _ASSIGNMENT.finditer(source)}
    for first, name in starts.items():
        for last in range(first + 1, len(lines) + 1):  # a value may run over several lines
            try:
                node = ast.parse("\n".join(lines[first:last])).body[0]
            except SyntaxError:
                continue
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                try:
                    values[name] = ast.literal_eval(node.value)
                except ValueError:
                    pass
            break
    return values


@lru_cache(maxsize=1)
def revision_graph() -> dict[str, tuple[str, ...]]:
    """{revision: down revisions} read from the migration files without importing Alembic
    (0.1 s saved at every start; tests/db/test_migrations.py checks it agrees with Alembic)."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = _module_assignments(path.read_text(encoding="utf-8"))
        if "revision" in values:
            down = values.get("down_revision")
            graph[values["revision"]] = tuple(down) if isinstance(down, (tuple, list)) else ((down,) if down else ())
    return graph


def script_heads() -> set[str]:
    graph = revision_graph()
    return set(graph) - {down for downs in graph.values() for down in downs}


def _known_revisions() -> set[str]:
    return set(revision_graph())


def _is_disk_full(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "disk is full" in text or "no space left" in text


def _precheck_sqlite_file(path: Path) -> None:
    reason = network_share_reason(path)
    if reason:
        raise NetworkShareError(reason)
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
        raise NotADatabaseError(f"文件 {path} 不是本软件的数据库（也可能已损坏），文件未被改动。" + RESTORE_HINT)
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
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise ReadOnlyDatabaseError(f"数据库文件 {path} 是只读的，无法保存任何修改。") from exc
        raise NotADatabaseError(f"无法打开数据库 {path}：{exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise NotADatabaseError(
            f"文件 {path} 不是有效的数据库（可能已损坏），文件未被改动。" + RESTORE_HINT
        ) from exc
    finally:
        conn.close()


def _check_integrity(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    result = integrity.verdict(path)  # begun at start-up on a second thread, if it was
    if result != "ok":
        raise CorruptDatabaseError(
            f"数据库 {path} 已损坏（完整性检查未通过：{result[:200]}），为防止扩大损坏，"
            "程序没有打开也没有改动它。" + RESTORE_HINT
        )


def backup_file_name(path: Path, reason: str, when: dt.datetime) -> str:
    return f"{path.stem}-{reason}-{when:%Y%m%d-%H%M%S}.sqlite3"


def backup_sqlite(path: Path, reason: str, target_dir: Path | None = None,
                  when: dt.datetime | None = None, target: Path | None = None) -> Path:
    """Copy a live SQLite file with the backup API, then check the copy with
    integrity_check; return the copy's path. A copy that fails is deleted and
    BackupFailedError raised: it never counts as a backup."""
    if target is None:
        target_dir = target_dir or backup_dir()
        target_dir.mkdir(parents=True, exist_ok=True)
        when = when or dt.datetime.now()
        target = target_dir / backup_file_name(path, reason, when)
        n = 1
        while target.exists():
            target = target_dir / f"{target.stem.rsplit('~', 1)[0]}~{n}.sqlite3"
            n += 1
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(str(path), timeout=10)
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            result = dst.execute("PRAGMA integrity_check").fetchall()
        finally:
            dst.close()
            src.close()
        if result != [("ok",)]:
            raise BackupFailedError(f"备份副本未通过完整性检查（{result[0][0]}），该副本已删除。")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        _remove(partial)
        if _is_disk_full(exc):
            raise BackupFailedError("磁盘空间不足，备份没有完成（原数据未受影响）。") from exc
        raise BackupFailedError(f"备份失败：{exc}") from exc
    except OSError as exc:
        _remove(partial)
        raise BackupFailedError(f"备份失败，无法写入 {target.parent}：{exc.strerror or exc}") from exc
    except BaseException:
        _remove(partial)
        raise
    return target


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + "-journal")):
        try:
            p.unlink()
        except OSError:
            pass


def current_revisions(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return set(conn.scalars(text("SELECT version_num FROM alembic_version")))


def _has_user_tables(db: Database) -> bool:
    names = set(inspect(db.engine).get_table_names())
    return bool(names - {"alembic_version"})


def migrate_to_heads(db: Database) -> None:
    """Bring an open database to the latest schema (a checked backup first, on SQLite)."""
    current = current_revisions(db)
    unknown = current - _known_revisions()
    if unknown:
        raise NewerDatabaseError(
            "该数据库由更新版本的软件创建（版本 " + "、".join(sorted(unknown)) + "），"
            "当前软件无法打开。请升级软件后再使用，文件未被改动。"
        )
    if current == script_heads():
        return
    path = db.path
    if path is not None and path.exists() and _has_user_tables(db):
        try:
            backup_sqlite(path, "before-migration", when=db.clock.now())
        except BackupFailedError as exc:
            raise DatabaseOpenError(f"升级数据库前的备份没有成功，为安全起见未做升级：{exc}") from exc
    from alembic import command

    with db.engine.begin() as conn:
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def open_database(url: str, clock: Clock | None = None, migrate: bool = True,
                  check: bool = True) -> Database:
    """Open (creating if needed) and migrate a database; raise DatabaseOpenError on faults."""
    path = sqlite_path(url)
    if path is not None:
        _precheck_sqlite_file(path)
        _probe_lock(path)
        if check:
            _check_integrity(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # e.g. a file stands where the folder should be
            raise DatabaseOpenError(f"无法在 {path.parent} 建立数据库：{exc.strerror or exc}。请换一个文件夹。") from exc
    db = Database(url, clock=clock)
    try:
        if migrate:
            migrate_to_heads(db)
        else:
            current_revisions(db)
    except DatabaseOpenError:
        db.close()
        raise
    except OperationalError as exc:
        db.close()
        text = str(exc.orig) if exc.orig else str(exc)
        if _is_disk_full(exc):
            raise DiskFullError("磁盘空间已满，无法打开或升级数据库（文件未被改动）。请清理磁盘后重试。") from exc
        if "locked" in text:
            raise LockedDatabaseError(f"数据库正被其他程序占用：{text}") from exc
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyDatabaseError(f"数据库是只读的，无法写入：{text}") from exc
        raise DatabaseOpenError(f"无法打开数据库：{text}") from exc
    except DatabaseError as exc:
        db.close()
        raise NotADatabaseError(f"无法打开数据库（文件可能已损坏）：{exc.orig or exc}。" + RESTORE_HINT) from exc
    except BaseException:
        db.close()
        raise
    return db


__all__ = ["open_database", "migrate_to_heads", "backup_sqlite", "quick_check", "DISK_FULL_MESSAGE"]
