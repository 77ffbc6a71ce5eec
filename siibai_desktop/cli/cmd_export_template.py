"""siibai export-template OUT: a blank roster with the headers the import expects."""

from __future__ import annotations

from ..services.roster_export import export_template


def register(subparsers) -> None:
    p = subparsers.add_parser("export-template", help="生成空白的花名册导入模板（.xlsx）")
    p.add_argument("out", metavar="OUT", help="输出文件（.xlsx）")
    p.set_defaults(func=run)


def run(args) -> int:
    out = args.out if args.out.lower().endswith(".xlsx") else args.out + ".xlsx"
    export_template(out)
    print(f"已生成导入模板：{out}")
    return 0
