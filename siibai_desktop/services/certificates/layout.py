"""Certificate pages: 居住证明 in official-document layout (GB/T 9704) and 荣誉证书.

GB/T 9704-2012 on A4: margins top 37 mm, left 28 mm, right 26 mm; body 三号 (16 pt),
title 二号 (22 pt); the committee's name under the body, right-indented two characters;
the date on the next line, two characters further right; the seal centred over both.
A long body shrinks one step at a time rather than running into the signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm

from ..pdf.fonts import string_width
from ..pdf.layout import A4, A4_LANDSCAPE, RED, Box, Page, Picture, paragraph, qr_boxes, text_line, wrap

GOLD = (0.72, 0.53, 0.04)


@dataclass(frozen=True)
class PrintContent:
    layout: str  # official | honour
    title: str
    serial: str
    body: str
    closing: str
    committee_name: str
    date_text: str
    signing_line: str
    seal_png: bytes | None
    verify_code: str
    qr_data: str
    footer: str = ""  # committee address and phone


def certificate_page(content: PrintContent) -> Page:
    if content.layout == "honour":
        return _honour(content)
    return _official(content)


def _paragraphs(body: str, closing: str) -> list[str]:
    parts = [p.strip() for p in (body or "").splitlines() if p.strip()]
    if closing.strip():
        parts.append(closing.strip())
    return parts


def _indent(paragraph_text: str, index: int) -> int:
    # A salutation ("张三同志：") starts at the margin; every other paragraph indents two.
    return 0 if index == 0 and paragraph_text.endswith(("：", ":")) else 2


def _footer(page: Page, c: PrintContent, x: float, y: float, side: float, max_width: float) -> None:
    page.items.extend(qr_boxes(x, y, side, c.qr_data))
    lines = [f"编号：{c.serial}", f"核验码：{c.verify_code}", "扫描二维码或凭核验码向开具单位核验真伪"]
    if c.footer:
        lines.append(c.footer)
    size = 9.0
    tx = x + side + 3 * mm
    widest = max(string_width(line, size) for line in lines)
    if widest > max_width - side - 3 * mm:
        size = max(6.5, size * (max_width - side - 3 * mm) / widest)
    for i, line in enumerate(lines):
        page.items.append(text_line(tx, y + side - (i + 1) * size * 1.45, line, size))


def _signature(page: Page, c: PrintContent, right: float, name_y: float, size: float, leading: float,
               left: float) -> float:
    """Committee name and date per GB/T 9704, seal over them; return the date's baseline."""
    name_w = string_width(c.committee_name, size)
    date_w = string_width(c.date_text, size)
    name_x = max(left, right - 2 * size - name_w)
    date_x = min(name_x + 2 * size, right - date_w)
    date_y = name_y - leading
    page.items.append(text_line(name_x, name_y, c.committee_name, size))
    page.items.append(text_line(date_x, date_y, c.date_text, size))
    if c.seal_png:
        seal = 42 * mm
        cx = (min(name_x, date_x) + max(name_x + name_w, date_x + date_w)) / 2
        cy = (name_y + date_y) / 2 + size * 0.9  # name and date sit a little below the centre
        page.items.append(Picture(cx - seal / 2, cy - seal / 2, seal, seal, c.seal_png))
    return date_y


def _official(c: PrintContent) -> Page:
    width, height = A4
    left, right = 28 * mm, width - 26 * mm
    top, bottom = height - 37 * mm, 35 * mm
    text_width = right - left
    paragraphs = _paragraphs(c.body, c.closing)
    size = 16.0
    while True:
        leading = size * 1.8
        body_lines = sum(len(wrap(p, text_width, size, _indent(p, i) * size)) for i, p in enumerate(paragraphs))
        # serial, blank, title, blank, body, blank, name, date, blank, signing line
        needed = (4 + body_lines + 5) * leading
        if top - needed >= bottom or size <= 10:
            break
        size -= 1
    page = Page(width, height)
    page.items.append(text_line(right, top, c.serial, min(size, 14.0), align="right"))
    title_size = 22.0 if string_width(c.title, 22.0) <= text_width else 22.0 * text_width / string_width(c.title, 22.0)
    y = top - 2 * leading
    page.items.append(text_line(width / 2, y, c.title, title_size, align="center"))
    y -= 2 * leading
    for i, text in enumerate(paragraphs):
        y = paragraph(page, left, y, text_width, text, size, leading, indent_chars=_indent(text, i))
    date_y = _signature(page, c, right, y - leading, size, leading, left)
    if c.signing_line:
        line_y = date_y - 2 * leading
        page.items.append(text_line(left, line_y, c.signing_line, size))
        start = left + string_width(c.signing_line, size) + 2
        page.items.append(Box(start, line_y - 3, 45 * mm, 0.6, stroke=None, fill=(0, 0, 0), line_width=0))
    _footer(page, c, left, 12 * mm, 22 * mm, text_width)
    return page


def _honour(c: PrintContent) -> Page:
    width, height = A4_LANDSCAPE
    page = Page(width, height)
    page.items.append(Box(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm, stroke=GOLD, line_width=4))
    page.items.append(Box(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm, stroke=GOLD, line_width=1))
    left, right = 45 * mm, width - 45 * mm
    title = c.title if len(c.title) > 6 else " ".join(c.title)
    title_size = min(40.0, 40.0 * (right - left) / max(string_width(title, 40.0), 1))
    page.items.append(text_line(width / 2, height - 48 * mm, title, title_size, align="center", color=RED))
    paragraphs = _paragraphs(c.body, c.closing)
    size = 20.0
    top, sig_top = height - 75 * mm, 58 * mm
    while True:
        leading = size * 1.9
        lines = sum(len(wrap(p, right - left, size, _indent(p, i) * size)) for i, p in enumerate(paragraphs))
        if top - lines * leading >= sig_top or size <= 11:
            break
        size -= 1
    y = top
    for i, text in enumerate(paragraphs):
        y = paragraph(page, left, y, right - left, text, size, leading, indent_chars=_indent(text, i))
    _signature(page, c, right, 48 * mm, 18.0, 30.0, width / 2)
    _footer(page, c, 22 * mm, 20 * mm, 20 * mm, width / 2 - 30 * mm)
    return page
