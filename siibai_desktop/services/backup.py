"""Backups and restore of the SQLite database.

Copies are made with SQLite's backup API into data_dir()/backups and each is checked
with `integrity_check` before it counts. Automatic copies (on exit, daily, before a
migration) are rotated: the newest of each of the last 7 days, 4 weeks and 12 months
stay. Manual copies and the copy made before a restore are never rotated away.
On PostgreSQL the server is backed up with pg_dump (resources/postgresql.md).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..db.engine import Database
from ..db.errors import BackupFailedError
from ..db.migrate import SQLITE_HEADER, _known_revisions, backup_sqlite, migrate_to_heads
from ..db.paths import backup_dir
from ..domain.retention import backups_to_keep
from ..domain.roles import Permission
from .audit import record
from .errors import UserError
from .policy import SessionUser, require

ROTATED_REASONS = frozenset({"auto", "exit", "daily", "before-migration"})
REASON_LABELS = {"auto": "自动", "exit": "退出时", "daily": "每日", "before-migration": "升级前",
                 "manual": "手动", "before-restore": "恢复前", "broken": "损坏的原文件"}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<reason>before-migration|before-restore|manual|auto|exit|daily|broken)"
                   r"-(?P<stamp>\d{8}-\d{6})(?:~\d+)?\.sqlite3$")
DAILY_INTERVAL = dt.timedelta(hours=24)


class BackupError(UserError):
    pass


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: dt.datetime
    size: int
    reason: str

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def size_label(self) -> str:
        size = float(self.size)
        for unit in ("B", "KB", "MB", "GB"):
            if size < 1024 or unit == "GB":
                return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
            size /= 1024
        return f"{size:.1f} GB"


def backup_folder() -> Path:
    """Where automatic and manual backups go (data_dir()/backups)."""
    return backup_dir()


def _sqlite_path(db: Database) -> Path:
    if db.path is None:
        raise BackupError("PostgreSQL 模式的数据由服务器备份（pg_dump），请联系管理员；见 resources/postgresql.md。")
    return db.path


def _info(path: Path, stem: str | None = None) -> BackupInfo | None:
    m = _NAME.match(path.name)
    if not m or (stem is not None and m["stem"] != stem):
        return None
    try:
        when = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupInfo(path, when, size, m["reason"])


def list_backups(db: Database, folder: Path | None = None) -> list[BackupInfo]:
    """Backups of this database in the backup folder, newest first."""
    stem = _sqlite_path(db).stem
    folder = folder or backup_dir()
    found = [_info(p, stem) for p in folder.glob("*.sqlite3")] if folder.exists() else []
    return sorted((b for b in found if b), key=lambda b: (b.created_at, b.path.name), reverse=True)


def make_backup(db: Database, reason: str = "manual", to: Path | None = None,
                user: SessionUser | None = None) -> BackupInfo:
    """Copy the database now (checked with integrity_check); automatic copies are rotated."""
    if user is not None:
        require(user, Permission.BACKUP)
    path = _sqlite_path(db)
    now = db.clock.now()
    try:
        target = backup_sqlite(path, reason, when=now, target=Path(to) if to else None)
    except BackupFailedError as exc:
        raise BackupError(str(exc)) from exc
    record(db, "backup", target.name, {"reason": REASON_LABELS.get(reason, reason), "size": target.stat().st_size},
           actor=user.username if user else None)
    if to is None and reason in ROTATED_REASONS:
        rotate(db)
    return BackupInfo(target, now, target.stat().st_size, reason)


def rotate(db: Database, folder: Path | None = None) -> list[Path]:
    """Delete automatic backups beyond 7 daily, 4 weekly, 12 monthly; return what went."""
    auto = [b for b in list_backups(db, folder) if b.reason in ROTATED_REASONS]
    keep = backups_to_keep(b.created_at for b in auto)
    removed = []
    for b in auto:
        if b.created_at not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def backup_if_due(db: Database, reason: str = "daily") -> BackupInfo | None:
    """An automatic copy when the newest backup is a day old (or there is none)."""
    if db.path is None:
        return None
    backups = list_backups(db)
    if backups and db.clock.now() - backups[0].created_at < DAILY_INTERVAL:
        return None
    return make_backup(db, reason)


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not a sound backup of this app's database."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}")
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
            raise BackupError(f"{path.name} 不是本软件的备份文件。")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise BackupError(f"备份文件 {path.name} 已损坏（完整性检查未通过），不能用来恢复。")
        try:
            revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
            conn.execute("SELECT count(*) FROM residents").fetchone()
        except sqlite3.DatabaseError:
            raise BackupError(f"{path.name} 不是本软件的数据库备份。") from None
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"备份文件 {path.name} 无法读取：{exc}") from None
    finally:
        conn.close()
    if revisions - _known_revisions():
        raise BackupError(f"{path.name} 来自更新版本的软件，请先升级软件。")


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    safety_copy: Path


def restore_backup(db: Database, path: Path, user: SessionUser | None = None) -> RestoreResult:
    """Replace the database's content with a backup. The current state is backed up first;
    afterwards the schema is brought up to date. Close other windows using it first."""
    if user is not None:
        require(user, Permission.RESTORE)
    live = _sqlite_path(db)
    path = Path(path)
    check_backup_file(path)
    safety = make_backup(db, "before-restore", user=None)
    db.engine.dispose()
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(str(live), timeout=10)
    try:
        src.backup(dst)
    except sqlite3.OperationalError as exc:
        raise BackupError(f"恢复失败（数据库正被占用或磁盘已满），原数据未变：{exc}") from exc
    finally:
        dst.close()
        src.close()
        db.engine.dispose()
    migrate_to_heads(db)
    record(db, "restore", path.name, {"safety_copy": safety.path.name},
           actor=user.username if user else None)
    return RestoreResult(path, safety.path)


def restore_over_broken(url_path: Path, backup: Path) -> RestoreResult:
    """Put a backup in place of a database file that cannot be opened (corrupt, not a
    database). The broken file is kept aside in the backup folder, never deleted."""
    import shutil

    live, backup = Path(url_path), Path(backup)
    check_backup_file(backup)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = backup_dir() / f"{live.stem}-broken-{stamp}.sqlite3"
    if live.exists():
        shutil.move(str(live), aside)
        for suffix in ("-wal", "-shm", "-journal"):
            extra = Path(str(live) + suffix)
            if extra.exists():
                shutil.move(str(extra), str(aside) + suffix)
    shutil.copyfile(backup, live)
    return RestoreResult(backup, aside)
