"""Fixtures for the screens as seen by each role (tests/ui/read_only_fixtures.py)."""

from __future__ import annotations

import pytest

from siibai_desktop.ui.context import AppContext
from tests.ui.read_only_fixtures import context_for, entered_office


@pytest.fixture
def office(db) -> dict:
    """Data entered by a 工作人员 (ids by name); nobody is logged in afterwards."""
    return entered_office(db)


@pytest.fixture
def reader(db, office) -> AppContext:
    """Logged in as 只读."""
    return context_for(db, "只读")


@pytest.fixture
def staff(db, office) -> AppContext:
    """Logged in as 工作人员."""
    return context_for(db, "工作人员")
