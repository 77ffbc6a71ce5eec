"""Faults in opening a database, each with the Chinese message the user reads."""

from __future__ import annotations


class DatabaseOpenError(Exception):
    """The database cannot be opened; `str(e)` is a Chinese message for the user."""


class NewerDatabaseError(DatabaseOpenError):
    pass


class LockedDatabaseError(DatabaseOpenError):
    pass


class NotADatabaseError(DatabaseOpenError):
    pass


class ReadOnlyDatabaseError(DatabaseOpenError):
    pass
