"""siibai due-visits: the due list (必访清单) for today or a given day, a staff member or a grid."""

from __future__ import annotations

from ..services.due import due_list
from . import lookup
from .common import add_date_option, add_db_option, add_json_option, open_db, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("due-visits", help="必访清单：哪些户需要走访、为什么、何时到期")
    p.add_argument("--staff", metavar="姓名", help="只列该居委干部网格内的户")
    p.add_argument("--grid", metavar="网格", help="只列该网格内的户")
    add_date_option(p, "以该日期为“今天”（YYYY-MM-DD，默认今天）")
    p.add_argument("--all", action="store_true", help="也列出未到期和本期已访的户")
    add_db_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_db(args)
    try:
        lines = due_list(db, staff_id=lookup.staff_id(db, args.staff), grid_id=lookup.grid_id(db, args.grid),
                         include_not_due=args.all)
    finally:
        db.close()
    if args.json:
        print_json([{
            "household": line.household_id, "address": line.address, "residents": list(line.residents),
            "rules": list(line.rules),
            "last_visit": ({"date": line.last_visit_date, "mode": line.last_visit_mode,
                            "staff": line.last_visit_staff} if line.last_visit_date else None),
            "due_date": line.due_date, "state": line.state, "state_label": line.state_label,
            "overdue_days": line.overdue_days, "reason": line.reason, "grid": line.grid, "staff": line.staff,
        } for line in lines])
        return 0
    for line in lines:
        print(f"{line.state_label}\t{line.due_date.isoformat()}\t{line.address}\t{'、'.join(line.residents)}"
              f"\t{'、'.join(line.rules)}\t{line.reason}")
    counts = {}
    for line in lines:
        key = "逾期" if line.state == "overdue" else line.state_label
        counts[key] = counts.get(key, 0) + 1
    summary = "，".join(f"{k} {v} 户" for k, v in counts.items())
    print(f"共 {len(lines)} 户" + (f"（{summary}）" if summary else ""))
    return 0
