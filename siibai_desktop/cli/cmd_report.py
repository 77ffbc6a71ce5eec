"""siibai report NAME --from DATE --to DATE --out FILE.pdf|.xlsx: the office's reports."""

from __future__ import annotations

from ..services.reports import REPORTS, find_report, run_report, save_report
from .common import add_date_option, add_db_option, add_json_option, open_db, parse_date, print_json


def register(subparsers) -> None:
    names = "；".join(f"{s.key}（{s.title}）" for s in REPORTS.values())
    p = subparsers.add_parser("report", help="报表：" + "、".join(s.title for s in REPORTS.values()),
                              description=f"可用报表：{names}")
    p.add_argument("name", help="报表名称，如 elderly90、tags、coverage、scorecard、monthly-review")
    p.add_argument("--from", dest="start", type=parse_date, help="起始日期 YYYY-MM-DD（月报取该日所在月份）")
    p.add_argument("--to", dest="end", type=parse_date, help="截止日期 YYYY-MM-DD")
    p.add_argument("--out", help="保存为 .pdf 或 .xlsx；不填则只在屏幕上显示数字")
    p.add_argument("--tag", action="append", default=[], help="标签筛查：标签名称，可多次使用")
    p.add_argument("--all-tags", action="store_true", help="标签筛查：须同时具备全部所选标签")
    p.add_argument("--age-min", type=int, help="标签筛查：最小年龄")
    p.add_argument("--age-max", type=int, help="标签筛查：最大年龄")
    add_db_option(p)
    add_json_option(p)
    add_date_option(p, "以该日期为“今天”（YYYY-MM-DD），默认期间按它计算")
    p.set_defaults(func=run)


def run(args) -> int:
    spec = find_report(args.name)
    options = {}
    if spec.key == "tags":
        options = {"tags": args.tag, "match_all": args.all_tags, "age_min": args.age_min, "age_max": args.age_max}
    db = open_db(args)
    try:
        report = run_report(db, spec.key, args.start, args.end, **options)
        pages = save_report(report, args.out, db=db) if args.out else None
    finally:
        db.close()
    if args.json:
        print_json({"report": spec.key, "title": report.title, "period": report.period,
                    "figures": dict(report.figures), "rows": {t.title: len(t.rows) for t in report.tables},
                    "out": args.out, "pages": pages})
        return 0
    print(f"{report.title}　{report.period}")
    for label, value in report.figures:
        print(f"{label}：{value}")
    for table in report.tables:
        print(f"{table.title}：{len(table.rows)} 行")
    if args.out:
        print(f"已保存：{args.out}" + (f"（{pages} 页）" if pages else ""))
    return 0
