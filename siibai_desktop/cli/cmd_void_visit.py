"""siibai void-visit: void (作废) a visit entered by mistake; it is kept but no longer counts."""

from __future__ import annotations

from ..services.database import open_app_database
from ..services.visit_edits import void_visit
from ..services.visits import get_visit
from .common import add_db_option, add_json_option, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("void-visit", help="作废一条走访记录（保留记录，不再计入必访和统计）")
    p.add_argument("id", type=int, metavar="走访记录编号", help="走访记录的编号（record-visit 输出的 #编号）")
    p.add_argument("--reason", required=True, metavar="原因", help="作废原因，如：重复登记、户选错")
    add_db_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_app_database(args.db)
    try:
        before = get_visit(db, args.id)
        void_visit(db, args.id, args.reason, before.version)
        row = get_visit(db, args.id)
    finally:
        db.close()
    if args.json:
        print_json({"id": row.id, "household": row.household_id, "address": row.address, "date": row.visit_date,
                    "voided_at": row.voided_at, "voided_by": row.voided_by, "reason": row.void_reason})
    else:
        print(f"已作废走访 #{row.id}：{row.visit_date.isoformat()} {row.staff_text} {row.mode_label} {row.address}"
              f"（原因：{row.void_reason}）")
    return 0
