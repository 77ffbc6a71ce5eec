"""Where data lives by default (platformdirs), how a database is chosen, and whether a
path is on a network share (where SQLite's file locking cannot be trusted)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

ENV_URL = "SIIBAI_DATABASE_URL"
ENV_HOME = "SIIBAI_HOME"  # tests and portable installs point the data folder elsewhere

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
    "glusterfs", "fuse.sshfs", "fuse.glusterfs", "fuse.s3fs", "fuse.rclone", "davfs", "fuse.davfs2",
})
DRIVE_REMOTE = 4  # GetDriveTypeW

_dirs = PlatformDirs("siibai_desktop", "siibai", roaming=False)


def data_dir() -> Path:
    base = os.environ.get(ENV_HOME)
    path = Path(base) if base else Path(_dirs.user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path(demo: bool = False) -> Path:
    return data_dir() / ("demo.sqlite3" if demo else "siibai.sqlite3")


def resolve_url(db: str | None = None, demo: bool = False) -> str:
    """--db (path or URL) wins, then SIIBAI_DATABASE_URL, then the default file."""
    if db:
        return db if "://" in db else sqlite_url(Path(db))
    if not demo and os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    return sqlite_url(default_database_path(demo))


def sqlite_url(path: Path) -> str:
    text = str(path)
    if is_unc(text):  # resolve() would mangle \\server\share on other systems
        return f"sqlite:///{text}"
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, None for other databases or in-memory."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest == ":memory:":
        return None
    return Path(rest.split("?", 1)[0])


def is_unc(text: str) -> bool:
    """\\\\server\\share\\… or //server/share/… (but not \\\\?\\C:\\ long local paths)."""
    t = text.replace("/", "\\")
    if t.startswith("\\\\?\\") or t.startswith("\\\\.\\"):
        return t[4:].upper().startswith("UNC\\")
    return t.startswith("\\\\") and len(t) > 2 and t[2] != "\\"


def _windows_drive_is_remote(text: str) -> bool:
    if len(text) < 2 or text[1] != ":":
        return False
    try:
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(f"{text[0]}:\\") == DRIVE_REMOTE  # type: ignore[attr-defined]
    except Exception:
        return False


def mount_fstype(path: Path, mounts_file: str = "/proc/mounts") -> str | None:
    """The filesystem type of the mount holding `path` (Linux), or None if unknown."""
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    target = str(path)
    best, best_type = "", None
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount = parts[1].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/") or mount == "/"
        if inside and len(mount) >= len(best):
            best, best_type = mount, parts[2]
    return best_type


def network_share_reason(path: Path, mounts_file: str = "/proc/mounts",
                         platform: str | None = None) -> str | None:
    """A Chinese explanation when `path` is on a network share, else None."""
    text = str(path)
    platform = platform or sys.platform
    where = None
    if is_unc(text):
        where = "网络共享文件夹（UNC 路径）"
    elif platform.startswith("win") and _windows_drive_is_remote(text):
        where = f"映射的网络驱动器 {text[:2]}"
    elif platform.startswith("linux"):
        probe = Path(text)
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        fstype = mount_fstype(probe.resolve() if probe.exists() else probe, mounts_file)
        if fstype and fstype.lower() in NETWORK_FILESYSTEMS:
            where = f"网络文件系统（{fstype}）"
    if where is None:
        return None
    return (
        f"数据库文件 {text} 位于{where}上，不能直接打开：SQLite 的文件锁在网络上不可靠，"
        "多台电脑同时使用会损坏数据。请把数据库放在本机硬盘上；多台电脑共用数据请使用"
        "PostgreSQL 服务器模式（设置 SIIBAI_DATABASE_URL，见 resources/postgresql.md）。文件未被改动。"
    )
