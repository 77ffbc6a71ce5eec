"""A page as a list of drawn things, in points from the bottom-left corner.

Certificates are laid out once into a `Page`; `page_pdf.draw_page` puts it on a reportlab
canvas, and the GUI paints the very same page with QPainter for the live preview. So
the preview is the document (same positions, same font files), and it needs neither
QtPdf nor a rasteriser, which also holds on Windows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm

from .fonts import main_font, split_runs, string_width

A4 = (210 * mm, 297 * mm)
A4_LANDSCAPE = (297 * mm, 210 * mm)
BLACK = (0.0, 0.0, 0.0)
RED = (0.75, 0.0, 0.0)

# 禁则: these may not begin a line, these may not end one.
NO_LINE_START = set("，。、；：？！）》」』”’〕】…—·%,.;:?!)")
NO_LINE_END = set("（《「『“‘〔【(")


@dataclass(frozen=True)
class Text:
    """One line of text starting at (x, y) on the baseline, already cut into font runs."""

    x: float
    y: float
    size: float
    runs: tuple[tuple[str, str], ...]
    color: tuple[float, float, float] = BLACK

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.runs)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    stroke: tuple[float, float, float] | None = BLACK
    fill: tuple[float, float, float] | None = None
    line_width: float = 0.5


@dataclass(frozen=True)
class Picture:
    """A PNG (transparency kept), e.g. the seal."""

    x: float
    y: float
    w: float
    h: float
    png: bytes


@dataclass
class Page:
    width: float
    height: float
    items: list = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(i.text for i in self.items if isinstance(i, Text))


def text_line(x: float, y: float, text: str, size: float, align: str = "left",
              font: str | None = None, color=BLACK) -> Text:
    """A line aligned left at x, centred on x, or ending at x (align='right')."""
    font = font or main_font()
    width = string_width(text, size, font)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    return Text(x, y, size, tuple(split_runs(text, font)), color)


_WORD = re.compile(r"[A-Za-z0-9.\-/]+|.", re.S)


def wrap(text: str, width: float, size: float, first_indent: float = 0.0, font: str | None = None) -> list[str]:
    """Break `text` into lines no wider than `width`: between any two Chinese characters,
    never inside a number or Latin word (an ID number stays on one line), and keeping
    punctuation off the start of a line."""
    font = font or main_font()
    lines: list[str] = []
    line = ""
    used = first_indent
    for token in _WORD.findall(text):
        w = string_width(token, size, font)
        if len(token) > 1 and w > width:  # a word longer than a line: cut it anyhow
            for ch in token:
                line, used = _add(lines, line, used, ch, string_width(ch, size, font), width, size, font)
            continue
        line, used = _add(lines, line, used, token, w, width, size, font)
    if line or not lines:
        lines.append(line)
    return lines


def _add(lines: list[str], line: str, used: float, token: str, w: float, width: float, size: float,
         font: str) -> tuple[str, float]:
    if line and used + w > width + 0.01:
        if token[0] in NO_LINE_START and len(line) > 1:
            # carry the last character down with the punctuation
            token, line = line[-1] + token, line[:-1]
        elif line[-1] in NO_LINE_END and len(line) > 1:
            token, line = line[-1] + token, line[:-1]
        lines.append(line)
        return token, string_width(token, size, font)
    return line + token, used + w


def paragraph(page: Page, x: float, top: float, width: float, text: str, size: float,
              leading: float, indent_chars: float = 2, font: str | None = None) -> float:
    """Add a paragraph whose first baseline is `top`; return the next free baseline."""
    font = font or main_font()
    indent = indent_chars * size
    y = top
    for i, line in enumerate(wrap(text, width, size, indent, font)):
        page.items.append(text_line(x + (indent if i == 0 else 0), y, line, size, font=font))
        y -= leading
    return y


def paragraph_height(text: str, width: float, size: float, leading: float, indent_chars: float = 2) -> float:
    return len(wrap(text, width, size, indent_chars * size)) * leading


def qr_boxes(x: float, y: float, side: float, data: str) -> list[Box]:
    """A QR code (error correction M) as filled squares, joined along rows."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.make()
    count = qr.getModuleCount()
    cell = side / count
    boxes = []
    for r, row in enumerate(qr.modules):
        c = 0
        while c < count:
            if row[c]:
                start = c
                while c < count and row[c]:
                    c += 1
                boxes.append(Box(x + start * cell, y + side - (r + 1) * cell, (c - start) * cell, cell,
                                 stroke=None, fill=BLACK, line_width=0))
            else:
                c += 1
    return boxes
