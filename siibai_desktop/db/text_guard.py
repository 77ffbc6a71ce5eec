"""No NUL character reaches the database.

PostgreSQL refuses NUL in text outright (the save would fail with a driver error) and on
SQLite it silently cuts strings in other programs; nothing an office types needs it. Every
ORM flush drops it from text attributes; bulk paths strip it where they read cells.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker


def _strip_nul(session: Session, _flush_context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            value = state.dict.get(attr.key)
            if isinstance(value, str) and "\x00" in value:
                setattr(obj, attr.key, value.replace("\x00", ""))


def install(sessions: sessionmaker) -> None:
    if not event.contains(sessions, "before_flush", _strip_nul):
        event.listen(sessions, "before_flush", _strip_nul)
