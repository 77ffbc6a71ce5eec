"""siibai record-visit: enter one visit (headless use and tests)."""

from __future__ import annotations

from ..services.visits import VisitInput, get_visit, record_visit
from . import lookup
from ..services.database import open_app_database
from .common import add_db_option, add_json_option, parse_date, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("record-visit", help="登记一次走访")
    p.add_argument("--household", required=True, metavar="户编号或地址", help="走访的户（编号或地址）")
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="走访日期（默认今天）")
    p.add_argument("--staff", required=True, metavar="姓名[,姓名]", help="走访人员，多人用逗号分隔")
    p.add_argument("--mode", default="入户", help="走访方式：入户 / 电话 / 微信 / 小板凳 / 集中走访（默认入户）")
    p.add_argument("--met", default="", metavar="见到谁", help="见到的人")
    p.add_argument("--note", default="", help="走访情况记录")
    add_db_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_app_database(args.db)
    try:
        hid = lookup.household_id(db, args.household)
        vid = record_visit(db, VisitInput(
            household_id=hid, visit_date=args.date or db.clock.today(), staff_ids=lookup.staff_ids(db, args.staff),
            mode=args.mode, met_whom=args.met, notes=args.note))
        row = get_visit(db, vid)
    finally:
        db.close()
    if args.json:
        print_json({"id": row.id, "household": row.household_id, "address": row.address, "date": row.visit_date,
                    "mode": row.mode, "mode_label": row.mode_label, "staff": list(row.staff), "note": row.notes})
    else:
        print(f"已登记走访 #{row.id}：{row.visit_date.isoformat()} {row.staff_text} {row.mode_label} {row.address}")
    return 0
