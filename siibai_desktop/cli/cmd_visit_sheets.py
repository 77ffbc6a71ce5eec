"""siibai visit-sheets OUT.pdf: the visit day's route cover list and one sheet per household.

Uses the stored plan for that day and staff member / grid; when there is none yet, plans
it (due households first, walking order) and keeps the plan, so the office's screen and
the printed sheets agree.
"""

from __future__ import annotations

from ..domain.visit_day import next_visit_day
from ..services.database import open_app_database
from ..services.pdf.visit_sheets import write_visit_sheets
from ..services.visit_day import DEFAULT_LIMIT, find_plan, plan_visit_day
from .common import add_date_option, add_db_option, add_json_option, print_json
from .lookup import grid_id as find_grid, staff_id as find_staff


def register(subparsers) -> None:
    p = subparsers.add_parser("visit-sheets", help="打印集中走访单（PDF：路线表 + 每户一页）")
    p.add_argument("out", metavar="OUT.pdf", help="输出的 PDF 文件")
    p.add_argument("--staff", metavar="姓名", help="走访的居委干部（其网格内的户）")
    p.add_argument("--grid", metavar="网格", help="只安排该网格内的户")
    add_date_option(p, "走访日 YYYY-MM-DD（默认：下一个周四）")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"新计划最多安排多少户（默认 {DEFAULT_LIMIT}）")
    p.add_argument("--replan", action="store_true", help="丢弃该日已有的计划，重新安排")
    add_db_option(p)
    add_json_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    db = open_app_database(args.db)
    try:
        day = args.date or next_visit_day(db.clock.today())
        staff_id, grid_id = find_staff(db, args.staff), find_grid(db, args.grid)
        existed = find_plan(db, day, staff_id, grid_id) is not None
        plan_id = plan_visit_day(db, day, staff_id, grid_id, limit=args.limit, replace=args.replan)
        result = write_visit_sheets(db, args.out, plan_id)
    finally:
        db.close()
    if args.json:
        print_json({"path": result.path, "day": day, "households": result.households, "pages": result.pages,
                    "plan_id": plan_id, "new_plan": not existed or args.replan})
    else:
        note = "沿用已有计划" if existed and not args.replan else "已新建计划"
        print(f"已生成 {result.path}：{result.households} 户，共 {result.pages} 页（走访日 {day.isoformat()}，{note}）")
    return 0
