"""siibai audit verify|list: check the audit trail's hash chain, or show recent entries."""

from __future__ import annotations

from ..services.audit import AuditFilter, list_entries, verify_audit
from ..services.policy import SYSTEM_USER
from .common import add_db_option, add_json_option, open_db, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("audit", help="审计日志")
    sub = p.add_subparsers(dest="action", metavar="操作")
    v = sub.add_parser("verify", help="校验审计日志是否被改动，报告第一条被改动的记录")
    add_db_option(v)
    v.set_defaults(func=run_verify)
    lst = sub.add_parser("list", help="列出最近的审计记录")
    add_db_option(lst)
    add_json_option(lst)
    lst.add_argument("--limit", type=int, default=50, help="最多列出多少条（默认 50）")
    lst.add_argument("--action", default="", help="只列出某种操作（如 login、export、update）")
    lst.set_defaults(func=run_list)


def run_verify(args) -> int:
    db = open_db(args)
    try:
        result = verify_audit(db)
    finally:
        db.close()
    print(result.message)
    return 0 if result.ok else 2


def run_list(args) -> int:
    db = open_db(args)
    try:
        # Whoever can open the database file from the command line is its administrator.
        rows = list_entries(db, SYSTEM_USER, AuditFilter(action=args.action), limit=args.limit)
    finally:
        db.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r.id}\t{r.at:%Y-%m-%d %H:%M:%S}\t{r.actor}\t{r.action_label}\t{r.target}\t{r.detail}")
    return 0
