"""siibai import-roster FILE: bring a roster file (.xlsx/.xls/.ods/.csv) into the roster."""

from __future__ import annotations

import sys

from ..services.roster_import import import_roster
from .common import add_db_option, add_json_option, open_db, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("import-roster", help="从 Excel/WPS/CSV 花名册导入居民")
    p.add_argument("file", metavar="FILE", help="花名册文件（.xlsx、.xls、.ods、.csv）")
    p.add_argument("--sheet", metavar="NAME", help="工作表名称（默认第一个）")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    add_json_option(p)
    add_db_option(p)
    p.set_defaults(func=run)


def _progress(done: int, total: int, stage: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{stage} {done}/{total}", end="", file=sys.stderr, flush=True)


def run(args) -> int:
    db = open_db(args)
    try:
        result = import_roster(db, args.file, sheet=args.sheet, dry_run=args.dry_run, progress=_progress)
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    issues = lambda items: [{"row": i.row, "column": i.column, "message": i.message} for i in items]  # noqa: E731
    if args.json:
        print_json({
            "rows_read": result.rows_read, "residents_created": result.residents_created,
            "residents_updated": result.residents_updated, "residents_unchanged": result.residents_unchanged,
            "households_created": result.households_created,
            "errors": issues(result.errors), "warnings": issues(result.warnings),
            "unmapped_columns": result.unmapped_columns, "dry_run": result.dry_run,
        })
        return result.exit_code
    verb = "将" if result.dry_run else "已"
    for e in result.errors:
        print(f"第 {e.row} 行 {e.column}：{e.message}")
    for w in result.warnings:
        print(f"第 {w.row} 行 {w.column}（警告）：{w.message}")
    if result.unmapped_columns:
        print(f"未导入的列：{'、'.join(result.unmapped_columns)}")
    print(f"共读取 {result.rows_read} 行：{verb}新增居民 {result.residents_created} 人，{verb}更新 "
          f"{result.residents_updated} 人（另有 {result.residents_unchanged} 人无变化），{verb}新建 {result.households_created} 户；"
          f"{result.rows_rejected} 行有错误未导入。" + ("（试运行，未写入）" if result.dry_run else ""))
    return result.exit_code
