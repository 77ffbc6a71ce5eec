"""Roster benchmark (not part of the test run).

On a copy of a generated 100,000-resident database (the file named by --db is never opened
for writing: the copy is migrated, used and deleted) it prints:
- start_s: process start to the roster page showing its first rows, the best of 5 runs
  (goal ≤ 0.8 s), with the median; the child starts up as `siibai-desktop` does (database
  check begun before the imports, which load with the GC off: see ui/app.py) but without
  the sign-in;
- start_compiled_s: the same with the package compiled to bytecode first, as an installed
  app is (where PYTHONDONTWRITEBYTECODE is set, each run above compiles ~100 modules);
- search p50/p95 over 200 mixed queries, keystroke to rows in the model (goal p95 ≤ 30 ms),
  and the same queries run bare on sqlite3 (goal: ours ≤ 1.5× bare);
- rss_mb: peak RSS with the roster open (goal ≤ 250 MB).
The last line is one JSON object.

    .venv/bin/python bench/roster.py [--db PATH] [--residents 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
START_RUNS = 5


def ensure_db(path: Path, residents: int) -> None:
    if path.exists():
        return
    print(f"generating {residents} residents into {path} …", flush=True)
    subprocess.run([sys.executable, "-m", "siibai_desktop.cli.main", "demo-data", "--db", str(path),
                    "--residents", str(residents)], check=True, cwd=ROOT)


def working_copy(db: Path, work: Path) -> Path:
    """A copy of the database (and its write-ahead log, if any) brought to the latest schema."""
    copy = work / db.name
    for suffix in ("", "-wal"):
        if Path(f"{db}{suffix}").exists():
            shutil.copyfile(f"{db}{suffix}", f"{copy}{suffix}")
    from siibai_desktop.services.database import open_app_database

    open_app_database(str(copy)).close()  # a schema upgrade happens here, not in a timed run
    return copy


def compiled_package(work: Path) -> Path:
    """A bytecode-compiled copy of the package, in a folder to put first on sys.path."""
    root = work / "compiled"
    shutil.copytree(ROOT / "siibai_desktop", root / "siibai_desktop",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "siibai_desktop")], check=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    return root


CHILD = r"""
import os, sys, time, resource
t0 = float(sys.argv[1]); db_path = sys.argv[2]
sys.path.insert(0, sys.argv[3])
# As ui/app.py main(): the database check begins on a second thread, then Qt, SQLAlchemy and
# the screens load (the cyclic GC off meanwhile, what they leave frozen).
from siibai_desktop.services.startup import begin_database_check
from siibai_desktop.ui.app import load_launch
begin_database_check(db_path)
install_chinese = load_launch().install_chinese
from PySide6.QtWidgets import QApplication
from siibai_desktop.ui.fonts import apply_default_font
from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.runner import Runner
from siibai_desktop.ui.main_window import MainWindow
from siibai_desktop.services.database import open_app_database
app = QApplication(sys.argv[:1])
install_chinese(app); apply_default_font(app)
db = open_app_database(db_path)
window = MainWindow(AppContext(db=db, runner=Runner()))
window.show()
page = window.show_page("花名册")
deadline = time.time() + 30
while time.time() < deadline:
    app.processEvents()
    model = page.model
    if model.rowCount() > 0 and model.data(model.index(0, 0)):
        break
start_s = time.time() - t0
print(start_s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def measure_start(db: Path, package_root: Path = ROOT) -> tuple[list[float], float]:
    """Start-up times of START_RUNS runs, and the largest peak RSS."""
    runs = []
    for _ in range(START_RUNS):
        out = subprocess.run([sys.executable, "-c", CHILD, repr(time.time()), str(db), str(package_root)],
                             capture_output=True, text=True, check=True).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    return [r[0] for r in runs], max(r[1] for r in runs)


def mixed_queries(db: Path, n: int = 200) -> list[str]:
    rng = random.Random(42)
    conn = sqlite3.connect(db)
    people = conn.execute("SELECT r.name, r.name_pinyin, r.id_number, r.phone, h.address_text FROM residents r "
                          "JOIN households h ON h.id = r.household_id ORDER BY random() LIMIT 2000").fetchall()
    conn.close()
    from siibai_desktop.domain.names import name_readings
    queries = []
    for i in range(n):
        name, full, number, phone, address = people[i * 7 % len(people)]
        kind = i % 6
        if kind == 0:
            queries.append(name)                       # full name
        elif kind == 1:
            queries.append(name_readings(name)[1])     # initials
        elif kind == 2:
            queries.append(number[-6:])                # ID fragment
        elif kind == 3:
            queries.append(address.split(" ")[-1][:8])  # road and lane
        elif kind == 4:
            queries.append(full[: rng.randint(4, len(full))])  # pinyin prefix
        else:
            queries.append(name[0])                    # surname only: many rows
    return queries


def measure_search(db: Path, queries: list[str]) -> tuple[list[float], list[float]]:
    from PySide6.QtWidgets import QApplication
    from siibai_desktop.services.database import open_app_database
    from siibai_desktop.ui.context import AppContext
    from siibai_desktop.ui.pages.roster_page import create_page
    from siibai_desktop.ui.runner import SyncRunner

    app = QApplication.instance() or QApplication([])
    database = open_app_database(str(db))
    page = create_page(AppContext(db=database, runner=SyncRunner()))
    page.resize(1200, 800)
    page.show()
    app.processEvents()
    ours = []
    for q in queries:
        t = time.perf_counter()
        page.search_box.setText(q)
        page.apply_search_now()
        model = page.model
        rows = min(model.rowCount(), 30)
        for r in range(rows):  # the rows a person sees
            model.data(model.index(r, 0))
        ours.append((time.perf_counter() - t) * 1000)
    page.close()
    page.deleteLater()
    app.processEvents()
    del page
    database.close()

    # Bare: the same work on sqlite3, by hand: matching ids in order, then the first rows.
    conn = sqlite3.connect(db)
    bare = []
    for q in queries:
        t = time.perf_counter()
        terms = [w.lower() for w in q.split()]
        # the fastest hand-written form of each match: instr() for Chinese, LIKE for ASCII
        where = " AND ".join("search_text LIKE ?" if t_.isascii() else "instr(search_text, ?) > 0"
                             for t_ in terms) or "1"
        ids = [r[0] for r in conn.execute(
            f"SELECT id FROM residents WHERE state = 'current' AND {where} ORDER BY name_pinyin, id",
            [f"%{t_}%" if t_.isascii() else t_ for t_ in terms])]
        first = ids[:30]
        if first:
            marks = ",".join("?" * len(first))
            conn.execute(f"SELECT r.id, r.name, r.sex, r.birth_date, r.id_number, r.phone, h.address_text, "
                         f"r.residence_status FROM residents r JOIN households h ON h.id = r.household_id "
                         f"WHERE r.id IN ({marks})", first).fetchall()
            conn.execute(f"SELECT rt.resident_id, t.name FROM resident_tags rt JOIN tags t ON t.id = rt.tag_id "
                         f"WHERE rt.resident_id IN ({marks}) AND rt.end_date IS NULL", first).fetchall()
        bare.append((time.perf_counter() - t) * 1000)
    conn.close()
    return ours, bare


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "siibai-bench-100k.sqlite3")
    parser.add_argument("--residents", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="siibai-bench-roster-"))
    # Backups made before a schema upgrade go to the work folder, not the user's data folder.
    os.environ.setdefault("SIIBAI_HOME", str(work / "home"))
    try:
        ensure_db(args.db, args.residents)
        run(working_copy(args.db, work), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(db: Path, work: Path) -> None:
    starts, rss_mb = measure_start(db)
    start_s, start_median = min(starts), statistics.median(starts)
    print(f"start to first rows: {start_s:.3f} s, median {start_median:.3f} s of {len(starts)} (goal ≤ 0.8)   "
          f"peak RSS: {rss_mb:.0f} MB (goal ≤ 250)")
    compiled, _ = measure_start(db, compiled_package(work))
    print(f"start to first rows, package compiled to bytecode: {min(compiled):.3f} s, "
          f"median {statistics.median(compiled):.3f} s")
    queries = mixed_queries(db)
    ours, bare = measure_search(db, queries)
    p50, p95, bare95 = statistics.median(ours), pct(ours, 95), pct(bare, 95)
    print(f"search over {len(queries)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms (goal ≤ 30); "
          f"bare sqlite3 p50 {statistics.median(bare):.1f} ms, p95 {bare95:.1f} ms; ratio p95 {p95 / bare95:.2f} (goal ≤ 1.5)")
    print(json.dumps({"start_s": round(start_s, 3), "start_median_s": round(start_median, 3),
                      "start_compiled_s": round(min(compiled), 3), "search_p50_ms": round(p50, 1), "search_p95_ms": round(p95, 1),
                      "search_bare_p95_ms": round(bare95, 1), "rss_mb": round(rss_mb, 1)}))


if __name__ == "__main__":
    main()
