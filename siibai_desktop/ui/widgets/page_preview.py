"""Paints a laid-out page (services.pdf.layout.Page) with QPainter: the live preview of a
certificate. The page is the same object the PDF is drawn from, and the fonts are the
same files (registered with Qt in ui.fonts), so what the office sees is what prints.
Works wherever Qt does (QtPdf is not needed)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...services.pdf.fonts import string_width
from ...services.pdf.layout import Box, Page, Picture, Text
from ..fonts import qt_family


def _color(rgb) -> QColor:
    return QColor.fromRgbF(*rgb)


def paint_page(painter: QPainter, page: Page, target: QRectF) -> None:
    """Draw `page` scaled into `target` (aspect kept, centred)."""
    scale = min(target.width() / page.width, target.height() / page.height)
    x0 = target.x() + (target.width() - page.width * scale) / 2
    y0 = target.y() + (target.height() - page.height * scale) / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.translate(x0, y0)
    painter.scale(scale, scale)
    painter.fillRect(QRectF(0, 0, page.width, page.height), Qt.GlobalColor.white)
    dpi = painter.device().logicalDpiY() or 96
    fonts: dict[tuple[str, float], QFont] = {}
    for item in page.items:
        if isinstance(item, Text):
            painter.setPen(_color(item.color))
            x = item.x
            for name, text in item.runs:
                key = (name, item.size)
                if key not in fonts:
                    font = QFont(qt_family(name) or "")
                    font.setPointSizeF(item.size * 72 / dpi)  # one page point = one painter unit
                    fonts[key] = font
                painter.setFont(fonts[key])
                painter.drawText(QPointF(x, page.height - item.y), text)
                x += string_width(text, item.size, name)
        elif isinstance(item, Box):
            rect = QRectF(item.x, page.height - item.y - item.h, item.w, item.h)
            if item.fill is not None:
                painter.fillRect(rect, _color(item.fill))
            if item.stroke is not None:
                painter.setPen(QPen(_color(item.stroke), item.line_width))
                painter.drawRect(rect)
        elif isinstance(item, Picture):
            image = QImage.fromData(item.png)
            painter.drawImage(QRectF(item.x, page.height - item.y - item.h, item.w, item.h), image)
    painter.restore()


def page_image(page: Page, width_px: int = 600) -> QImage:
    """The page as an image (tests, thumbnails)."""
    height_px = round(width_px * page.height / page.width)
    image = QImage(width_px, height_px, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    paint_page(painter, page, QRectF(0, 0, width_px, height_px))
    painter.end()
    return image


class PagePreview(QWidget):
    """A widget that shows one page, scaled to fit, on a grey desk."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.page: Page | None = None
        self.message = "（选择居民和模板后在此预览）"
        self.setMinimumSize(280, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_page(self, page: Page | None, message: str = "") -> None:
        self.page = page
        if message:
            self.message = message
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(460, 600)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#8a8f96"))
        if self.page is None:
            painter.setPen(Qt.GlobalColor.white)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
        else:
            paint_page(painter, self.page, QRectF(self.rect()).adjusted(12, 12, -12, -12))
        painter.end()
