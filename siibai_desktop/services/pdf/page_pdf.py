"""Draw laid-out pages (services.pdf.layout) into a PDF with reportlab."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas

from .fonts import main_font
from .layout import Box, Page, Picture, Text


def new_canvas(target, size: tuple[float, float], title: str = "", author: str = "") -> rl_canvas.Canvas:
    """A canvas whose initial font is the embedded CJK font (so no Helvetica reference)."""
    c = rl_canvas.Canvas(target, pagesize=size, initialFontName=main_font(), initialFontSize=12)
    c.setTitle(title)
    c.setAuthor(author)
    c.setCreator("四百走访")
    return c


def draw_page(c: rl_canvas.Canvas, page: Page) -> None:
    for item in page.items:
        if isinstance(item, Text):
            c.setFillColorRGB(*item.color)
            x = item.x
            for font, text in item.runs:
                c.setFont(font, item.size)
                c.drawString(x, item.y, text)
                x += stringWidth(text, font, item.size)
        elif isinstance(item, Box):
            if item.fill is not None:
                c.setFillColorRGB(*item.fill)
            if item.stroke is not None:
                c.setStrokeColorRGB(*item.stroke)
                c.setLineWidth(item.line_width)
            c.rect(item.x, item.y, item.w, item.h, stroke=int(item.stroke is not None),
                   fill=int(item.fill is not None))
        elif isinstance(item, Picture):
            c.drawImage(ImageReader(io.BytesIO(item.png)), item.x, item.y, item.w, item.h, mask="auto")
    c.setFillColorRGB(0, 0, 0)


def pages_to_pdf(pages: list[Page], out: Path | None = None, title: str = "", author: str = "") -> bytes:
    """Render pages into one PDF; write it to `out` when given; return the bytes."""
    buffer = io.BytesIO()
    c = new_canvas(buffer, (pages[0].width, pages[0].height), title, author)
    for page in pages:
        c.setPageSize((page.width, page.height))
        draw_page(c, page)
        c.showPage()
    c.save()
    data = buffer.getvalue()
    if out is not None:
        Path(out).write_bytes(data)
    return data
