"""Roster exchange benchmark (not part of the test run).

On a generated 100,000-resident database it measures:
- export_s: `export_roster` of every resident (full ID numbers) to .xlsx, against
  bare_write_s: a bare xlsxwriter constant-memory write of the same cells from memory
  (goal: export ≤ 1.3× bare);
- import_s: `import_roster` of that file into an empty database (read, check every row,
  write in one transaction), against bare_read_s: a bare python-calamine read of the
  same file (goal: import ≤ 1.5× bare).
- floor_s: what no import can beat on this machine: the bare read plus a bare sqlite3
  executemany of the rows the import wrote (same schema, same pragmas, one transaction),
  with no checking at all. floor_s / bare_read_s is the best ratio reachable.
The last line is one JSON object.

    .venv/bin/python bench/exchange.py [--db PATH] [--residents 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SIIBAI_HOME", tempfile.mkdtemp(prefix="siibai-bench-home-"))

import python_calamine  # noqa: E402
import xlsxwriter  # noqa: E402

from siibai_desktop.services.database import open_app_database  # noqa: E402
from siibai_desktop.services.roster_export import export_roster  # noqa: E402
from siibai_desktop.services.roster_import import import_roster  # noqa: E402
from siibai_desktop.services.search import ResidentQuery  # noqa: E402


def ensure_db(path: Path, residents: int) -> None:
    if path.exists():
        return
    print(f"generating {residents} residents into {path} …", flush=True)
    subprocess.run([sys.executable, "-m", "siibai_desktop.cli.main", "demo-data", "--db", str(path),
                    "--residents", str(residents)], check=True, cwd=ROOT)


def bare_write(cells: list[list[object]], path: Path) -> float:
    """The same cells, the same formats, straight from memory: xlsxwriter's own speed."""
    start = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    text = book.add_format({"num_format": "@"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("花名册")
    sheet.write_string(0, 0, "title")
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value, text)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_datetime(r, c, value, date)
    book.close()
    return time.perf_counter() - start


ROSTER_TABLES = ("compounds", "buildings", "households", "residents", "resident_tags")


def bare_insert(imported: Path, empty: Path) -> float:
    """Seconds for plain sqlite3 to insert the rows an import wrote into an empty database
    of the same schema: executemany per table, one transaction, the app's pragmas."""
    open_app_database(str(empty)).close()  # the schema, migrated
    src = sqlite3.connect(imported)
    tables = {}
    for table in ROSTER_TABLES:
        cursor = src.execute(f"SELECT * FROM {table}")
        tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    src.close()
    conn = sqlite3.connect(empty, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "cache_size=-131072"):
        conn.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for table, (columns, rows) in tables.items():
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench100k.sqlite3"))
    parser.add_argument("--residents", type=int, default=100_000)
    args = parser.parse_args()
    ensure_db(args.db, args.residents)
    work = Path(tempfile.mkdtemp(prefix="siibai-bench-exchange-"))
    try:
        source = work / "source.sqlite3"
        shutil.copy(args.db, source)  # never write to the shared demo file
        db = open_app_database(str(source))

        out = work / "roster.xlsx"
        start = time.perf_counter()
        count = export_roster(db, ResidentQuery(), out, full_id=True)
        export_s = time.perf_counter() - start
        db.close()

        start = time.perf_counter()
        book = python_calamine.CalamineWorkbook.from_path(str(out))
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
        bare_read_s = time.perf_counter() - start
        bare_write_s = bare_write(rows[1:], work / "bare.xlsx")

        target = open_app_database(str(work / "empty.sqlite3"))
        start = time.perf_counter()
        result = import_roster(target, out)
        import_s = time.perf_counter() - start
        target.close()
        assert result.residents_created == count, result
        floor_s = bare_read_s + bare_insert(work / "empty.sqlite3", work / "floor.sqlite3")

        print(f"residents: {count}; file {out.stat().st_size / 1e6:.1f} MB")
        print(f"export {export_s:.2f} s vs bare xlsxwriter write {bare_write_s:.2f} s: "
              f"{export_s / bare_write_s:.2f}x (goal ≤ 1.3x)")
        print(f"import {import_s:.2f} s vs bare calamine read {bare_read_s:.2f} s: "
              f"{import_s / bare_read_s:.2f}x (goal ≤ 1.5x)")
        print(f"floor: bare read + bare sqlite3 insert of the same rows {floor_s:.2f} s: "
              f"{floor_s / bare_read_s:.2f}x (no import can do better here)")
        print(json.dumps({"import_s": round(import_s, 3), "bare_read_s": round(bare_read_s, 3),
                          "export_s": round(export_s, 3), "bare_write_s": round(bare_write_s, 3),
                          "floor_s": round(floor_s, 3)}))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
