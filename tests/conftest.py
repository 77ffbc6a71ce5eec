"""Shared fixtures: a frozen clock, a fresh migrated database per test, a small demo roster.

Every test runs with its own data folder (SIIBAI_HOME), so nothing touches the user's files.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from siibai_desktop.domain.clock import FixedClock  # noqa: E402
from siibai_desktop.services.database import open_app_database  # noqa: E402

TODAY = dt.date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SIIBAI_HOME", str(home))
    monkeypatch.delenv("SIIBAI_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def clock():
    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "test.sqlite3"


@pytest.fixture
def db(db_path, clock):
    database = open_app_database(str(db_path), clock=clock)
    yield database
    database.close()


@pytest.fixture
def demo_db(db):
    """A database with a generated roster of 400 residents (seeded, so always the same)."""
    from siibai_desktop.services.committee import save_committee
    from siibai_desktop.services.demo import DEMO_COMMITTEE, generate_roster

    save_committee(db, DEMO_COMMITTEE)
    generate_roster(db, residents=400, seed=7)
    return db
