"""The first thing start-up does, before the slow imports: begin the integrity check of the
database it is about to open, on a second thread (db/integrity.py).

Standard library and platformdirs only: no SQLAlchemy, no Qt, so that the check runs while
they load (0.4 s) instead of after them.
"""

from __future__ import annotations

from ..db.integrity import start_early_check
from ..db.paths import default_database_path, resolve_url, sqlite_path

__all__ = ["begin_database_check", "default_database_path"]


def begin_database_check(db: str | None = None, demo: bool = False) -> bool:
    """Start checking the database that `open_app_database(db, demo)` will open; True if
    a check was begun. Opening it waits for the check and refuses a damaged file as always;
    nothing is written before that."""
    try:
        path = sqlite_path(resolve_url(db, demo=demo))
    except Exception:  # whatever is wrong with the choice, opening it says so in Chinese
        return False
    return path is not None and start_early_check(path)
