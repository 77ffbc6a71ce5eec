"""siibai needs list|add|status|follow-up: the 民情诉求 register from the command line."""

from __future__ import annotations

from ..domain.needs import NeedStatus
from ..services.needs import (
    NeedFilter, NeedInput, add_need, category_id_by_name, change_status, follow_up, get_need, list_needs,
)
from . import lookup
from .common import add_db_option, add_json_option, open_db, parse_date, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("needs", help="民情诉求：列出、登记、改状态、回访")
    sub = p.add_subparsers(dest="action", metavar="操作")
    ls = sub.add_parser("list", help="列出诉求（默认只列未办结的）")
    ls.add_argument("--status", help="只列该状态：" + " / ".join(NeedStatus.labels()))
    ls.add_argument("--category", help="只列该类别")
    ls.add_argument("--household", metavar="户编号或地址")
    ls.add_argument("--overdue", action="store_true", help="只列超过办理期限的")
    ls.add_argument("--all", action="store_true", help="包括已办结、已回访的")
    ls.set_defaults(func=run_list)
    add = sub.add_parser("add", help="登记一条诉求")
    add.add_argument("--household", required=True, metavar="户编号或地址")
    add.add_argument("--category", required=True, help="类别，如 物业维修")
    add.add_argument("--text", required=True, help="诉求内容")
    add.add_argument("--source", default="来电", help="来源：走访 / 来电 / 来访 / 12345（默认来电）")
    add.add_argument("--by", default="", help="提出人")
    add.add_argument("--owner", help="负责的居委干部")
    add.add_argument("--deadline", type=parse_date, metavar="YYYY-MM-DD", help="办理期限")
    add.set_defaults(func=run_add)
    st = sub.add_parser("status", help="改变诉求状态")
    st.add_argument("id", type=int)
    st.add_argument("status", help=" / ".join(NeedStatus.labels()[:4]))
    st.add_argument("--who", default="", help="经办人")
    st.add_argument("--note", default="", help="说明")
    st.add_argument("--to", dest="escalated_to", help="上报给（街道科室、物业、业委会、派出所……）")
    st.add_argument("--resolution", help="办理结果（办结时必填）")
    st.set_defaults(func=run_status)
    fu = sub.add_parser("follow-up", help="回访：满意 / 基本满意 / 不满意（不满意则重新办理）")
    fu.add_argument("id", type=int)
    fu.add_argument("verdict")
    fu.add_argument("--who", default="")
    fu.add_argument("--note", default="")
    fu.set_defaults(func=run_follow_up)
    for q in (ls, add, st, fu):
        add_db_option(q)
        add_json_option(q)
    p.set_defaults(func=lambda args: p.print_help() or 1)


def _json(row) -> dict:
    return {"id": row.id, "household": row.household_id, "address": row.address, "category": row.category,
            "description": row.description, "source": row.source_label, "raised_by": row.raised_by,
            "raised_on": row.raised_on, "owner": row.owner, "escalated_to": row.escalated_to,
            "deadline": row.deadline, "status": row.status, "status_label": row.status_label,
            "resolution": row.resolution, "verdict": row.verdict_label or None, "overdue": row.overdue}


def _show(rows, as_json: bool) -> None:
    if as_json:
        print_json([_json(r) for r in rows])
        return
    for r in rows:
        late = f"逾期{r.overdue_days}天" if r.overdue else ""
        deadline = r.deadline.isoformat() if r.deadline else "-"
        print(f"#{r.id}\t{r.status_label}\t{late}\t{r.category}\t{r.address}\t{r.description}\t期限 {deadline}")


def run_list(args) -> int:
    db = open_db(args)
    try:
        status = NeedStatus.from_label(args.status).value if args.status else None
        filters = NeedFilter(
            statuses=(status,) if status else (), open_only=not args.all and not status,
            category_id=category_id_by_name(db, args.category) if args.category else None,
            household_id=lookup.household_id(db, args.household) if args.household else None,
            overdue_only=args.overdue)
        rows = list_needs(db, filters)
    except ValueError:
        db.close()
        print(f"错误：状态应为 {' / '.join(NeedStatus.labels())}")
        return 1
    db.close()
    _show(rows, args.json)
    if not args.json:
        print(f"共 {len(rows)} 条")
    return 0


def run_add(args) -> int:
    db = open_db(args)
    try:
        nid = add_need(db, NeedInput(
            household_id=lookup.household_id(db, args.household), category_id=category_id_by_name(db, args.category),
            description=args.text, source=args.source, raised_by=args.by,
            owner_staff_id=lookup.staff_id(db, args.owner), deadline=args.deadline))
        row = get_need(db, nid)
    finally:
        db.close()
    _show([row], args.json)
    return 0


def run_status(args) -> int:
    db = open_db(args)
    try:
        change_status(db, args.id, args.status, args.who, args.note, escalated_to=args.escalated_to,
                      resolution=args.resolution)
        row = get_need(db, args.id)
    finally:
        db.close()
    _show([row], args.json)
    return 0


def run_follow_up(args) -> int:
    db = open_db(args)
    try:
        follow_up(db, args.id, args.verdict, args.who, args.note)
        row = get_need(db, args.id)
    finally:
        db.close()
    _show([row], args.json)
    return 0
