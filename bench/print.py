"""Printing benchmark on the 100,000-resident database: certificates, a 100-page report,
and every report's on-screen figures.

Copies the generated database (never writes to the original), adds generated visits and
needs so the visit reports have something to count, then measures:
  * 100 certificates (居住证明), each from "issue" to a PDF file on disk (goal ≤ 0.3 s);
  * the 90岁以上老人月报 as PDF (about 100 pages on this roster; goal ≤ 3 s);
  * each report's figures as the 报表 page computes them (goal ≤ 0.5 s).
Last line: one JSON object with certificate_s, report_100p_s, report_screen_max_s.

    .venv/bin/python bench/print.py [--db /tmp/bench100k.sqlite3]
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from siibai_desktop.domain.clock import FixedClock  # noqa: E402
from siibai_desktop.services import certificates as C  # noqa: E402
from siibai_desktop.services import reports as R  # noqa: E402
from siibai_desktop.services.committee import CommitteeInfo, get_committee, save_committee  # noqa: E402
from siibai_desktop.services.database import open_app_database  # noqa: E402
from siibai_desktop.services.pdf.fonts import available_fonts  # noqa: E402

TODAY = dt.date(2026, 11, 21)
MODES = ["home", "home", "phone", "wechat", "stool", "visit_day"]
VERDICTS = ["satisfied", "satisfied", "fairly", "unsatisfied"]


def add_visits_and_needs(path: Path, visits: int = 120_000, needs: int = 6_000, seed: int = 11) -> None:
    """Bulk-insert generated visits over 18 months and needs with their status history."""
    rng = random.Random(seed)
    conn = sqlite3.connect(str(path))
    households = [r[0] for r in conn.execute("SELECT id FROM households")]
    staff = [r[0] for r in conn.execute("SELECT id FROM staff")]
    categories = [r[0] for r in conn.execute("SELECT id FROM need_categories")]
    first = (conn.execute("SELECT max(id) FROM visits").fetchone()[0] or 0) + 1
    rows, links = [], []
    for i in range(visits):
        day = TODAY - dt.timedelta(days=rng.randrange(0, 540))
        rows.append((first + i, rng.choice(households), day.isoformat(), rng.choice(MODES), "", "", "", "", "",
                     "", "bench", 1))
        links.append((first + i, rng.choice(staff)))
    need_rows, events = [], []
    first_need = (conn.execute("SELECT max(id) FROM needs").fetchone()[0] or 0) + 1
    for i in range(needs):
        nid = first_need + i
        raised = TODAY - dt.timedelta(days=rng.randrange(5, 540))
        status, closed, verdict = "pending", None, None
        events.append((nid, raised.isoformat(), None, "pending", None))
        if rng.random() < 0.8:
            closed = raised + dt.timedelta(days=rng.randrange(1, 40))
            if closed <= TODAY:
                status = "resolved"
                events.append((nid, closed.isoformat(), "pending", "resolved", None))
                if rng.random() < 0.7 and closed + dt.timedelta(days=3) <= TODAY:
                    verdict = rng.choice(VERDICTS)
                    status = "in_progress" if verdict == "unsatisfied" else "followed_up"
                    events.append((nid, (closed + dt.timedelta(days=3)).isoformat(), "resolved", status, verdict))
            else:
                closed = None
        need_rows.append((nid, rng.choice(households), rng.choice(categories), f"生成的诉求 {nid}", "visit", "",
                          raised.isoformat(), status, "", verdict, closed.isoformat() if closed else None, "", 1))
    with conn:
        conn.executemany(
            "INSERT INTO visits (id, household_id, visit_date, mode, met_whom, must_do, must_know, observations,"
            " notes, next_step, created_by, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO visit_staff (visit_id, staff_id) VALUES (?,?)", links)
        conn.executemany(
            "INSERT INTO needs (id, household_id, category_id, description, source, raised_by, raised_on, status,"
            " resolution, follow_up_verdict, closed_on, escalated_to, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            need_rows)
        conn.executemany("INSERT INTO need_events (need_id, event_date, from_status, to_status, verdict, who, note)"
                         " VALUES (?,?,?,?,?,'bench','')", events)
    conn.execute("ANALYZE")
    conn.close()


def bench_certificates(db, out_dir: Path, count: int = 100) -> dict:
    template = C.template_by_name(db, "居住证明").id
    with sqlite3.connect(str(db.path)) as conn:
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM residents WHERE state='current' ORDER BY random() LIMIT ?", (count + 1,))]
    fonts_start = time.perf_counter()
    available_fonts()  # the GUI does this once at start-up (ui.fonts.apply_default_font)
    fonts = time.perf_counter() - fonts_start
    cold_start = time.perf_counter()
    C.issue_certificate(db, C.CertificateRequest(template, ids[0], "办理入学"), out=out_dir / "cold.pdf",
                        allow_unprintable=True)
    cold = time.perf_counter() - cold_start
    times = []
    for i, rid in enumerate(ids[1:count + 1]):
        start = time.perf_counter()
        C.issue_certificate(db, C.CertificateRequest(template, rid, "办理子女入学手续"), out=out_dir / f"c{i}.pdf",
                            allow_unprintable=True)
        times.append(time.perf_counter() - start)
    times.sort()
    return {"fonts_s": fonts, "cold_s": cold, "mean_s": statistics.mean(times), "p95_s": times[int(len(times) * 0.95) - 1],
            "max_s": times[-1]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/bench100k.sqlite3", help="the generated 100,000-resident database")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="siibai-print-bench-"))
    os.environ.setdefault("SIIBAI_HOME", str(work / "home"))
    copy = work / "bench.sqlite3"
    shutil.copyfile(args.db, copy)
    db = open_app_database(str(copy), clock=FixedClock(TODAY))  # migrates the copy to heads
    if get_committee(db) is None:
        save_committee(db, CommitteeInfo(name="枫港居民区居民委员会", district="示范区", address="枫港路88弄1号",
                                         phone="021-62000000"))
    add_visits_and_needs(copy)
    try:
        cert = bench_certificates(db, work)
        print(f"fonts: {cert['fonts_s']:.3f} s to find and load once per start-up")
        print(f"certificates: first {cert['cold_s']:.3f} s, then mean {cert['mean_s']:.3f} s, "
              f"p95 {cert['p95_s']:.3f} s, max {cert['max_s']:.3f} s (goal ≤ 0.3 s)")

        start = time.perf_counter()
        report = R.run_report(db, "elderly90", dt.date(2026, 10, 1))
        pages = R.save_report(report, work / "elderly90.pdf")
        big = time.perf_counter() - start
        print(f"report: 90岁以上老人月报 2026-10, {pages} pages, {big:.3f} s "
              f"({big * 100 / pages:.3f} s per 100 pages; goal ≤ 3 s)")

        screen = {}
        options = {"tags": {"tags": ["低保", "残疾"], "age_min": 60}}
        for key in R.REPORTS:
            R.run_report(db, key, **options.get(key, {}))  # warm
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                R.run_report(db, key, **options.get(key, {}))
                runs.append(time.perf_counter() - start)
            screen[key] = statistics.median(runs)
            print(f"on screen: {key:15s} {screen[key]:.3f} s (goal ≤ 0.5 s)")
    finally:
        db.close()
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"certificate_s": round(cert["max_s"], 3), "report_100p_s": round(big * 100 / pages, 3),
                      "report_screen_max_s": round(max(screen.values()), 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
