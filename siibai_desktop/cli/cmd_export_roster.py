"""siibai export-roster OUT.xlsx: the roster (or a search of it) as an Excel file."""

from __future__ import annotations

from ..services.roster_export import export_roster
from ..services.search import ResidentQuery
from ..services.tags import tag_id_by_name
from ..services.policy import SYSTEM_USER, authorize_full_numbers
from .common import add_db_option, open_db


def register(subparsers) -> None:
    p = subparsers.add_parser("export-roster", help="把花名册（或查找结果）导出为 Excel")
    p.add_argument("out", metavar="OUT.xlsx", help="输出文件")
    p.add_argument("--query", default="", help="查找内容（与花名册查找框相同）")
    p.add_argument("--tag", help="只导出带该标签的居民")
    p.add_argument("--include-left", action="store_true", help="包括已迁出、已故人员")
    p.add_argument("--full-id", action="store_true",
                   help="导出完整身份证号和电话（默认隐去中间位；须用 --reason 说明用途，记入审计日志）")
    p.add_argument("--reason", default="", help="导出完整号码的用途")
    add_db_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_db(args)
    try:
        query = ResidentQuery(text=args.query, include_left=args.include_left,
                              tag_id=tag_id_by_name(db, args.tag) if args.tag else None)
        if args.full_id:
            authorize_full_numbers(db, SYSTEM_USER, args.reason, "命令行导出花名册")
        count = export_roster(db, query, args.out, full_id=args.full_id)
    finally:
        db.close()
    print(f"已导出 {count} 人到 {args.out}")
    return 0
