"""Reports the street office asks for, computed from the records: on screen, PDF, .xlsx.

Each report is a function (db, start, end, **options) -> Report in its own module;
REPORTS lists them for the GUI and `siibai report NAME`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path

from ...db.engine import Database
from ..committee import get_committee
from ..errors import NotFound, UserError
from .model import Chart, Column, Report, Table, WritingSpace, month_end, month_start


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str
    period: str  # month | range | date
    module: str
    function: str
    description: str

    def build(self):
        return getattr(importlib.import_module(f"{__name__}.{self.module}"), self.function)


REPORTS: dict[str, ReportSpec] = {s.key: s for s in (
    ReportSpec("elderly90", "90岁以上老人月报", "month", "elderly", "elderly_report",
               "当月90周岁及以上老人名单及与上月相比的变动（新满90岁、迁入、去世、迁出）"),
    ReportSpec("tags", "标签筛查名单", "date", "tag_screening", "tag_screening_report",
               "具备所选标签、年龄在范围内的居民（以截止日期计）"),
    ReportSpec("coverage", "走访覆盖率（按工作人员）", "date", "coverage", "coverage_report",
               "每位块长网格内的户数、近12个月已走访户数及占比"),
    ReportSpec("scorecard", "四百走访成绩单", "range", "scorecard", "scorecard_report",
               "半年或全年：走访户数人数、走访方式、诉求办结与满意度、应访按时完成率"),
    ReportSpec("monthly-review", "月谈会“五个一”", "month", "monthly_review", "monthly_review_report",
               "当月数据填入五个一，附一个已解决的案例和书写空白"),
)}


def find_report(name: str) -> ReportSpec:
    """A report by key (elderly90) or Chinese title."""
    text = (name or "").strip()
    for spec in REPORTS.values():
        if text in (spec.key, spec.title) or (text and text in spec.title):
            return spec
    raise NotFound(f"没有名为“{name}”的报表（可用：{'、'.join(s.key + ' ' + s.title for s in REPORTS.values())}）")


def default_period(spec: ReportSpec, today: dt.date) -> tuple[dt.date, dt.date]:
    """Last full month for monthly reports, this half year so far for ranges, today for dates."""
    if spec.period == "month":
        last = month_start(today) - dt.timedelta(days=1)
        return month_start(last), last
    if spec.period == "range":
        first = dt.date(today.year, 1 if today.month <= 6 else 7, 1)
        return first, today
    return today, today


def run_report(db: Database, key: str, start: dt.date | None = None, end: dt.date | None = None,
               **options) -> Report:
    """Compute a report from the records; dates default to the report's usual period."""
    spec = find_report(key)
    today = db.clock.today()
    d_start, d_end = default_period(spec, today)
    start = start or (end if spec.period == "date" and end else d_start)
    if spec.period == "month":  # a monthly report is about the month that holds `start`
        start, end = month_start(start), month_end(start)
    end = end or (d_end if spec.period == "range" else start)
    if end < start:
        raise UserError("截止日期不能早于起始日期")
    report = spec.build()(db, start, end, **options)
    committee = get_committee(db)
    return dataclasses.replace(report, committee=committee.name if committee else "", made_on=today)


def save_report(report: Report, out: str | Path, db: Database | None = None) -> int:
    """Save as .pdf or .xlsx by the file's suffix; return the PDF's pages (0 for .xlsx).

    With `db`, the file is written to the audit trail (reports list residents by name).
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise UserError("请保存为 .pdf 或 .xlsx 文件")
    try:
        if suffix == ".pdf":
            from .pdf import save_report_pdf
            pages = save_report_pdf(report, path)
        else:
            from .xlsx import save_report_xlsx
            save_report_xlsx(report, path)
            pages = 0
    except OSError as exc:
        raise UserError(f"无法保存到 {path}：{exc.strerror or exc}") from exc
    if db is not None:
        from ..audit import record

        record(db, "print" if suffix == ".pdf" else "export", path.name,
               {"what": report.title, "from": str(report.start), "to": str(report.end)})
    return pages


__all__ = ["REPORTS", "Chart", "Column", "Report", "ReportSpec", "Table", "WritingSpace", "default_period",
           "find_report", "month_end", "month_start", "run_report", "save_report"]
