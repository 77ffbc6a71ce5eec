"""`siibai-desktop` begins the database's integrity check before Qt and SQLAlchemy load, so
the check runs beside those imports (ui/app.py, db/integrity.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from siibai_desktop.db.migrate import open_database
from siibai_desktop.db.paths import sqlite_url

pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter: the test process has Qt and SQLAlchemy loaded long ago.
PROBE = r"""
import json, sys, types
from siibai_desktop.db import integrity

seen = {}
real_start = integrity.start_early_check

def start(path):
    seen["loaded_when_begun"] = sorted(m for m in ("PySide6", "sqlalchemy") if m in sys.modules)
    seen["path"] = str(path)
    return real_start(path)

integrity.start_early_check = start  # before services/startup.py takes the name

def run(args, demo):  # stands in for ui/launch.py: the test needs no window
    seen["pending"] = list(integrity._early)
    return 0

fake = types.ModuleType("siibai_desktop.ui.launch")
fake.run = run
sys.modules["siibai_desktop.ui.launch"] = fake
from siibai_desktop.ui.app import main
seen["code"] = main(["--db", sys.argv[1]])
print(json.dumps(seen))
"""


def test_the_check_begins_before_qt_and_sqlalchemy_load(tmp_path):
    path = tmp_path / "office.sqlite3"
    open_database(sqlite_url(path)).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SIIBAI_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=60, check=True).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["loaded_when_begun"] == []
    assert Path(seen["path"]).resolve() == path.resolve()
    assert len(seen["pending"]) == 1 and seen["code"] == 0


def test_app_module_still_offers_the_start_up_functions():
    """Screens and tests reach install_chinese and run_session through ui.app as before."""
    from siibai_desktop.ui import app, launch

    assert app.install_chinese is launch.install_chinese
    assert app.run_session is launch.run_session
    with pytest.raises(AttributeError):
        app.no_such_name  # noqa: B018
