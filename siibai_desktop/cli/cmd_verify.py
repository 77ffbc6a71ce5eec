"""siibai verify CODE: is a certificate genuine, whose is it, was it voided?"""

from __future__ import annotations

from ..services.certificates import verify
from .common import add_db_option, add_json_option, open_db, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("verify", help="核验证明真伪（证明上的核验码或二维码内容）")
    p.add_argument("code", help="核验码，如 1-2026-0012-ABCD2345")
    add_db_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_db(args)
    try:
        result = verify(db, args.code)
    finally:
        db.close()
    if args.json:
        print_json(result)
    else:
        print(result.message)
        if result.genuine:
            print(f"编号：{result.serial}\n模板：{result.template}\n开具给：{result.recipient}"
                  + (f"（{result.id_number_masked}）" if result.id_number_masked else ""))
    # exit 0 genuine and valid, 2 voided, 3 not genuine: scripts can tell them apart
    return 0 if result.genuine and not result.voided else 2 if result.genuine else 3
