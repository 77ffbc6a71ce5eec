import sqlite3

import pytest
from sqlalchemy import inspect

from siibai_desktop.db.base import Base
from siibai_desktop.db.errors import NewerDatabaseError, NotADatabaseError
from siibai_desktop.db.migrate import current_revisions, open_database, script_heads
from siibai_desktop.db.paths import sqlite_url


def test_empty_file_is_migrated_to_every_head_with_all_model_tables(tmp_path):
    db = open_database(sqlite_url(tmp_path / "new.sqlite3"))
    try:
        assert current_revisions(db) == script_heads()
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        db.close()


def test_migrations_match_the_models(tmp_path):
    """Autogenerate against a migrated database finds nothing to add: models and migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = open_database(sqlite_url(tmp_path / "cmp.sqlite3"))
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
        assert diff == []
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_sqlite_pragmas_are_set_on_every_connection(db):
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_system_tags_are_shipped(db):
    from siibai_desktop.services.tags import list_tags

    names = {t.name for t in list_tags(db)}
    assert {"高龄独居", "低保", "残疾", "大病重病", "困难家庭", "党员", "楼组长", "志愿者"} <= names


def test_reopening_a_current_database_makes_no_backup(tmp_path, db_path, clock):
    first = open_database(sqlite_url(db_path), clock=clock)
    first.close()
    second = open_database(sqlite_url(db_path), clock=clock)
    second.close()
    backups = tmp_path / "home" / "backups"
    assert not backups.exists() or not list(backups.iterdir())


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "roster.sqlite3"
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a database" * 10)
    before = path.read_bytes()
    with pytest.raises(NotADatabaseError, match="不是"):
        open_database(sqlite_url(path))
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.sqlite3"
    db = open_database(sqlite_url(path))
    db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM alembic_version")
        conn.execute("INSERT INTO alembic_version VALUES ('9999_future')")
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="更新版本"):
        open_database(sqlite_url(path))
    assert path.read_bytes() == before


def test_fast_revision_reading_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    from siibai_desktop.db.migrate import alembic_config, revision_graph

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script_heads() == set(script.get_heads())
    assert set(revision_graph()) == {rev.revision for rev in script.walk_revisions()}


@pytest.mark.sqlite_only
def test_a_database_path_under_a_file_is_refused_in_chinese(tmp_path):
    from siibai_desktop.db.errors import DatabaseOpenError

    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseOpenError, match="无法在"):
        open_database(sqlite_url(blocker / "roster.sqlite3"))
    assert blocker.read_text() == "x"
