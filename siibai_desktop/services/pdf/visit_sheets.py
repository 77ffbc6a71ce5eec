"""Printed visit sheets (走访单) for a visit day: a cover list of the route, then one A4
page per household. PDF with the Chinese font embedded; the GUI prints the same pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ...db.engine import Database
from ..audit import record
from ..committee import get_committee
from ..sheet_data import sheet_data
from ..visit_day import VisitDayPlan, get_plan
from .fonts import available_fonts, main_font
from .render import render_pdf
from .sheet_layout import CoverLine, SheetContext, SheetLayout, day_text


@dataclass(frozen=True)
class SheetRun:
    """Laid-out pages of one print run, for the PDF writer or the GUI's QPainter."""

    title: str
    pages: tuple[list[tuple], ...]
    forms: dict[str, list[tuple]]   # shared parts the pages place with ("F", name, dy)
    households: int
    font_name: str
    font_path: str


@dataclass(frozen=True)
class SheetsResult:
    path: str
    households: int
    pages: int


def plan_sheet_pages(db: Database, plan: VisitDayPlan) -> SheetRun:
    """Lay out the cover list and every household's sheet of a plan."""
    font = main_font()
    layout = SheetLayout(font)
    committee = get_committee(db)
    ctx = SheetContext(committee.name if committee else "居民委员会", plan.day, plan.staff or "", plan.grid or "")
    due = {}
    labels = {}
    for line in plan.lines:
        label = line.status_text
        if line.reason.startswith(label):  # 需求清：从未走访 says it already
            label = ""
        labels[line.household_id] = label
        due[line.household_id] = (label, line.due_date, (line.reason,) if line.reason else ())
    sheets = sheet_data(db, [line.household_id for line in plan.lines], due, today=plan.day)
    who = "、".join(x for x in (plan.staff, plan.grid) if x) or "全居委"
    title = f"集中走访路线 {day_text(plan.day)} {who}"
    cover = layout.cover(ctx, [
        CoverLine(i, line.code, line.building, line.room or line.address, "、".join(line.residents),
                  labels[line.household_id], line.reason, line.state == "overdue")
        for i, line in enumerate(plan.lines, 1)
    ], title)
    pages = list(cover)
    total = len(sheets)
    for i, data in enumerate(sheets, 1):
        pages.append(layout.sheet(data, ctx, i, total))
    path = next((str(f.path) for f in available_fonts() if f.name == font), "")
    return SheetRun(title, tuple(pages), layout.forms, total, font, path)


def visit_sheet_pages(db: Database, plan_id: int) -> SheetRun:
    """The pages of a stored plan (for print preview)."""
    return plan_sheet_pages(db, get_plan(db, plan_id))


def write_visit_sheets(db: Database, out: str | Path | BinaryIO, plan_id: int) -> SheetsResult:
    """Write a plan's cover list and sheets to a PDF file (or binary stream)."""
    run = visit_sheet_pages(db, plan_id)
    target = str(out) if isinstance(out, (str, Path)) else out
    n = render_pdf(target, run.pages, run.font_name, title=run.title, author="四百走访", forms=run.forms)
    record(db, "print", f"visit_day_plans#{plan_id}", {"what": "走访单", "households": run.households, "pages": n})
    return SheetsResult(str(out) if isinstance(out, (str, Path)) else "", run.households, n)
