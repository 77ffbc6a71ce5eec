"""The bulk paths an import uses: rows written on a second thread, indexes rebuilt after."""

import sqlite3

import pytest
from sqlalchemy import func, select, text

from siibai_desktop.db import fastpath
from siibai_desktop.db.models import Building, Compound

pytestmark = pytest.mark.sqlite_only


def _rows(n, start=0):
    return [[f"小区{i}", "", 1] for i in range(start, start + n)]


def test_rows_written_on_the_second_thread_arrive_in_order_with_their_ids(db):
    with db.transaction() as s:
        with fastpath.background_inserts(s, Compound, ["name", "note", "version"]) as add:
            first = add(_rows(3000))
            second = add(_rows(3000, 3000))
        assert second[0] == first[-1] + 1
    with db.reading() as s:
        names = dict(s.execute(select(Compound.id, Compound.name)).all())
    assert len(names) == 6000 and names[first[0]] == "小区0" and names[second[-1]] == "小区5999"


def test_a_failure_on_the_writing_thread_reaches_the_caller_and_nothing_is_kept(db, monkeypatch):
    real = fastpath._sqlite_insert

    def broken(model, columns):
        sql, lines = real(model, columns)
        return sql.replace("INSERT INTO compounds", "INSERT INTO no_such_table"), lines

    monkeypatch.setattr(fastpath, "_sqlite_insert", broken)
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        with db.transaction() as s:
            with fastpath.background_inserts(s, Compound, ["name", "note", "version"]) as add:
                add(_rows(10))
                add(_rows(10, 10))
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Compound)) == 0


def test_indexes_dropped_for_a_load_come_back_even_when_it_fails(db):
    def indexes():
        with db.reading() as s:
            return s.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                  "AND tbl_name = 'buildings' AND sql IS NOT NULL ORDER BY name")).all()

    def load(s):
        compound = fastpath.insert_rows(s, Compound, ["name", "note", "version"], _rows(1))[0]
        with fastpath.indexes_rebuilt_after(s, Building, 10_000):  # the write above opened the transaction
            rows = [[compound, "武夷路", str(i // 100), str(i % 100), 1] for i in range(10_000)]
            fastpath.insert_rows(s, Building, ["compound_id", "road", "lane", "number", "version"], rows)
            yield s.scalar(text("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                "AND tbl_name = 'buildings' AND sql IS NOT NULL"))

    before = indexes()
    assert [name for name, _sql in before] == ["ix_buildings_compound_id", "ix_buildings_grid_id"]
    with pytest.raises(RuntimeError):
        with db.transaction() as s:
            for left in load(s):
                assert left == 0  # dropped during the load
                raise RuntimeError("power cut")
    assert indexes() == before
    with db.transaction() as s:
        assert list(load(s)) == [0]
    assert indexes() == before
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Building)) == 10_000
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
