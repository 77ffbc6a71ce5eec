"""Visit sheets to a printer: Qt's print preview, painting the very same laid-out pages as
the PDF (services/pdf/sheet_layout.py) with QPainter and the same font file. No PDF
rasteriser and no QtPdf are needed, so it works the same on Windows."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QLineF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter
from PySide6.QtWidgets import QWidget

from ..services.pdf.visit_sheets import SheetRun

_FAMILIES: dict[str, str] = {}
PREVIEW_TITLE = "打印预览 — 走访单"


def font_family(path: str) -> str:
    """The Qt family of the PDF's font file (loaded once); the default family if it fails."""
    if path not in _FAMILIES:
        family = ""
        if path:
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            family = families[0] if families else ""
        _FAMILIES[path] = family or QFont().family()
    return _FAMILIES[path]


def make_printer() -> QPrinter:
    """An A4 printer whose painter origin is the paper's corner (the layout's own margins apply)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    return printer


def paint_ops(painter: QPainter, ops: list[tuple], family: str, scale: float,
              forms: dict[str, list[tuple]] | None = None) -> None:
    """One page: the layout's points times `scale` device pixels."""
    fonts: dict[float, QFont] = {}
    pen_width = None
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for op in ops:
        kind = op[0]
        if kind == "T":
            _, x, y, size, text = op
            font = fonts.get(size)
            if font is None:
                font = fonts[size] = QFont(family)
                font.setPixelSize(max(1, round(size * scale)))
            painter.setFont(font)
            painter.drawText(QPointF(x * scale, y * scale), text)
        elif kind == "L":
            _, x1, y1, x2, y2, lw = op
            if lw != pen_width:
                pen_width = lw
                painter.setPen(QPen(Qt.GlobalColor.black, lw * scale))
            painter.drawLine(QLineF(x1 * scale, y1 * scale, x2 * scale, y2 * scale))
        elif kind == "F":  # a part every sheet shares, moved down by dy
            painter.save()
            painter.translate(0, op[2] * scale)
            paint_ops(painter, (forms or {})[op[1]], family, scale)
            painter.restore()
            pen_width = None
        else:
            _, x, y, w, h, fill, lw = op
            rect = QRectF(x * scale, y * scale, w * scale, h * scale)
            if fill is not None:
                painter.fillRect(rect, QColor.fromRgbF(fill, fill, fill))
            if lw:
                pen_width = None
                painter.setPen(QPen(Qt.GlobalColor.black, lw * scale))
                painter.drawRect(rect)


def paint_run(printer: QPrinter, run: SheetRun) -> None:
    """Every page of the run onto the printer (or the preview's printer)."""
    family = font_family(run.font_path)
    scale = printer.resolution() / 72.0
    painter = QPainter(printer)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i, ops in enumerate(run.pages):
            if i:
                printer.newPage()
            painter.setPen(QPen(Qt.GlobalColor.black))
            paint_ops(painter, ops, family, scale, run.forms)
    finally:
        painter.end()


def preview_dialog(run: SheetRun, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """Qt's print preview of the run (not shown yet); printing from it prints the sheets."""
    printer = make_printer()
    printer.setDocName(run.title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(PREVIEW_TITLE)
    dialog.paintRequested.connect(lambda p: paint_run(p, run))
    dialog.resize(900, 1000)
    return dialog
