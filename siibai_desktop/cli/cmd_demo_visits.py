"""siibai demo-visits: add generated visits and needs to a demo roster (after demo-data)."""

from __future__ import annotations

import sys

from ..services.demo_visits import generate_visits
from .common import add_db_option, add_json_option, open_db, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("demo-visits", help="为演示花名册生成走访记录和诉求（虚构数据）")
    add_db_option(p)
    add_json_option(p)
    p.add_argument("--per-household", type=float, default=2.0, help="每户每年平均走访次数（必访户约为其 4 倍，默认 2）")
    p.add_argument("--days", type=int, default=365, help="覆盖最近多少天（默认 365）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子")
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_db(args)
    try:
        summary = generate_visits(db, per_household=args.per_household, days=args.days, seed=args.seed)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    if args.json:
        print_json(summary)
    else:
        print(f"已生成 {summary.visits} 次走访、{summary.needs} 条诉求")
    return 0
