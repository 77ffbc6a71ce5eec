"""siibai residents search QUERY: the same matching as the roster's search box."""

from __future__ import annotations

from ..services.policy import SYSTEM_USER, authorize_full_numbers
from ..services.search import ResidentQuery, search_residents
from ..services.tags import tag_id_by_name
from .common import add_db_option, add_json_option, open_db, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("residents", help="居民花名册")
    sub = p.add_subparsers(dest="action", metavar="操作")
    s = sub.add_parser("search", help="查找居民（姓名、拼音、首字母、身份证号片段、电话、地址）")
    s.add_argument("query", nargs="?", default="", help="查找内容")
    add_db_option(s)
    add_json_option(s)
    s.add_argument("--full-id", action="store_true", help="显示完整身份证号和电话（须用 --reason 说明用途，记入审计日志）")
    s.add_argument("--reason", default="", help="查看完整号码的用途")
    s.add_argument("--tag", help="只列出带该标签的居民")
    s.add_argument("--include-left", action="store_true", help="包括已迁出、已故人员")
    s.add_argument("--limit", type=int, default=200, help="最多列出多少人（默认 200）")
    s.set_defaults(func=run_search)


def run_search(args) -> int:
    db = open_db(args)
    try:
        query = ResidentQuery(text=args.query, include_left=args.include_left,
                              tag_id=tag_id_by_name(db, args.tag) if args.tag else None)
        if args.full_id:
            authorize_full_numbers(db, SYSTEM_USER, args.reason, "命令行查找居民")
        rows = search_residents(db, query, limit=args.limit, full_id=args.full_id)
    finally:
        db.close()
    if args.json:
        print_json([{
            "id": r.id, "name": r.name, "sex": r.sex, "age": r.age, "id_number": r.id_number,
            "phone": r.phone, "address": r.address, "tags": list(r.tags),
            "residence_status": r.residence_status, "state": r.state,
        } for r in rows])
    else:
        for r in rows:
            print(f"{r.name}\t{r.age if r.age is not None else ''}\t{r.id_number}\t{r.phone}\t{r.address}\t{'、'.join(r.tags)}")
        print(f"共 {len(rows)} 人")
    return 0
