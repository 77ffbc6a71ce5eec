"""siibai demo-data: fill an empty database with a generated roster of any size."""

from __future__ import annotations

import sys
import time

from ..services.committee import get_committee, save_committee
from ..services.demo import DEMO_COMMITTEE, generate_roster
from .common import add_db_option, add_json_option, open_db, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("demo-data", help="生成演示花名册（虚构数据）")
    add_db_option(p)
    add_json_option(p)
    p.add_argument("--residents", type=int, default=3000, help="居民人数（默认 3000）")
    p.add_argument("--seed", type=int, default=2026, help="随机种子（相同种子生成相同数据）")
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_db(args)
    started = time.perf_counter()
    try:
        if get_committee(db) is None:
            save_committee(db, DEMO_COMMITTEE)
        try:
            summary = generate_roster(db, residents=args.residents, seed=args.seed)
        except ValueError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 1
    finally:
        db.close()
    if args.json:
        print_json(summary)
    else:
        print(f"已生成 {summary.compounds} 个小区、{summary.buildings} 幢楼、{summary.households} 户、"
              f"{summary.residents} 名居民、{summary.staff} 名工作人员，用时 {time.perf_counter() - started:.1f} 秒")
    return 0
