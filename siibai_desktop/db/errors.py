"""Database faults, each with the Chinese message the user reads (`str(e)`).

DatabaseFault is the base: the GUI and the command line show its message as is.
Open-time faults leave the file untouched; write-time faults roll the change back.
"""

from __future__ import annotations


class DatabaseFault(Exception):
    """A fault of the database or its storage; `str(e)` is a Chinese message for the user."""

    offer_restore: bool = False  # a backup could help (corrupt, not a database)


class DatabaseOpenError(DatabaseFault):
    """The database cannot be opened."""


class NewerDatabaseError(DatabaseOpenError):
    pass


class LockedDatabaseError(DatabaseOpenError):
    pass


class NotADatabaseError(DatabaseOpenError):
    offer_restore = True


class CorruptDatabaseError(DatabaseOpenError):
    offer_restore = True


class ReadOnlyDatabaseError(DatabaseOpenError):
    pass


class NetworkShareError(DatabaseOpenError):
    pass


class DiskFullError(DatabaseOpenError):
    """No room left on the disk (or the database's size limit); nothing was saved."""


class InputTooLongError(DatabaseFault):
    """Text longer than its column (PostgreSQL checks widths; SQLite does not)."""


class DatabaseBusyError(DatabaseFault):
    """Another program held the database too long while saving; nothing was saved."""


DISK_FULL_MESSAGE = "磁盘空间已满，本次修改没有保存（数据保持原样）。请清理磁盘空间后重试。"
BUSY_MESSAGE = "数据库正被其他程序占用，本次修改没有保存。请稍后重试。"
TOO_LONG_MESSAGE = "输入的内容过长，超出了该栏的长度，本次修改没有保存。请缩短后重试。"
READONLY_MESSAGE = "数据库是只读的，本次修改没有保存。请检查文件权限。"


def classify_write_error(text: str) -> DatabaseFault | None:
    """The user-facing fault for a SQLite/PostgreSQL error text, or None for bugs."""
    low = text.lower()
    if "database or disk is full" in low or "no space left" in low or "disk full" in low:
        return DiskFullError(DISK_FULL_MESSAGE)
    if "database is locked" in low or "database is busy" in low:
        return DatabaseBusyError(BUSY_MESSAGE)
    if "readonly database" in low or "read-only" in low:
        return ReadOnlyDatabaseError(READONLY_MESSAGE)
    if "value too long" in low:
        return InputTooLongError(TOO_LONG_MESSAGE)
    return None


class BackupFailedError(DatabaseFault):
    """A backup copy could not be made or failed its integrity check; it does not count."""
