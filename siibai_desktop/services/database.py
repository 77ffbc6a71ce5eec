"""Opening the app's database for the GUI and the command line."""

from __future__ import annotations

from ..db.engine import Database
from ..db.errors import DatabaseFault, DatabaseOpenError
from ..db.migrate import open_database
from ..db.paths import default_database_path, resolve_url, sqlite_path
from ..domain.clock import Clock

__all__ = ["Database", "DatabaseFault", "DatabaseOpenError", "open_app_database", "default_database_path",
           "resolve_url", "sqlite_path"]


def open_app_database(db: str | None = None, demo: bool = False, clock: Clock | None = None) -> Database:
    """Open the chosen database (path, URL, env or default), migrated to the latest schema.

    Raises DatabaseOpenError with a Chinese message when the file cannot be used.
    """
    return open_database(resolve_url(db, demo=demo), clock=clock)
