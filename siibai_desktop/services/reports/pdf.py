"""A report as PDF: header, figures, a bar chart, tables that run over pages with their
header repeated, spaces to write on, and "第 n 页 共 N 页" in the footer."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm

from ...domain.certificates import chinese_date
from ..pdf.fonts import string_width
from ..pdf.layout import A4, A4_LANDSCAPE, Box, Page, text_line, wrap
from ..pdf.page_pdf import pages_to_pdf
from .model import Chart, Report, Table, WritingSpace

MARGIN = 15 * mm
GRAY = (0.88, 0.88, 0.88)
BAR = (0.25, 0.45, 0.75)
CELL = 9.5
LEADING = 13.0
PAD = 3.0


class _Pages:
    """A cursor that opens a new page when the next block does not fit."""

    def __init__(self, report: Report):
        self.size = A4_LANDSCAPE if report.landscape else A4
        self.pages: list[Page] = []
        self.left, self.right = MARGIN, self.size[0] - MARGIN
        self.bottom = MARGIN + 10 * mm  # room for the footer
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page(*self.size))
        self.y = self.size[1] - MARGIN

    def need(self, height: float) -> bool:
        """Make room for `height`; True if a new page was started."""
        if self.y - height < self.bottom:
            self.new_page()
            return True
        return False

    def text(self, x: float, text: str, size: float, align: str = "left") -> None:
        self.page.items.append(text_line(x, self.y, text, size, align=align))


def _header(p: _Pages, r: Report) -> None:
    width = p.right - p.left
    p.y -= 18
    size = min(18.0, 18.0 * width / max(string_width(r.title, 18.0), 1))
    p.text((p.left + p.right) / 2, r.title, size, "center")
    p.y -= 20
    sub = "　".join(x for x in (r.committee, r.period) if x)
    p.text((p.left + p.right) / 2, sub, 11, "center")
    if r.made_on:
        p.y -= 15
        p.text(p.right, f"制表日期：{chinese_date(r.made_on)}", 9, "right")
    p.y -= 10


def _figures(p: _Pages, r: Report) -> None:
    if not r.figures:
        return
    col_w = (p.right - p.left) / 2
    for i, (label, value) in enumerate(r.figures):
        lines = wrap(f"{label}：{value}", col_w - 8, 10.5)
        if i % 2 == 0:
            p.need(16 * len(lines))
            row_y = p.y
        x = p.left + (i % 2) * col_w
        for j, line in enumerate(lines):
            p.page.items.append(text_line(x, row_y - 14 - 15 * j, line, 10.5))
        if i % 2 == 1 or i == len(r.figures) - 1:
            taken = max(len(wrap(f"{a}：{b}", col_w - 8, 10.5)) for a, b in r.figures[i - i % 2:i + 1])
            p.y = row_y - 15 * taken
    p.y -= 10


def _chart(p: _Pages, chart: Chart) -> None:
    if not chart.values:
        return
    height = 45 * mm
    p.need(height + 30)
    p.y -= 14
    p.text(p.left, chart.title, 11)
    base = p.y - height + 14
    top = max(chart.values) or 1
    n = len(chart.values)
    slot = min((p.right - p.left) / n, 60.0)
    label_size = 8.0
    for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
        bar_h = (height - 40) * value / top
        x = p.left + i * slot + slot * 0.15
        p.page.items.append(Box(x, base, slot * 0.7, bar_h, stroke=None, fill=BAR, line_width=0))
        val = f"{value:g}"
        p.page.items.append(text_line(x + slot * 0.35, base + bar_h + 3, val, label_size, align="center"))
        short = label
        while string_width(short, label_size) > slot - 2 and len(short) > 1:
            short = short[:-1]
        p.page.items.append(text_line(x + slot * 0.35, base - 11, short + ("…" if short != label else ""),
                                      label_size, align="center"))
    p.page.items.append(Box(p.left, base, min(n * slot, p.right - p.left), 0.6, stroke=None, fill=(0, 0, 0)))
    p.y = base - 24


def _cell_lines(text: str, width: float) -> list[str]:
    if not text:
        return [""]
    if string_width(text, CELL) <= width:
        return [text]
    return wrap(text, width, CELL)


def _table(p: _Pages, table: Table) -> None:
    width = p.right - p.left
    total = sum(c.weight for c in table.columns)
    widths = [width * c.weight / total for c in table.columns]
    xs = [p.left + sum(widths[:i]) for i in range(len(widths))]

    def header() -> None:
        height = LEADING + 2 * PAD
        p.page.items.append(Box(p.left, p.y - height, width, height, stroke=(0, 0, 0), fill=GRAY, line_width=0.5))
        for x, w, col in zip(xs, widths, table.columns):
            p.page.items.append(text_line(x + w / 2, p.y - PAD - CELL, col.title, CELL, align="center"))
        p.y -= height

    p.need(14 + 3 * (LEADING + 2 * PAD))
    p.y -= 14
    p.text(p.left, f"{table.title}（{len(table.rows)}）", 12)
    p.y -= 8
    header()
    if not table.rows:
        p.y -= LEADING
        p.text(p.left + PAD, "（无）", CELL)
        p.y -= 8
        return
    for row in table.rows:
        cells = [_cell_lines("" if v is None else str(v), w - 2 * PAD) for v, w in zip(row, widths)]
        height = max(len(c) for c in cells) * LEADING + 2 * PAD
        if p.need(height):
            header()
        p.page.items.append(Box(p.left, p.y - height, width, height, stroke=(0.6, 0.6, 0.6), line_width=0.3))
        for x, w, col, lines in zip(xs, widths, table.columns, cells):
            for j, line in enumerate(lines):
                y = p.y - PAD - CELL - j * LEADING + 1
                if col.align == "right":
                    p.page.items.append(text_line(x + w - PAD, y, line, CELL, align="right"))
                else:
                    p.page.items.append(text_line(x + PAD, y, line, CELL))
        p.y -= height
    p.y -= 6


def _space(p: _Pages, space: WritingSpace) -> None:
    width = p.right - p.left
    fact_lines = [line for fact in space.facts for line in wrap(fact, width - 12, 10.5)]
    p.need(22 + 15 * min(len(fact_lines), 6) + 24 * min(space.blank_lines, 2))
    p.y -= 16
    p.text(p.left, space.heading, 12)
    p.y -= 6
    for line in fact_lines:
        p.need(15)
        p.y -= 15
        p.text(p.left + 12, line, 10.5)
    for _ in range(space.blank_lines):
        p.need(24)
        p.y -= 24
        p.page.items.append(Box(p.left, p.y, width, 0.4, stroke=None, fill=(0.5, 0.5, 0.5), line_width=0))
    p.y -= 6


def report_pages(report: Report) -> list[Page]:
    """Lay the whole report out into pages (numbered)."""
    p = _Pages(report)
    _header(p, report)
    _figures(p, report)
    for chart in report.charts[:2]:
        _chart(p, chart)
    for space in report.spaces:
        _space(p, space)
    for table in report.tables:
        _table(p, table)
    for note in report.notes:
        for line in wrap(note, p.right - p.left, 9):
            p.need(13)
            p.y -= 13
            p.text(p.left, line, 9)
    total = len(p.pages)
    for n, page in enumerate(p.pages, 1):
        page.items.append(text_line(page.width / 2, MARGIN, f"{report.title}　第 {n} 页 共 {total} 页", 8.5,
                                    align="center"))
    return p.pages


def save_report_pdf(report: Report, out: str | Path) -> int:
    """Write the report as PDF; return the number of pages."""
    pages = report_pages(report)
    pages_to_pdf(pages, Path(out), title=f"{report.title} {report.period}", author=report.committee)
    return len(pages)
