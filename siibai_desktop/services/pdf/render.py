"""Draw laid-out pages (see sheet_layout.py) into a PDF with reportlab's canvas."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import BinaryIO

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .fonts import split_runs
from .sheet_layout import PAGE_H, PAGE_W


def _graphics(ops: list[tuple]) -> str:
    """Lines and boxes as raw PDF operators (reportlab's per-number formatting is the slow
    part at a thousand pages); y flipped, black strokes, grey fills."""
    out = ["q 0 G"]
    width = None
    for op in ops:
        kind = op[0]
        if kind == "L":
            _, x1, y1, x2, y2, lw = op
            if lw != width:
                width = lw
                out.append(f"{lw:.2f} w")
            out.append(f"{x1:.2f} {PAGE_H - y1:.2f} m {x2:.2f} {PAGE_H - y2:.2f} l S")
        elif kind == "R":
            _, x, y, w, h, fill, lw = op
            box = f"{x:.2f} {PAGE_H - y - h:.2f} {w:.2f} {h:.2f} re"
            if lw and lw != width:
                width = lw
                out.append(f"{lw:.2f} w")
            if fill is not None:
                out.append(f"{fill:.3f} g {box} {'B' if lw else 'f'}")
            elif lw:
                out.append(f"{box} S")
    out.append("Q")
    return "\n".join(out)


_PRINTABLE: dict[str, set[str]] = {}
_A85_LOCK = threading.Lock()


def _printable(font: str) -> set[str]:
    """Characters known to be in the font, grown as texts are checked (a C-speed subset test)."""
    return _PRINTABLE.setdefault(font, set())


def _learn(printable: set[str], font: str, text: str) -> bool:
    """True when the font has every character of `text` (remembering them)."""
    cmap = pdfmetrics.getFont(font).face.charToGlyph
    missing = False
    for ch in set(text) - printable:
        if ord(ch) in cmap:
            printable.add(ch)
        else:
            missing = True
    return not missing


def draw_page(c: Canvas, ops: list[tuple], font: str) -> None:
    """One page: lines and boxes first, then the text on top of them.

    A text with a character the main font lacks (生僻字) is drawn in runs with the
    fallback font that has it."""
    c.addLiteral(_graphics(ops))
    for op in ops:
        if op[0] == "F":  # a shared part, defined once (define_forms), moved down by dy
            c.saveState()
            c.translate(0, -op[2])
            c.doForm(op[1])
            c.restoreState()
    printable = _printable(font)
    size = None
    for op in ops:
        if op[0] != "T":
            continue
        text = op[4]
        if op[3] != size:
            size = op[3]
            c.setFont(font, size)
        if printable.issuperset(text) or _learn(printable, font, text):
            c.drawString(op[1], PAGE_H - op[2], text)
        else:
            x = op[1]
            for run_font, run in split_runs(text, font):
                c.setFont(run_font, size)
                c.drawString(x, PAGE_H - op[2], run)
                x += pdfmetrics.stringWidth(run, run_font, size)
            c.setFont(font, size)


def define_forms(c: Canvas, forms: dict[str, list[tuple]], font: str) -> None:
    """Each shared part once, as a form XObject the pages place with doForm."""
    for name, ops in forms.items():
        c.beginForm(name, 0, 0, PAGE_W, PAGE_H)
        draw_page(c, ops, font)
        c.endForm()


def render_pdf(out: str | BinaryIO, pages: Iterable[list[tuple]], font: str, title: str = "",
               author: str = "", forms: dict[str, list[tuple]] | None = None) -> int:
    """Write the pages to a PDF (fonts embedded as subsets); returns the number of pages."""
    c = new_canvas(out, font)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("四百走访")
    define_forms(c, forms or {}, font)
    n = 0
    for ops in pages:
        draw_page(c, ops, font)
        c.showPage()
        n += 1
    save_binary(c)
    return n


def new_canvas(out: str | BinaryIO, font: str) -> Canvas:
    """An A4 canvas with compressed pages whose initial font is the embedded one (so no
    unembedded Helvetica is ever referenced)."""
    return Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1, initialFontName=font, initialFontSize=10)


def save_binary(c: Canvas) -> None:
    """Save with plain zlib streams: the ASCII85 wrapping reportlab adds by default makes
    the file a quarter bigger and, in pure Python, costs more time than the drawing."""
    with _A85_LOCK:  # a global switch in reportlab: two saves on two threads must not interleave
        before = rl_config.useA85
        rl_config.useA85 = 0
        try:
            c.save()
        finally:
            rl_config.useA85 = before
