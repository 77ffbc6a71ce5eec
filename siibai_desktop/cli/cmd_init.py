"""siibai init: create (or migrate) the database and optionally name the committee."""

from __future__ import annotations

from ..services.committee import CommitteeInfo, get_committee, save_committee
from .common import add_db_option, open_db


def register(subparsers) -> None:
    p = subparsers.add_parser("init", help="创建或升级数据库")
    add_db_option(p)
    p.add_argument("--committee", help="居委会名称")
    p.add_argument("--street-office", default="", help="所属街道")
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_db(args)
    try:
        if args.committee:
            save_committee(db, CommitteeInfo(name=args.committee, street_office=args.street_office))
        committee = get_committee(db)
        print(f"数据库已就绪：{db.url}" + (f"（{committee.name}）" if committee else ""))
    finally:
        db.close()
    return 0
