"""工作台: today's figures at a glance. Each figure opens the list behind it; the staff
table shows how much of each grid was visited in the last 12 months
(“一名居委干部应认识1000名居民”)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from shiboken6 import isValid
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ...domain.roles import Permission
from ...services import clear_lists, dashboard as figures
from ...services.needs import NeedFilter, list_needs
from ..context import AppContext
from ..dialogs.figure_list_dialog import FigureListDialog
from ..dialogs.visit_dialog import open_visit_dialog

PAGE_ORDER = 1
PAGE_TITLE = "工作台"

WEEKDAYS = "一二三四五六日"
CARDS = [  # key, caption
    ("due_today", "今日到期"), ("due_this_week", "本周到期"), ("overdue", "逾期未访"),
    ("open_needs", "待办诉求"), ("overdue_needs", "逾期诉求"),
    ("unverified", "底数清：12个月未核对"), ("unvisited", "需求清：12个月未走访"),
]
TEXT = {
    "title": "工作台 · {day}（周{weekday}）",
    "staff_title": "各网格走访覆盖（近12个月）　一名居委干部应认识1000名居民　（双击一行：看该网格12个月未走访的户）",
    "staff_columns": ["居委干部", "网格", "户数", "居民数", "已走访户", "覆盖率"],
    "refresh": "刷新",
    "due_columns": ["地址", "居民", "必访类别", "上次走访", "应访日期", "状态", "原因", "网格", "责任人"],
    "need_columns": ["提出日期", "地址", "类别", "内容", "状态", "期限", "负责人"],
    "clear_columns": ["地址", "居民", "上次核对", "上次走访", "网格", "责任人", "原因"],
    "mark_verified": "标记所选户已核对（今天）",
    "record_visit": "为所选户记录走访…",
    "staff_list": "{name}：12个月内未走访的户",
}
CARD_STYLE = ("QPushButton { border: 1px solid #ccd; border-radius: 6px; background: #f7f8fb; }"
              " QPushButton:hover { background: #eef2fb; }")
NUMBER_COLOUR = {False: "#1a237e", True: "#c62828"}


class FigureCard(QPushButton):
    """A big figure over its caption; clicking opens the list behind it."""

    def __init__(self, caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(CARD_STYLE)
        self.setMinimumHeight(84)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.number = QLabel("–")
        self.caption = QLabel(caption)
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.number.setFont(font)
        layout = QVBoxLayout(self)
        for label in (self.number, self.caption):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setStyleSheet("background: transparent; border: none;")
            layout.addWidget(label)
        self.setAccessibleName(caption)

    def set_value(self, value: int, late: bool = False) -> None:
        self.number.setText(f"{value:,}")
        self.number.setStyleSheet(f"background: transparent; border: none; color: {NUMBER_COLOUR[late]};")
        self.setAccessibleDescription(f"{value:,}")


def _d(day) -> str:
    return day.isoformat() if day else ""


class DashboardPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.figures: figures.DashboardFigures | None = None
        self.open_dialogs: list[FigureListDialog] = []
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        self.title.setFont(font)
        self.cards: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (key, caption) in enumerate(CARDS):
            button = FigureCard(caption)
            button.setObjectName(f"card_{key}")
            button.clicked.connect(lambda _c=False, k=key: self.open_list(k))
            self.cards[key] = button
            grid.addWidget(button, i // 4, i % 4)
        self.refresh_button = QPushButton(TEXT["refresh"])
        self.refresh_button.clicked.connect(self.refresh)
        grid.addWidget(self.refresh_button, 1, 3)
        self.staff_table = QTableWidget(0, len(TEXT["staff_columns"]))
        self.staff_table.setHorizontalHeaderLabels(TEXT["staff_columns"])
        self.staff_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.staff_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff_table.verticalHeader().hide()
        self.staff_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.staff_table.cellDoubleClicked.connect(lambda row, _c: self.open_staff(row))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(QLabel(TEXT["staff_title"]))
        layout.addWidget(self.staff_table, 1)
        # visits per week, needs by status, coverage per staff member
        self.charts_row = QHBoxLayout()
        self.charts: list[QWidget] = []
        layout.addLayout(self.charts_row, 1)
        self._stale = True
        ctx.bus.changed.connect(self._data_changed)

    # Figures are computed only for a dashboard someone looks at: on first show (after the
    # window has painted) and after changes while it is visible; a hidden one waits.
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            QTimer.singleShot(0, self, self._refresh_if_visible)  # cancelled if the page goes first

    def _data_changed(self, _what: str) -> None:
        self._stale = True
        self._refresh_if_visible()

    def _refresh_if_visible(self) -> None:
        if isValid(self) and isValid(self.title) and self.isVisible() and self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        db = self.ctx.db
        self.ctx.runner.run(lambda: figures.dashboard(db), self._figures_arrived, parent=self)

    def _figures_arrived(self, f: figures.DashboardFigures) -> None:
        if not (isValid(self) and isValid(self.title)):  # the window closed while they were computed
            return
        self.show_figures(f)
        # then the charts (QtCharts and the reports package load here, not at start-up)
        from ...services.reports.dashboard import dashboard_charts

        db = self.ctx.db
        self.ctx.runner.run(lambda: dashboard_charts(db), self.show_charts, parent=self)

    def show_charts(self, charts: list) -> None:
        if not (isValid(self) and isValid(self.title)):
            return
        from ..widgets.report_chart import chart_widget

        for old in self.charts:
            self.charts_row.removeWidget(old)
            old.deleteLater()
        self.charts = [chart_widget(chart) for chart in charts]
        for widget, stretch in zip(self.charts, (3, 2, 2)):  # twelve weeks need the widest
            widget.setMinimumHeight(260)
            self.charts_row.addWidget(widget, stretch)

    def show_figures(self, f: figures.DashboardFigures) -> None:
        self.figures = f
        self.title.setText(TEXT["title"].format(day=f.day.isoformat(), weekday=WEEKDAYS[f.day.weekday()]))
        values = {"due_today": f.due_today, "due_this_week": f.due_this_week, "overdue": f.overdue,
                  "open_needs": f.open_needs, "overdue_needs": f.overdue_needs, "unverified": f.unverified,
                  "unvisited": f.unvisited}
        for key, _caption in CARDS:
            self.cards[key].set_value(values[key], late=key in ("overdue", "overdue_needs") and values[key] > 0)
        self.staff_table.setRowCount(len(f.staff))
        for i, s in enumerate(f.staff):
            for j, text in enumerate([s.name, s.grids, str(s.households), f"{s.residents:,} / {figures.KNOW_GOAL}",
                                      str(s.visited)]):
                self.staff_table.setItem(i, j, QTableWidgetItem(text))
            bar = QProgressBar()
            bar.setRange(0, 1000)
            bar.setValue(round(s.share * 1000))
            bar.setFormat(f"{s.share:.0%}")
            self.staff_table.setCellWidget(i, 5, bar)

    def value(self, key: str) -> int:
        """The figure a card shows."""
        return int(self.cards[key].number.text().replace(",", ""))

    # --- the lists behind the figures -------------------------------------------------------
    def open_list(self, key: str) -> FigureListDialog:
        db = self.ctx.db
        caption = dict(CARDS)[key]
        action = None
        if key in ("due_today", "due_this_week", "overdue"):
            which = {"due_today": "today", "due_this_week": "week", "overdue": "overdue"}[key]
            headers = TEXT["due_columns"]

            def load():
                lines = figures.due_lines(db, which)
                return ([[d.address, "、".join(d.residents), "、".join(d.rules),
                          " ".join(x for x in (_d(d.last_visit_date), d.last_visit_staff or "") if x),
                          _d(d.due_date), d.state_label, d.reason, d.grid or "", d.staff or ""] for d in lines],
                        [(d.household_id, d.address) for d in lines])
            action = (TEXT["record_visit"], self._record_visit)
        elif key in ("open_needs", "overdue_needs"):
            headers = TEXT["need_columns"]
            filters = NeedFilter(open_only=True, overdue_only=key == "overdue_needs")

            def load():
                needs = list_needs(db, filters)
                return ([[_d(n.raised_on), n.address, n.category, n.description,
                          n.status_label + (f"（逾期 {n.overdue_days} 天）" if n.overdue else ""), _d(n.deadline),
                          n.owner or ""] for n in needs], [n.id for n in needs])
        else:
            headers = TEXT["clear_columns"]
            lister = clear_lists.unverified_households if key == "unverified" else clear_lists.unvisited_households

            def load():
                lines = lister(db)
                return ([[c.address, "、".join(c.residents), _d(c.last_verified_on), _d(c.last_visit_date),
                          c.grid or "", c.staff or "", c.reason] for c in lines],
                        [(c.household_id, c.address) for c in lines])
            if key == "unverified":
                action = (TEXT["mark_verified"], self._mark_verified)
            else:
                action = (TEXT["record_visit"], self._record_visit)
        return self._show(caption, headers, load, action)

    def _mark_verified(self, key) -> None:
        if not self.ctx.can(Permission.EDIT):
            return
        clear_lists.mark_verified(self.ctx.db, key[0])
        self.ctx.bus.changed.emit("roster")

    def _record_visit(self, key) -> None:
        """The visit form for the chosen household (the list refreshes after)."""
        household_id, address = key
        if not self.ctx.can(Permission.EDIT):
            return
        open_visit_dialog(self.ctx, household_id, address, None, self)  # it announces the new visit

    def open_staff(self, row: int) -> FigureListDialog | None:
        if self.figures is None or not 0 <= row < len(self.figures.staff):
            return None
        s, db = self.figures.staff[row], self.ctx.db

        def load():
            lines = clear_lists.unvisited_households(db, staff_id=s.staff_id)
            return ([[c.address, "、".join(c.residents), _d(c.last_verified_on), _d(c.last_visit_date),
                      c.grid or "", c.staff or "", c.reason] for c in lines],
                    [(c.household_id, c.address) for c in lines])

        return self._show(TEXT["staff_list"].format(name=s.name), TEXT["clear_columns"], load,
                          (TEXT["record_visit"], self._record_visit))

    def _show(self, title, headers, load, action) -> FigureListDialog:
        if not self.ctx.can(Permission.EDIT):  # 只读 users see the list without 记录走访 / 标记已核对
            action = None
        dialog = FigureListDialog(title, headers, load, action, self)
        self.open_dialogs = [d for d in self.open_dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog


def create_page(ctx: AppContext) -> QWidget:
    return DashboardPage(ctx)
