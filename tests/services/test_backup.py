"""Backups: checked copies, rotation 7/4/12, restore gives the same data (SQLite only:
on PostgreSQL the server is backed up with pg_dump)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from siibai_desktop.db.migrate import backup_file_name
from siibai_desktop.domain.retention import backups_to_keep
from siibai_desktop.services import accounts
from siibai_desktop.services.audit import AuditFilter, list_entries, verify_audit
from siibai_desktop.services.backup import (
    BackupError, backup_if_due, list_backups, make_backup, restore_backup, rotate,
)
from siibai_desktop.services.households import add_household
from siibai_desktop.services.search import ResidentQuery, search_residents
from siibai_desktop.services.types import HouseholdInput


def _roster(db):
    return [(r.id, r.name, r.id_number, r.address) for r in search_residents(db, ResidentQuery(), limit=10000, full_id=True)]


def test_backups_to_keep_is_seven_daily_four_weekly_twelve_monthly():
    start = dt.datetime(2025, 1, 1, 18, 0)
    moments = [start + dt.timedelta(days=d, hours=h) for d in range(400) for h in (0, 3)]
    keep = backups_to_keep(moments)
    newest = max(moments)
    assert newest in keep
    days = {m.date() for m in keep}
    assert all((newest - dt.timedelta(days=d)).date() in days for d in range(7))
    assert len({(m.year, m.month) for m in keep}) == 12
    assert len(keep) <= 7 + 4 + 12
    # Only the newest copy of a kept day stays.
    assert all(m.hour == 21 for m in keep)


@pytest.mark.sqlite_only
def test_backup_is_checked_and_listed_with_date_and_size(demo_db, clock):
    info = make_backup(demo_db, "manual")
    assert info.path.exists() and info.size > 0
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 400
    conn.close()
    listed = list_backups(demo_db)
    assert listed[0].path == info.path and listed[0].created_at == clock.now()
    assert listed[0].reason_label == "手动" and listed[0].size_label.endswith("KB")


@pytest.mark.sqlite_only
def test_backup_then_restore_gives_the_same_data(demo_db, tmp_path):
    before = _roster(demo_db)
    copy = make_backup(demo_db, "manual", to=tmp_path / "copy.sqlite3")
    add_household(demo_db, HouseholdInput(compound="新小区", building="1"))
    with demo_db.transaction() as session:
        from siibai_desktop.db.models import Resident
        session.get(Resident, before[0][0]).name = "改过的名字"
    assert _roster(demo_db) != before
    result = restore_backup(demo_db, copy.path)
    assert _roster(demo_db) == before
    assert result.safety_copy.exists()  # the state before the restore was kept
    conn = sqlite3.connect(result.safety_copy)
    assert conn.execute("SELECT count(*) FROM residents WHERE name = '改过的名字'").fetchone()[0] == 1
    conn.close()
    assert verify_audit(demo_db).ok


@pytest.mark.sqlite_only
def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError, match="不是本软件的备份"):
        restore_backup(db, bad)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(BackupError, match="不是本软件的数据库备份"):
        restore_backup(db, other)


@pytest.mark.sqlite_only
def test_rotation_keeps_automatic_copies_by_day_week_month_and_never_manual_ones(db, clock):
    folder = list_backups.__globals__["backup_dir"]()
    stem = db.path.stem
    start = dt.datetime(2026, 1, 1, 12, 0)
    for d in range(300):
        (folder / backup_file_name(db.path, "exit", start + dt.timedelta(days=d))).write_bytes(b"x")
    (folder / backup_file_name(db.path, "manual", start)).write_bytes(b"x")
    (folder / f"{stem}-before-restore-20250101-120000.sqlite3").write_bytes(b"x")
    removed = rotate(db)
    left = list_backups(db)
    auto = [b for b in left if b.reason == "exit"]
    assert removed and len(auto) <= 23
    assert {b.reason for b in left} == {"exit", "manual", "before-restore"}


@pytest.mark.sqlite_only
def test_daily_backup_runs_once_a_day(db, clock):
    assert backup_if_due(db) is not None
    assert backup_if_due(db) is None
    clock.advance(days=1)
    assert backup_if_due(db) is not None
    assert len(list_backups(db)) == 2


@pytest.mark.sqlite_only
def test_backups_are_audited(db):
    admin = accounts.first_run_setup(db, "居委会", "boss", "", "secret123")
    make_backup(db, "manual", user=admin)
    assert list_entries(db, admin, AuditFilter(action="backup"))


def test_postgresql_mode_says_how_it_is_backed_up(db):
    if db.is_sqlite:
        pytest.skip("PostgreSQL only")
    with pytest.raises(BackupError, match="pg_dump"):
        make_backup(db)
