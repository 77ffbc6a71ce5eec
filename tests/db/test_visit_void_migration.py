"""Migration 0002c (voiding visits) on a database that already holds visits: upgrading
from the previous visits head keeps every visit in force, and the downgrade keeps them."""

import datetime as dt
import sqlite3

import pytest
from alembic import command
from sqlalchemy import inspect

from siibai_desktop.db.migrate import alembic_config, current_revisions, open_database, script_heads
from siibai_desktop.db.paths import sqlite_url
from siibai_desktop.services.due import due_list
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.visit_edits import void_visit
from siibai_desktop.services.visits import household_visits
from tests.visit_builders import household, years_before

TODAY = dt.date(2026, 11, 21)
REVISION = "0002c_visit_voids"
PREVIOUS = "0002b_visit_walk_index"


def _to(db, target: str, upgrade: bool) -> None:
    with db.engine.begin() as conn:
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = conn
        (command.upgrade if upgrade else command.downgrade)(cfg, target)


def _old_database_with_visits(path, clock):
    """A database at the previous visits head, a household and two visits entered then."""
    db = open_database(sqlite_url(path), clock=clock)
    _to(db, f"{REVISION}-1", upgrade=False)
    assert PREVIOUS in current_revisions(db) and REVISION not in current_revisions(db)
    hid, _ = household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None)])
    staff = add_staff(db, "陈静")
    db.close()
    with sqlite3.connect(path) as conn:  # the visits table as the previous version had it
        for vid, day, mode in ((1, TODAY - dt.timedelta(days=40), "home"), (2, TODAY - dt.timedelta(days=3), "home")):
            conn.execute("INSERT INTO visits (id, household_id, visit_date, mode, met_whom, must_do, must_know,"
                         " observations, notes, next_step, created_by, version) VALUES (?,?,?,?,'','','','','',"
                         "'','陈静',1)", (vid, hid, day.isoformat(), mode))
            conn.execute("INSERT INTO visit_staff (visit_id, staff_id) VALUES (?, ?)", (vid, staff))
    return hid


@pytest.mark.sqlite_only
def test_upgrading_a_database_with_visits_keeps_them_in_force(tmp_path, clock):
    path = tmp_path / "old.sqlite3"
    hid = _old_database_with_visits(path, clock)
    db = open_database(sqlite_url(path), clock=clock)  # what the app does at start: upgrade to heads
    try:
        assert current_revisions(db) == script_heads() and REVISION in script_heads()
        visits = household_visits(db, hid)
        assert [(v.id, v.voided, v.staff_text) for v in visits] == [(2, False, "陈静"), (1, False, "陈静")]
        (line,) = due_list(db, include_not_due=True)
        assert line.state == "done" and line.last_visit_date == TODAY - dt.timedelta(days=3)
        indexes = {ix["name"]: ix["column_names"] for ix in inspect(db.engine).get_indexes("visits")}
        assert indexes["ix_visits_household_date_mode_void"] == ["household_id", "visit_date", "mode", "voided_at"]
        assert "ix_visits_household_date_mode" not in indexes
        void_visit(db, 2, "重复登记", visits[0].version)
        (line,) = due_list(db, include_not_due=True)
        assert line.last_visit_date == TODAY - dt.timedelta(days=40)  # the visit before it is the last again
        assert line.state == "overdue"
    finally:
        db.close()
    backups = list((tmp_path / "home" / "backups").glob("*before-migration*"))
    assert backups, "a checked backup is taken before the upgrade"


@pytest.mark.sqlite_only
def test_downgrading_keeps_the_visits_and_their_staff(tmp_path, clock):
    path = tmp_path / "old.sqlite3"
    hid = _old_database_with_visits(path, clock)
    db = open_database(sqlite_url(path), clock=clock)
    try:
        _to(db, f"{REVISION}-1", upgrade=False)
        assert "voided_at" not in {c["name"] for c in inspect(db.engine).get_columns("visits")}
    finally:
        db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM visits WHERE household_id = ?", (hid,)).fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM visit_staff").fetchone() == (2,)
