"""A crash mid-write loses nothing confirmed and leaves no half-done change.

A child process writes batches (one household, five residents, one update, and the
audit entries the trail adds), each in one transaction, and reports each commit through
a pipe. The parent kills it with SIGKILL at a random moment, 60 times, and after each
kill checks integrity, that every batch is complete or absent, and that every batch the
child reported as saved is there.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time

import pytest

from siibai_desktop.db.audit import verify
from siibai_desktop.db.engine import Database
from siibai_desktop.db.migrate import open_database
from siibai_desktop.db.paths import sqlite_url

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]
KILLS = 60
RESIDENTS_PER_BATCH = 5


def _write_forever(url: str, start: int, out_fd: int) -> None:
    from siibai_desktop.db.models import Building, Committee, Compound, Household, Resident

    db = Database(url)
    db.actor = "crash-test"
    n = start
    while True:
        n += 1
        tag = f"batch-{n}"
        with db.transaction() as session:
            compound = session.query(Compound).filter_by(name="压力测试小区").one_or_none()
            if compound is None:
                compound = Compound(name="压力测试小区", note="")
                session.add(compound)
            building = Building(compound=compound, road="测试路", lane=str(n), number="1")
            household = Household(building=building, room="101", notes=tag, address_text=tag)
            session.add(household)
            for i in range(RESIDENTS_PER_BATCH):
                session.add(Resident(household=household, name=f"居民{n}-{i}", notes=tag))
            committee = session.query(Committee).one()
            committee.phone = str(n)  # an update in the same batch
        os.write(out_fd, f"{n}\n".encode())


def _check(path) -> tuple[set[int], int]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        households = dict(conn.execute(
            "SELECT notes, count(*) FROM households WHERE notes LIKE 'batch-%' GROUP BY notes"))
        residents = dict(conn.execute(
            "SELECT notes, count(*) FROM residents WHERE notes LIKE 'batch-%' GROUP BY notes"))
        phone = conn.execute("SELECT phone FROM committee").fetchone()[0]
    finally:
        conn.close()
    assert set(households) == set(residents), "a batch is half there"
    assert all(c == 1 for c in households.values())
    assert all(c == RESIDENTS_PER_BATCH for c in residents.values()), "a batch is half there"
    batches = {int(k.split("-")[1]) for k in households}
    assert int(phone or 0) == (max(batches) if batches else 0), "update and inserts were split"
    return batches, len(batches)


def test_kill_9_at_random_moments_never_loses_or_splits_a_batch(tmp_path):
    path = tmp_path / "crash.sqlite3"
    db = open_database(sqlite_url(path))
    from siibai_desktop.services.committee import CommitteeInfo, save_committee

    save_committee(db, CommitteeInfo(name="测试居委会", phone="0"))
    db.close()
    rng = random.Random(20261122)
    started = time.monotonic()
    last = 0
    total_confirmed = 0
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(read_fd)
            try:
                _write_forever(sqlite_url(path), last + 1000, write_fd)
            finally:
                os._exit(1)
        os.close(write_fd)
        time.sleep(rng.uniform(0.02, 0.35))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd) as pipe:
            confirmed = {int(line) for line in pipe.read().split()}
        present, _ = _check(path)
        assert confirmed <= present, f"confirmed batches lost: {sorted(confirmed - present)[:5]}"
        total_confirmed += len(confirmed)
        last = max(present | {last})
    assert time.monotonic() - started < 90
    assert total_confirmed > KILLS  # the writer really was mid-stream most of the time
    db = open_database(sqlite_url(path))
    try:
        with db.engine.connect() as conn:
            assert verify(conn).ok, "the audit chain broke in a crash"
    finally:
        db.close()
