"""A report as .xlsx (xlsxwriter): 概况 with the figures and a chart, one sheet per table."""

from __future__ import annotations

import re
from pathlib import Path

import xlsxwriter

from .model import Report

_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    base = _BAD.sub("", title)[:28] or "表"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}{n}", n + 1
    used.add(name)
    return name


def save_report_xlsx(report: Report, out: str | Path) -> None:
    """Write the report; figures as text, table numbers as numbers."""
    book = xlsxwriter.Workbook(str(out), {"constant_memory": False})
    try:
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        head = book.add_format({"bold": True, "bg_color": "#E0E0E0", "border": 1, "text_wrap": True})
        cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        used: set[str] = set()
        summary = book.add_worksheet(_sheet_name("概况", used))
        summary.set_column(0, 0, 22)
        summary.set_column(1, 1, 40)
        summary.write(0, 0, report.title, title)
        summary.write(1, 0, "　".join(x for x in (report.committee, report.period) if x))
        row = 3
        for label, value in report.figures:
            summary.write(row, 0, label, bold)
            summary.write(row, 1, value)
            row += 1
        for space in report.spaces:
            row += 1
            summary.write(row, 0, space.heading, bold)
            for fact in space.facts:
                row += 1
                summary.write(row, 1, fact)
            row += 1 + space.blank_lines
        for note in report.notes:
            row += 1
            summary.write(row, 0, note)
        for i, chart in enumerate(report.charts[:2]):
            data_row = row + 3
            summary.write(data_row, 0, chart.title, bold)
            for j, (label, value) in enumerate(zip(chart.labels, chart.values)):
                summary.write(data_row + 1 + j, 0, label)
                summary.write_number(data_row + 1 + j, 1, value)
            xl = book.add_chart({"type": "pie" if chart.kind == "pie" else "column"})
            name = summary.get_name()
            xl.add_series({"name": chart.title,
                           "categories": [name, data_row + 1, 0, data_row + len(chart.values), 0],
                           "values": [name, data_row + 1, 1, data_row + len(chart.values), 1]})
            xl.set_title({"name": chart.title})
            xl.set_legend({"none": chart.kind != "pie"})
            summary.insert_chart(3 + 16 * i, 3, xl)
            row = data_row + len(chart.values) + 1
        for table in report.tables:
            sheet = book.add_worksheet(_sheet_name(table.title, used))
            total = sum(c.weight for c in table.columns) or 1
            for j, col in enumerate(table.columns):
                sheet.set_column(j, j, max(6, 90 * col.weight / total))
                sheet.write(0, j, col.title, head)
            for i, values in enumerate(table.rows, 1):
                for j, value in enumerate(values):
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        sheet.write_number(i, j, value, cell)
                    else:
                        sheet.write_string(i, j, "" if value is None else str(value), cell)
            sheet.freeze_panes(1, 0)
            if table.rows:
                sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    finally:
        book.close()
