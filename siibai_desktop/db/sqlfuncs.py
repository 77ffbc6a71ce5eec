"""A few SQL functions spelled differently by SQLite and PostgreSQL.

Queries use these instead of dialect strings so they run on both.
"""

from __future__ import annotations

from sqlalchemy import Date, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class add_years(FunctionElement):
    """date + N whole years (SQLite date(x, '+N years'); PostgreSQL x + make_interval)."""

    type = Date()
    inherit_cache = True
    name = "add_years"


@compiles(add_years, "sqlite")
def _add_years_sqlite(element, compiler, **kw):
    col, years = list(element.clauses)
    return f"date({compiler.process(col, **kw)}, '+' || {compiler.process(years, **kw)} || ' years')"


@compiles(add_years)
def _add_years_pg(element, compiler, **kw):
    col, years = list(element.clauses)
    return f"CAST(({compiler.process(col, **kw)} + make_interval(years => {compiler.process(years, **kw)})) AS DATE)"


class group_concat(FunctionElement):
    """Values of a group joined by a separator (SQLite group_concat; PostgreSQL string_agg)."""

    type = String()
    inherit_cache = True
    name = "group_concat"


@compiles(group_concat, "sqlite")
def _group_concat_sqlite(element, compiler, **kw):
    col, sep = list(element.clauses)
    return f"group_concat({compiler.process(col, **kw)}, {compiler.process(sep, **kw)})"


@compiles(group_concat)
def _group_concat_pg(element, compiler, **kw):
    col, sep = list(element.clauses)
    return f"string_agg(CAST({compiler.process(col, **kw)} AS TEXT), {compiler.process(sep, **kw)})"


class greatest(FunctionElement):
    """The larger of two values, NULL if either is NULL on SQLite (max(a, b));
    PostgreSQL GREATEST ignores NULLs, so callers pass non-NULL values."""

    inherit_cache = True
    name = "greatest"


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return "max(" + ", ".join(compiler.process(c, **kw) for c in element.clauses) + ")"


@compiles(greatest)
def _greatest_pg(element, compiler, **kw):
    return "GREATEST(" + ", ".join(compiler.process(c, **kw) for c in element.clauses) + ")"


class iso_date(FunctionElement):
    """A date as 'YYYY-MM-DD' text whatever the server's DateStyle (SQLite keeps dates as that text)."""

    type = String()
    inherit_cache = True
    name = "iso_date"


@compiles(iso_date, "sqlite")
def _iso_date_sqlite(element, compiler, **kw):
    (col,) = list(element.clauses)
    return compiler.process(col, **kw)


@compiles(iso_date)
def _iso_date_pg(element, compiler, **kw):
    (col,) = list(element.clauses)
    return f"to_char({compiler.process(col, **kw)}, 'YYYY-MM-DD')"
