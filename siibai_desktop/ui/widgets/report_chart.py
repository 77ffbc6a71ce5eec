"""A report chart: QtCharts (PySide6-Addons) bar or pie; plain QPainter bars if the
Addons are missing, so the page still works."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from ...services.reports import Chart

try:
    from PySide6.QtCharts import (
        QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QPieSeries, QValueAxis,
    )
    HAVE_QTCHARTS = True
except ImportError:  # pragma: no cover - the Addons wheel is a dependency
    HAVE_QTCHARTS = False

BAR = QColor("#3f72bf")


def chart_widget(chart: Chart) -> QWidget:
    """A widget showing `chart`."""
    if not HAVE_QTCHARTS:
        return _PaintedBars(chart)
    qchart = QChart()
    qchart.setTitle(chart.title)
    qchart.legend().setVisible(chart.kind == "pie")
    qchart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)  # one label per line, not cut short
    qchart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    if chart.kind == "pie":
        series = QPieSeries()
        for label, value in zip(chart.labels, chart.values):
            if value:
                series.append(f"{label} {value:g}", value)
        qchart.addSeries(series)
    else:
        bars = QBarSet(chart.title)
        bars.append([float(v) for v in chart.values])
        bars.setColor(BAR)
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(len(chart.values) <= 5)  # numbers on many thin bars overlap
        qchart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append(list(chart.labels))
        small = axis_x.labelsFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.8))  # many categories in a narrow chart
        axis_x.setLabelsFont(small)
        axis_x.setTruncateLabels(False)  # whole dates and names, even if neighbours touch
        axis_y = QValueAxis()
        axis_y.setRange(0, max([float(v) for v in chart.values] + [1.0]) * 1.15)
        axis_y.setLabelFormat("%d" if all(float(v).is_integer() for v in chart.values) else "%.1f")
        axis_y.applyNiceNumbers()
        qchart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        qchart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
    view = QChartView(qchart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    view.chart_data = chart
    return view


class _PaintedBars(QWidget):
    def __init__(self, chart: Chart):
        super().__init__()
        self.chart_data = chart
        self.setMinimumHeight(220)

    def paintEvent(self, _event) -> None:
        chart = self.chart_data
        p = QPainter(self)
        p.drawText(QRectF(0, 0, self.width(), 20), Qt.AlignmentFlag.AlignCenter, chart.title)
        top = max(chart.values) if chart.values else 1
        n = max(len(chart.values), 1)
        slot = self.width() / n
        base = self.height() - 24
        for i, (label, value) in enumerate(zip(chart.labels, chart.values)):
            h = (base - 40) * (value / top if top else 0)
            p.fillRect(QRectF(i * slot + slot * 0.2, base - h, slot * 0.6, h), BAR)
            p.drawText(QRectF(i * slot, base - h - 18, slot, 16), Qt.AlignmentFlag.AlignCenter, f"{value:g}")
            p.drawText(QRectF(i * slot, base + 4, slot, 18), Qt.AlignmentFlag.AlignCenter, label)
        p.end()
