"""Visit programme benchmark (not part of the test run).

Copies the generated 100,000-resident database (never writes to the original), adds
500,000 generated visits in bulk, then times the due list (必访清单) for the whole
committee and for one staff member: median of several runs (goal ≤ 150 ms), wall clock
and CPU time. The last line is one JSON object (due_all_ms, due_staff_ms, their CPU times
due_all_cpu_ms, due_staff_cpu_ms, and due_new_day_ms for the first call of a day;
the visit-sheet timings sheets_s, bare_sheets_s are added by the visit-day part).

    .venv/bin/python bench/visits.py [--source /tmp/bench100k.sqlite3] [--visits 500000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from siibai_desktop.domain.clock import FixedClock  # noqa: E402
from siibai_desktop.services.database import open_app_database  # noqa: E402
from siibai_desktop.services.due import due_list, forget_judgements  # noqa: E402

MODES = (["home"] * 50 + ["phone"] * 20 + ["wechat"] * 8 + ["stool"] * 10 + ["visit_day"] * 12)


def build(source: Path, target: Path, visits: int, today: dt.date, seed: int = 5) -> None:
    """Copy the roster and add `visits` visits over the last two years (bulk insert)."""
    shutil.copyfile(source, target)
    db = open_app_database(str(target), clock=FixedClock(today))  # migrates the copy to heads
    db.close()
    rng = random.Random(seed)
    conn = sqlite3.connect(str(target))
    households = [r[0] for r in conn.execute("SELECT id FROM households")]
    staff = [r[0] for r in conn.execute("SELECT id FROM staff")]
    # a third of the visits go to the households under a 7必访 rule, as in real offices
    covered = [r[0] for r in conn.execute(
        "SELECT DISTINCT r.household_id FROM residents r JOIN resident_tags t ON t.resident_id = r.id")]
    first = (conn.execute("SELECT max(id) FROM visits").fetchone()[0] or 0) + 1
    rows, links = [], []
    for i in range(visits):
        hid = rng.choice(covered) if rng.random() < 0.33 else rng.choice(households)
        day = today - dt.timedelta(days=rng.randrange(0, 730))
        rows.append((first + i, hid, day.isoformat(), rng.choice(MODES), "", "", "", "", "", "", "", 1))
        links.append((first + i, rng.choice(staff)))
        if rng.random() < 0.3:
            other = rng.choice(staff)
            if other != links[-1][1]:
                links.append((first + i, other))
    with conn:
        conn.executemany(
            "INSERT INTO visits (id, household_id, visit_date, mode, met_whom, must_do, must_know, observations,"
            " notes, next_step, created_by, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO visit_staff (visit_id, staff_id) VALUES (?,?)", links)
    conn.execute("ANALYZE")
    conn.close()


def median_ms(fn, runs: int = 7) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `runs` calls after a first one. The CPU
    time (time.process_time) is the steadier figure when other work shares the machine."""
    fn()  # warm the caches and the statement compiler
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    os.environ.setdefault("SIIBAI_HOME", tempfile.mkdtemp(prefix="siibai-bench-home-"))  # no backups in the user folder
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default="/tmp/bench100k.sqlite3")
    ap.add_argument("--visits", type=int, default=500_000)
    ap.add_argument("--work", help="where to build the copy (default: a temporary folder)")
    ap.add_argument("--reuse", action="store_true", help="reuse --work if it already exists")
    args = ap.parse_args()
    source = Path(args.source)
    conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    today = dt.date.fromisoformat(conn.execute("SELECT max(last_verified_on) FROM households").fetchone()[0])
    conn.close()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="siibai-bench-")) / "visits.sqlite3"
    if not (args.reuse and work.exists()):
        t = time.perf_counter()
        build(source, work, args.visits, today)
        print(f"built {work} with {args.visits} visits in {time.perf_counter() - t:.1f} s", flush=True)
    db = open_app_database(str(work), clock=FixedClock(today))
    try:
        staff_id = 3
        all_lines = due_list(db)
        staff_lines = due_list(db, staff_id=staff_id)
        everything = due_list(db, include_not_due=True)
        due_all_ms, due_all_cpu_ms = median_ms(lambda: due_list(db), runs=15)
        due_staff_ms, due_staff_cpu_ms = median_ms(lambda: due_list(db, staff_id=staff_id), runs=15)
        # as on the first call of a day: no judgement kept from an earlier call (see services.due)
        due_new_day_ms, due_new_day_cpu_ms = median_ms(lambda: (forget_judgements(), due_list(db)), runs=15)
        due_everything_ms, _ = median_ms(lambda: due_list(db, include_not_due=True), runs=3)
        from visit_sheets import time_sheets  # bench/visit_sheets.py (the visit-day part)

        sheets = time_sheets(db, 1000)
    finally:
        db.close()
    print(f"today {today}: {len(all_lines)} households due or coming up ({len(everything)} under a rule)")
    print(f"due list, whole committee: {due_all_ms:.1f} ms (median; CPU {due_all_cpu_ms:.1f} ms)   goal ≤ 150 ms")
    print(f"due list, whole committee, first call of a day: {due_new_day_ms:.1f} ms "
          f"(median; CPU {due_new_day_cpu_ms:.1f} ms)")
    print(f"due list, staff #{staff_id} ({len(staff_lines)} lines): {due_staff_ms:.1f} ms "
          f"(median; CPU {due_staff_cpu_ms:.1f} ms)")
    print(f"due list incl. not due: {due_everything_ms:.1f} ms (median)")
    print(f"{sheets['sheets']} visit sheets ({sheets['pages']} pages): {sheets['sheets_s']} s; bare reportlab, "
          f"same text and font: {sheets['bare_sheets_s']} s; ratio {sheets['sheets_ratio']}   goal ≤ 1.3")
    print(json.dumps({"due_all_ms": round(due_all_ms, 1), "due_all_cpu_ms": round(due_all_cpu_ms, 1),
                      "due_new_day_ms": round(due_new_day_ms, 1),
                      "due_staff_ms": round(due_staff_ms, 1), "due_staff_cpu_ms": round(due_staff_cpu_ms, 1),
                      "due_lines": len(all_lines), "due_everything_ms": round(due_everything_ms, 1),
                      "sheets_s": sheets["sheets_s"], "bare_sheets_s": sheets["bare_sheets_s"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
