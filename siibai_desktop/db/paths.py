"""Where data lives by default (platformdirs), and how a database is chosen."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

ENV_URL = "SIIBAI_DATABASE_URL"
ENV_HOME = "SIIBAI_HOME"  # tests and portable installs point the data folder elsewhere

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
    return f"sqlite:///{Path(path).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, None for other databases or in-memory."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    if not rest or rest == ":memory:":
        return None
    return Path(rest.split("?", 1)[0])
