"""siibai certificate issue|void|reprint|ledger: 证明开具 from the command line."""

from __future__ import annotations

import sys

from ..services.certificates import (
    CertificateRequest, find_certificate_id, issue_certificate, ledger, reprint_certificate,
    template_by_name, void_certificate,
)
from ..services.errors import NotFound
from ..services.residents import find_resident_by_id_number
from .common import add_db_option, add_json_option, open_db, parse_date, print_json


def register(subparsers) -> None:
    p = subparsers.add_parser("certificate", help="证明开具（居住证明、荣誉证书等）")
    sub = p.add_subparsers(dest="action", metavar="操作")
    i = sub.add_parser("issue", help="开具一份证明并保存为 PDF")
    i.add_argument("--template", required=True, help="模板名称，如 居住证明")
    i.add_argument("--resident", help="居民身份证号")
    i.add_argument("--recipient", default="", help="受证对象（不选居民时，如楼组名称）")
    i.add_argument("--purpose", default="", help="开具用途")
    i.add_argument("--field", action="append", default=[], metavar="名称=内容", help="模板中的自填项，可多次使用")
    i.add_argument("--out", required=True, help="PDF 文件路径")
    i.add_argument("--force", action="store_true", help="有无法打印的生僻字时仍然开具")
    add_db_option(i)
    add_json_option(i)
    i.set_defaults(func=run_issue)
    v = sub.add_parser("void", help="作废一份证明（编号永不再用）")
    v.add_argument("serial", help="证明编号（如 居证〔2026〕第0012号，也可写 居证[2026]12）或核验码")
    v.add_argument("--reason", required=True, help="作废原因")
    add_db_option(v)
    v.set_defaults(func=run_void)
    r = sub.add_parser("reprint", help="补打一份证明（记入台账）")
    r.add_argument("serial", help="证明编号或核验码")
    r.add_argument("--out", required=True, help="PDF 文件路径")
    r.add_argument("--reason", default="", help="补打原因")
    add_db_option(r)
    r.set_defaults(func=run_reprint)
    ledger_p = sub.add_parser("ledger", help="证明开具台账")
    ledger_p.add_argument("--from", dest="start", type=parse_date, help="起始日期 YYYY-MM-DD")
    ledger_p.add_argument("--to", dest="end", type=parse_date, help="截止日期 YYYY-MM-DD")
    add_db_option(ledger_p)
    add_json_option(ledger_p)
    ledger_p.set_defaults(func=run_ledger)


def _fields(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--field 应写成 名称=内容：{item}")
        out[name.strip()] = value.strip()
    return out


def run_issue(args) -> int:
    db = open_db(args)
    try:
        template = template_by_name(db, args.template)
        resident_id = None
        if args.resident:
            resident_id = find_resident_by_id_number(db, args.resident)
            if resident_id is None:
                raise NotFound(f"花名册中没有身份证号为 {args.resident} 的居民")
        request = CertificateRequest(template.id, resident_id, args.purpose, _fields(args.field), args.recipient)
        issued = issue_certificate(db, request, out=args.out, allow_unprintable=args.force)
    finally:
        db.close()
    if args.json:
        print_json({"serial": issued.serial, "verify_code": issued.verify_code, "path": issued.path,
                    "unprintable": list(issued.unprintable)})
    else:
        print(f"已开具：{issued.serial}")
        print(f"核验码：{issued.verify_code}")
        print(f"PDF：{issued.path}")
        if issued.unprintable:
            print(f"注意：以下字无法打印，请手写补全：{'、'.join(issued.unprintable)}", file=sys.stderr)
    return 0


def run_void(args) -> int:
    db = open_db(args)
    try:
        serial = void_certificate(db, args.serial, args.reason)
    finally:
        db.close()
    print(f"已作废：{serial}（原因：{args.reason}）")
    return 0


def run_reprint(args) -> int:
    db = open_db(args)
    try:
        issued = reprint_certificate(db, find_certificate_id(db, args.serial), out=args.out, reason=args.reason)
    finally:
        db.close()
    print(f"已补打：{issued.serial}  PDF：{issued.path}")
    return 0


def run_ledger(args) -> int:
    db = open_db(args)
    try:
        rows = ledger(db, args.start, args.end)
    finally:
        db.close()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r.at:%Y-%m-%d %H:%M}\t{r.action_label}\t{r.serial}\t{r.template}\t{r.recipient}\t{r.purpose}\t{r.by}\t{r.note}")
    print(f"共 {len(rows)} 条")
    return 0
