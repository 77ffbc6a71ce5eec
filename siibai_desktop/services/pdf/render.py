"""Draw laid-out pages (see sheet_layout.py) into a PDF with reportlab's canvas."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .fonts import split_runs
from .sheet_layout import PAGE_H, PAGE_W


def draw_page(c: Canvas, ops: list[tuple], font: str) -> None:
    """One page's operations; y is flipped (the layout measures from the top).

    A text with a character the main font lacks (生僻字) is drawn in runs with the
    fallback font that has it."""
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    size = None
    width = None
    for op in ops:
        kind = op[0]
        if kind == "T":
            text = op[4]
            if op[3] != size:
                size = op[3]
                c.setFont(font, size)
            if text.isascii() or all(ord(ch) in cmap for ch in text):
                c.drawString(op[1], PAGE_H - op[2], text)
            else:
                x = op[1]
                for run_font, run in split_runs(text, font):
                    c.setFont(run_font, size)
                    c.drawString(x, PAGE_H - op[2], run)
                    x += pdfmetrics.stringWidth(run, run_font, size)
                c.setFont(font, size)
        elif kind == "L":
            if op[5] != width:
                width = op[5]
                c.setLineWidth(width)
            c.line(op[1], PAGE_H - op[2], op[3], PAGE_H - op[4])
        else:  # "R"
            _, x, y, w, h, fill, lw = op
            if fill is not None:
                c.setFillGray(fill)
            if lw and lw != width:
                width = lw
                c.setLineWidth(lw)
            c.rect(x, PAGE_H - y - h, w, h, stroke=1 if lw else 0, fill=0 if fill is None else 1)
            if fill is not None:
                c.setFillGray(0)


def render_pdf(out: str | BinaryIO, pages: Iterable[list[tuple]], font: str, title: str = "",
               author: str = "") -> int:
    """Write the pages to a PDF (fonts embedded as subsets); returns the number of pages."""
    c = Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=font, initialFontSize=10)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("四百走访")
    n = 0
    for ops in pages:
        draw_page(c, ops, font)
        c.showPage()
        n += 1
    c.save()
    return n
