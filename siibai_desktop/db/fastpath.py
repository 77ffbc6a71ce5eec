"""Bulk paths that skip SQLAlchemy's per-row processing (~1 µs a row): the roster's search
returns up to 100,000 ids per keystroke, and an import inserts 100,000 rows at once."""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Select, func, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import Date, DateTime, Integer, String


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def fetch_int_column(session: Session, stmt: Select) -> list[int]:
    """Run a one-column SELECT and return its values as a list."""
    connection = session.connection()
    dialect = connection.dialect
    compiled = stmt.compile(dialect=dialect)
    params = compiled.construct_params()
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        if dialect.name == "sqlite":
            cursor.execute(str(compiled), [_sqlite_value(params[k]) for k in compiled.positiontup])
        elif compiled.positiontup is not None:
            cursor.execute(str(compiled), [params[k] for k in compiled.positiontup])
        else:
            cursor.execute(str(compiled), params)
        return [row[0] for row in cursor.fetchall()]
    finally:
        cursor.close()


def fetch_rows(session: Session, compiled: SQLCompiler, params: dict | None = None) -> list[tuple]:
    """Run a SELECT compiled for the session's dialect and return its rows as the driver
    gives them: bind values go through SQLAlchemy's processors, results do not (on SQLite
    a date comes back as 'YYYY-MM-DD' text). Compile once and keep it: compiling a big
    statement costs more than running it."""
    state = compiled.construct_expanded_state(params)
    values = state.parameters
    # as SQLAlchemy's own execution does: the statement's processors, then those of the
    # values an IN list was expanded into (a date becomes 'YYYY-MM-DD' text on SQLite)
    processors = {**compiled._bind_processors, **state.processors}
    if state.positiontup is not None:
        args = [processors[k](values[k]) if k in processors else values[k] for k in state.positiontup]
    else:
        args = {k: processors[k](v) if k in processors else v for k, v in values.items()}
    cursor = session.connection().connection.dbapi_connection.cursor()
    try:
        cursor.execute(state.statement, args)
        return cursor.fetchall()
    finally:
        cursor.close()


def insert_many(session: Session, model, rows: list[dict]) -> list[int]:
    """Insert rows with one executemany; return their new ids in order.

    On SQLite the caller must hold the write lock (it is inside a write transaction), so the
    next ids are its to hand out: several times faster than RETURNING through the ORM.
    """
    if not rows:
        return []
    columns = list(rows[0])
    return insert_rows(session, model, columns, [[row.get(c) for c in columns] for row in rows])


def insert_rows(session: Session, model, columns: list[str], rows: list) -> list[int]:
    """insert_many for rows already laid out as sequences in `columns` order (no dict per row)."""
    if not rows:
        return []
    if session.get_bind().dialect.name != "sqlite":
        values = [dict(zip(columns, row)) for row in rows]
        return list(session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), values))
    first = (session.scalar(select(func.max(model.id))) or 0) + 1
    sql, lines = _sqlite_insert(model, columns)
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, lines(rows, first))
    finally:
        cursor.close()
    return list(range(first, first + len(rows)))


def _sqlite_insert(model, columns: list[str]):
    """The INSERT statement with an explicit id, and a function laying rows out for it."""
    table = model.__table__
    for name in columns:
        if not isinstance(table.c[name].type, (String, Integer, Date)) or isinstance(table.c[name].type, DateTime):
            raise TypeError(f"{table.name}.{name}: only text, integers and dates go through the fast path")
    sql = (f"INSERT INTO {table.name} (id, {', '.join(columns)}) "
           f"VALUES ({', '.join('?' * (len(columns) + 1))})")
    # Dates are stored as SQLAlchemy stores them on SQLite (YYYY-MM-DD).
    dates = [j + 1 for j, name in enumerate(columns) if isinstance(table.c[name].type, Date)]

    def lines(rows, first: int):
        for i, row in enumerate(rows, start=first):
            line = [i, *row]
            for j in dates:
                if line[j] is not None:
                    line[j] = line[j].isoformat()
            yield line

    return sql, lines


@contextmanager
def background_inserts(session: Session, model, columns: list[str]) -> Iterator[Callable[[list], list[int]]]:
    """Yield `add(rows) -> ids`: the ids come back at once and the rows are written on a
    second thread while the caller prepares the next ones (sqlite3 lets go of the GIL
    while SQLite works, so both cores are busy). The caller must not use the session until
    the block ends; the block ends when everything is written, and a failure on the writing
    thread is raised there. SQLite only (elsewhere `add` writes at once), inside the
    caller's write transaction, which makes the ids its own."""
    if session.get_bind().dialect.name != "sqlite":
        yield lambda rows: insert_rows(session, model, columns, rows)
        return
    next_id = (session.scalar(select(func.max(model.id))) or 0) + 1
    sql, lines = _sqlite_insert(model, columns)
    cursor = session.connection().connection.driver_connection.cursor()
    batches: queue.Queue = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def write() -> None:
        while (batch := batches.get()) is not None:
            if not failed:
                try:
                    cursor.executemany(sql, batch)
                except BaseException as exc:  # handed to the caller's thread
                    failed.append(exc)

    def add(rows: list) -> list[int]:
        nonlocal next_id
        if failed:
            raise failed[0]
        first, next_id = next_id, next_id + len(rows)
        batches.put(list(lines(rows, first)))
        return list(range(first, next_id))

    writer = threading.Thread(target=write, name="bulk-insert", daemon=True)
    writer.start()
    try:
        yield add
    finally:
        batches.put(None)
        writer.join()
        cursor.close()
    if failed:
        raise failed[0]


@contextmanager
def indexes_rebuilt_after(session: Session, model, rows_coming: int) -> Iterator[None]:
    """For a bulk load into a table that is small next to what comes: drop its secondary
    indexes, let the rows in, build the indexes again once (a sorted build instead of a
    B-tree insert per row per index, about half the time). SQLite only, inside the caller's
    transaction: a failure or a rollback brings the indexes back as they were. Unique
    constraints stay in place, so duplicates are still refused row by row."""
    table = model.__table__.name
    # Python's sqlite3 opens a transaction only at the first INSERT/UPDATE/DELETE; a DROP
    # before that would be committed on its own. Without a write already made, no rebuild.
    if session.get_bind().dialect.name != "sqlite" or rows_coming < 5000 or (
            not session.connection().connection.driver_connection.in_transaction) or (
            session.scalar(select(func.count()).select_from(model)) or 0) * 2 > rows_coming:
        yield
        return
    indexes = session.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"
    ), {"t": table}).all()
    for name, _sql in indexes:
        session.execute(text(f'DROP INDEX "{name}"'))
    yield
    for _name, sql in indexes:
        session.execute(text(sql))


def sync_id_sequence(session: Session, model) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequence past them
    (SQLite needs nothing: it always takes max(id) + 1)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    table = model.__table__.name
    session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"))
