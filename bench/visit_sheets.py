"""Visit sheets benchmark: 1,000 sheets to PDF against bare reportlab drawing the same text.

`sheets_s` is everything the office waits for: loading the plan (with the due list), the
data of every household (a handful of queries per 500 sheets), layout, drawing and
writing the PDF. `bare_sheets_s` is reportlab's canvas drawing the very same strings at
the same places with the same embedded font, and nothing else. Goal: sheets ≤ 1.3 × bare.

    .venv/bin/python bench/visit_sheets.py [--db PATH] [--sheets 1000]
(bench/visits.py calls `time_sheets` on its 100,000-resident database.)
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from siibai_desktop.domain.visit_day import next_visit_day  # noqa: E402
from siibai_desktop.services.pdf.render import new_canvas, save_binary  # noqa: E402
from siibai_desktop.services.pdf.sheet_layout import PAGE_H, expand  # noqa: E402
from siibai_desktop.services.pdf.visit_sheets import visit_sheet_pages, write_visit_sheets  # noqa: E402
from siibai_desktop.services.visit_day import plan_visit_day  # noqa: E402


def bare(pages: list[list[tuple]], font: str) -> bytes:
    """Only the text: same strings, same positions, same font, same canvas settings."""
    out = io.BytesIO()
    c = new_canvas(out, font)
    for ops in pages:
        size = None
        for op in ops:
            if op[0] == "T":
                if op[3] != size:
                    size = op[3]
                    c.setFont(font, size)
                c.drawString(op[1], PAGE_H - op[2], op[4])
        c.showPage()
    save_binary(c)
    return out.getvalue()


def time_sheets(db, sheets: int = 1000, runs: int = 5) -> dict:
    """Plan a visit day of `sheets` households for the whole committee, then time both,
    interleaved; the best of `runs` each (other programs on the machine only add time)."""
    day = next_visit_day(db.clock.today())
    plan_id = plan_visit_day(db, day, limit=sheets, replace=True)
    run = visit_sheet_pages(db, plan_id)
    # every text the pages show, the shared parts written out on each page
    texts = [[op for op in expand(page, run.forms) if op[0] == "T"] for page in run.pages]
    ours, theirs, size = [], [], 0
    for _ in range(runs):
        buf = io.BytesIO()
        t = time.perf_counter()
        result = write_visit_sheets(db, buf, plan_id)
        ours.append(time.perf_counter() - t)
        size = len(buf.getvalue())
        t = time.perf_counter()
        bare(texts, run.font_name)
        theirs.append(time.perf_counter() - t)
    sheets_s, bare_s = min(ours), min(theirs)
    return {"sheets": result.households, "pages": result.pages, "sheets_s": round(sheets_s, 2),
            "bare_sheets_s": round(bare_s, 2), "sheets_ratio": round(sheets_s / bare_s, 2),
            "sheets_pdf_mb": round(size / 1e6, 1)}


def main() -> int:
    from siibai_desktop.domain.clock import FixedClock
    from siibai_desktop.services.database import open_app_database

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a database with a roster (a copy: a plan is stored in it)")
    ap.add_argument("--sheets", type=int, default=1000)
    ap.add_argument("--today", help="YYYY-MM-DD (default: the real date)")
    args = ap.parse_args()
    import datetime as dt
    clock = FixedClock(dt.date.fromisoformat(args.today)) if args.today else None
    db = open_app_database(args.db, clock=clock)
    try:
        figures = time_sheets(db, args.sheets)
    finally:
        db.close()
    print(f"{figures['sheets']} sheets ({figures['pages']} pages): {figures['sheets_s']} s; bare reportlab "
          f"{figures['bare_sheets_s']} s; ratio {figures['sheets_ratio']} (goal ≤ 1.3)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
