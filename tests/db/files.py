"""Database files for the fault tests: made with the app, and their bytes' digest."""

from __future__ import annotations

import hashlib

from siibai_desktop.db.migrate import open_database
from siibai_desktop.db.paths import sqlite_url


def digest(path) -> str:
    """The file's SHA-256: equal digests mean not one byte was written."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database(path, residents: int = 0):
    """A migrated database file, with a generated roster when `residents` is given."""
    db = open_database(sqlite_url(path))
    if residents:
        from siibai_desktop.services.demo import generate_roster
        generate_roster(db, residents=residents, seed=3)
    db.close()
    return path
