"""Errors a user can cause. Each carries a Chinese message; nothing was saved."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; `str(e)` is the Chinese message to show."""


class ValidationFailed(UserError):
    """Form input with problems; `errors` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class NotFound(UserError):
    pass


class ConflictError(UserError):
    """Another user saved the same record first (optimistic lock)."""

    def __init__(self, message: str, changes: dict[str, tuple[object, object]] | None = None):
        super().__init__(message)
        self.changes = changes or {}
