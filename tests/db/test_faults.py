"""Start-up and write faults: each a clear Chinese message, the file never written."""

from __future__ import annotations

import os
import sqlite3

import pytest
from sqlalchemy import event, func, select

from siibai_desktop.db import migrate as migrate_module
from siibai_desktop.db import paths
from siibai_desktop.db.errors import (
    CorruptDatabaseError, DiskFullError, LockedDatabaseError, NetworkShareError, NotADatabaseError,
    ReadOnlyDatabaseError, classify_write_error,
)
from siibai_desktop.db.migrate import open_database
from siibai_desktop.db.models import Resident
from siibai_desktop.db.paths import network_share_reason, sqlite_url

from tests.db.files import digest as _digest, make_database as _make

pytestmark = pytest.mark.sqlite_only


@pytest.mark.parametrize("where", [r"\\server\share\居委会\siibai.sqlite3", "//nas/office/siibai.sqlite3"])
def test_unc_path_is_refused_with_the_reason(where):
    with pytest.raises(NetworkShareError, match="SQLite 的文件锁在网络上不可靠.*PostgreSQL"):
        open_database(f"sqlite:///{where}")


def test_windows_mapped_network_drive_is_refused(monkeypatch):
    monkeypatch.setattr(paths, "_windows_drive_is_remote", lambda text: text.upper().startswith("Z:"))
    assert "映射的网络驱动器 Z:" in network_share_reason(paths.Path(r"Z:\data\siibai.sqlite3"), platform="win32")
    assert network_share_reason(paths.Path(r"C:\data\siibai.sqlite3"), platform="win32") is None


@pytest.mark.parametrize("fstype", ["nfs4", "cifs", "smb3"])
def test_linux_network_filesystems_are_refused(tmp_path, fstype):
    mounts = tmp_path / "mounts"
    share = tmp_path / "share"
    share.mkdir()
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//srv/x {share} {fstype} rw 0 0\n")
    reason = network_share_reason(share / "siibai.sqlite3", mounts_file=str(mounts), platform="linux")
    assert reason and fstype in reason
    assert network_share_reason(tmp_path / "local.sqlite3", mounts_file=str(mounts), platform="linux") is None


def test_open_refuses_a_file_on_a_network_mount(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "mount_fstype", lambda path, mounts_file="": "cifs")
    path = tmp_path / "x.sqlite3"
    with pytest.raises(NetworkShareError, match="网络文件系统（cifs）"):
        open_database(sqlite_url(path))
    assert not path.exists()


def test_locked_by_another_program(tmp_path):
    path = _make(tmp_path / "locked.sqlite3")
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")
    try:
        before = _digest(path)
        with pytest.raises(LockedDatabaseError, match="正被其他程序占用"):
            open_database(sqlite_url(path))
        assert _digest(path) == before
    finally:
        other.rollback()
        other.close()


def test_read_only_file(tmp_path, monkeypatch):
    path = _make(tmp_path / "ro.sqlite3")
    before = _digest(path)
    if os.geteuid() == 0:  # root may write anything; pretend as the office user would see it
        real = os.access
        monkeypatch.setattr(migrate_module.os, "access", lambda p, mode: False if mode == os.W_OK else real(p, mode))
    else:
        path.chmod(0o444)
    with pytest.raises(ReadOnlyDatabaseError, match="只读"):
        open_database(sqlite_url(path))
    assert _digest(path) == before


def test_write_errors_become_user_messages():
    assert isinstance(classify_write_error("database or disk is full"), DiskFullError)
    assert "只读" in str(classify_write_error("attempt to write a readonly database"))
    assert "占用" in str(classify_write_error("database is locked"))
    assert classify_write_error("no such column: x") is None


def test_corrupt_file_fails_quick_check_and_is_left_alone(tmp_path):
    path = _make(tmp_path / "corrupt.sqlite3", residents=300)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12), 97):
        data[offset:offset + 8] = b"\xde\xad\xbe\xef\x00\xff\x13\x37"
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises((CorruptDatabaseError, NotADatabaseError), match="损坏") as info:
        open_database(sqlite_url(path))
    assert info.value.offer_restore
    assert "恢复" in str(info.value)
    assert _digest(path) == before


def test_not_a_database_offers_restore(tmp_path):
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"hello" * 1000)
    with pytest.raises(NotADatabaseError) as info:
        open_database(sqlite_url(path))
    assert info.value.offer_restore


def _limit_pages(db, extra_pages: int) -> None:
    with db.engine.connect() as conn:
        used = conn.exec_driver_sql("PRAGMA page_count").scalar()
    limit = used + extra_pages

    @event.listens_for(db.engine, "connect")
    def _cap(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count={limit}")

    db.engine.dispose()


def _count(db) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Resident))


def test_disk_full_mid_write_is_a_clear_error_and_the_roster_is_unchanged(db):
    from siibai_desktop.services.demo import generate_roster
    from siibai_desktop.services.households import add_household
    from siibai_desktop.services.types import HouseholdInput

    add_household(db, HouseholdInput(compound="测试用小区甲", building="1"))
    _limit_pages(db, extra_pages=40)
    with pytest.raises(DiskFullError, match="磁盘空间已满.*没有保存"):
        generate_roster(db, residents=3000, seed=2)  # one transaction of thousands of rows
    assert _count(db) == 0
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_disk_full_mid_spreadsheet_import_leaves_the_roster_unchanged(db, tmp_path):
    importer = pytest.importorskip("siibai_desktop.services.roster_import")
    export = pytest.importorskip("siibai_desktop.services.roster_export")
    from siibai_desktop.services.demo import generate_roster
    from siibai_desktop.services.search import ResidentQuery, search_residents

    source = open_database(sqlite_url(tmp_path / "src.sqlite3"))
    generate_roster(source, residents=1500, seed=5)
    xlsx = tmp_path / "roster.xlsx"
    export.export_roster(source, ResidentQuery(), xlsx, full_id=True)
    source.close()
    generate_roster(db, residents=30, seed=9)
    before = [(r.id, r.name, r.address) for r in search_residents(db, ResidentQuery(), limit=100)]
    _limit_pages(db, extra_pages=30)
    with pytest.raises(DiskFullError):
        importer.import_roster(db, xlsx)
    assert [(r.id, r.name, r.address) for r in search_residents(db, ResidentQuery(), limit=100)] == before
    assert _count(db) == 30
