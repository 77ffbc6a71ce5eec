"""集中走访: plan the visit day (next Thursday by default) for a staff member or grid,
adjust the list (grouped by building), print the sheets (PDF or printer), and after the
day enter the visits from the returned sheets by their codes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QSpinBox, QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ...domain.roles import Permission
from ...domain.sheet_code import pretty
from ...domain.visit_day import next_visit_day
from ...services import visit_day as plans
from ...services.pdf.visit_sheets import visit_sheet_pages, write_visit_sheets
from ...services.staff import list_grids, list_staff
from ..context import AppContext
from ..sheet_printing import preview_dialog
from ..widgets.buttons import confirm
from ..widgets.dates import from_qdate, to_qdate
from ..widgets.household_history import show_household_history
from ..widgets.household_picker import pick_household
from ..widgets.permissions import gate
from ..widgets.quick_entry import QuickEntry

PAGE_ORDER = 25
PAGE_TITLE = "集中走访"

TEXT = {
    "day": "走访日", "staff": "走访人", "grid": "网格", "limit": "户数上限",
    "everyone": "（全部）",
    "plan": "制定计划", "replan": "重新安排", "add": "添加户…", "remove": "移除所选",
    "pdf": "生成走访单 PDF…", "preview": "打印预览…", "history": "走访记录…",
    "columns": ["编号 / 楼栋", "房号", "居民", "状态", "已访", "原因"],
    "no_plan": "该日尚无计划。点“制定计划”：先排必访（逾期优先），再补 12 个月未走访、未核对的户，按楼栋顺路排列。",
    "summary": "共 {n} 户，{b} 个楼栋，逾期 {late} 户，已访 {done} 户",
    "replan_q": "重新安排会丢弃本日计划中手动加入和移除的调整，确定吗？",
    "save_title": "保存走访单",
    "save_filter": "PDF 文件 (*.pdf)",
    "pdf_done": "已生成 {path}：{n} 户，共 {pages} 页",
    "visited": "✓",
    "need_plan": "请先制定计划",
    "pick_one": "请先在计划中选中一户",
}
OVERDUE = QColor("#c62828")
DONE = QColor("#2e7d32")


def ask_save_path(parent: QWidget, suggested: str) -> str:
    """The file the user chooses for the PDF ('' when cancelled). Tests replace this."""
    path, _ = QFileDialog.getSaveFileName(parent, TEXT["save_title"], suggested, TEXT["save_filter"])
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def show_preview(dialog) -> None:
    """Run Qt's print preview (modal). Tests replace this."""
    dialog.exec()


class VisitDayPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.plan: plans.VisitDayPlan | None = None
        today = ctx.db.clock.today()
        self.day_edit = QDateEdit(to_qdate(next_visit_day(today)))
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.staff_box = QComboBox()
        self.grid_box = QComboBox()
        self.limit_box = QSpinBox()
        self.limit_box.setRange(1, 2000)
        self.limit_box.setValue(plans.DEFAULT_LIMIT)
        self.plan_button = QPushButton(TEXT["plan"])
        self.replan_button = QPushButton(TEXT["replan"])
        bar = QHBoxLayout()
        for label, widget in ((TEXT["day"], self.day_edit), (TEXT["staff"], self.staff_box),
                              (TEXT["grid"], self.grid_box), (TEXT["limit"], self.limit_box)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.plan_button)
        bar.addWidget(self.replan_button)
        bar.addStretch()

        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(TEXT["columns"]))
        self.tree.setHeaderLabels(TEXT["columns"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((120, 64, 170, 84, 40, 300)):
            self.tree.setColumnWidth(col, width)
        self.summary = QLabel()
        self.add_button = QPushButton(TEXT["add"])
        self.remove_button = QPushButton(TEXT["remove"])
        self.pdf_button = QPushButton(TEXT["pdf"])
        self.preview_button = QPushButton(TEXT["preview"])
        self.history_button = QPushButton(TEXT["history"])  # correct or void a visit entered by code
        # 只读 users see and print the plans others made; making or changing one is a change
        self.can_edit = gate(ctx, Permission.EDIT, self.plan_button, self.replan_button, self.add_button,
                             self.remove_button)
        actions = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.history_button, self.pdf_button,
                       self.preview_button):
            actions.addWidget(button)
        actions.addStretch()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(actions)
        self.entry = QuickEntry(ctx)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.entry)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._fill_choices()
        self.plan_button.clicked.connect(lambda: self.make_plan(replace=False))
        self.replan_button.clicked.connect(self._replan)
        self.add_button.clicked.connect(self.add_household)
        self.remove_button.clicked.connect(self.remove_selected)
        self.history_button.clicked.connect(self.history_selected)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.preview_button.clicked.connect(self.print_preview)
        self.day_edit.dateChanged.connect(lambda _d: self.load())
        self.staff_box.currentIndexChanged.connect(lambda _i: self.load())
        self.grid_box.currentIndexChanged.connect(lambda _i: self.load())
        self.entry.saved.connect(lambda _hid: self.reload())
        ctx.bus.changed.connect(self._on_changed)
        self.load()

    # --- choices ------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        for box, items in ((self.staff_box, [(s.id, s.name) for s in list_staff(self.ctx.db)]),
                           (self.grid_box, [(g.id, g.name) for g in list_grids(self.ctx.db)])):
            box.blockSignals(True)
            current = box.currentData()
            box.clear()
            box.addItem(TEXT["everyone"], None)
            for item_id, name in items:
                box.addItem(name, item_id)
            if current is not None and box.findData(current) >= 0:
                box.setCurrentIndex(box.findData(current))
            box.blockSignals(False)

    def selection(self):
        return from_qdate(self.day_edit.date()), self.staff_box.currentData(), self.grid_box.currentData()

    def _on_changed(self, what: str) -> None:
        if what == "roster":
            self._fill_choices()
            self.entry.reload_staff()
        if what in ("roster", "visits", "needs"):
            self.reload()

    # --- the plan -----------------------------------------------------------------------
    def load(self) -> None:
        """Show the stored plan for the chosen day and staff/grid, if there is one."""
        day, staff_id, grid_id = self.selection()
        self.entry.set_day(day)
        if staff_id is not None:
            self.entry.reload_staff(staff_id)
        db = self.ctx.db

        def work():
            plan_id = plans.find_plan(db, day, staff_id, grid_id)
            return plans.get_plan(db, plan_id) if plan_id is not None else None

        self.ctx.runner.run(work, self.show_plan, parent=self)

    def reload(self) -> None:
        if self.plan is not None:
            plan_id, db = self.plan.id, self.ctx.db
            self.ctx.runner.run(lambda: plans.get_plan(db, plan_id), self.show_plan, parent=self)

    def make_plan(self, replace: bool = False) -> None:
        if not self.can_edit:
            return
        day, staff_id, grid_id = self.selection()
        db, limit = self.ctx.db, self.limit_box.value()

        def work():
            plan_id = plans.plan_visit_day(db, day, staff_id, grid_id, limit=limit, replace=replace)
            return plans.get_plan(db, plan_id)

        self.ctx.runner.run(work, self.show_plan, parent=self)

    def _replan(self) -> None:
        if self.plan is None or confirm(self, TEXT["replan"], TEXT["replan_q"]):
            self.make_plan(replace=True)

    def show_plan(self, plan: plans.VisitDayPlan | None) -> None:
        self.plan = plan
        self.tree.clear()
        has_plan = plan is not None
        for widget in (self.pdf_button, self.preview_button):
            widget.setEnabled(has_plan)
        for widget in (self.add_button, self.remove_button, self.replan_button):
            widget.setEnabled(has_plan and self.can_edit)
        if plan is None:
            self.summary.setText(TEXT["no_plan"])
            return
        groups: dict[str, QTreeWidgetItem] = {}
        late = done = 0
        for line in plan.lines:
            group = groups.get(line.building)
            if group is None:
                group = groups[line.building] = QTreeWidgetItem(self.tree, [line.building])
                group.setFirstColumnSpanned(True)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
            item = QTreeWidgetItem(group, [pretty(line.code), line.room, "、".join(line.residents), line.status_text,
                                           TEXT["visited"] if line.visited else "", line.reason])
            item.setData(0, Qt.ItemDataRole.UserRole, line.household_id)
            item.setToolTip(5, line.reason)
            item.setToolTip(2, "、".join(line.residents))
            item.setToolTip(0, line.address)
            if line.state == "overdue":
                late += 1
                item.setForeground(3, QBrush(OVERDUE))
            if line.visited:
                done += 1
                item.setForeground(4, QBrush(DONE))
        self.tree.expandAll()
        self.summary.setText(TEXT["summary"].format(n=len(plan.lines), b=len(groups), late=late, done=done))

    def household_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out.extend(group.child(j) for j in range(group.childCount()))
        return out

    def add_household(self) -> None:
        if self.plan is None or not self.can_edit:
            return
        info = pick_household(self.ctx, self)
        if info is not None:
            plan_id, db = self.plan.id, self.ctx.db
            self.ctx.runner.run(lambda: plans.add_to_plan(db, plan_id, info.id), lambda _r: self.reload(), parent=self)

    def remove_selected(self) -> None:
        if self.plan is None or not self.can_edit:
            return
        ids = [item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()
               if item.data(0, Qt.ItemDataRole.UserRole) is not None]
        if not ids:
            return
        plan_id, db = self.plan.id, self.ctx.db

        def work():
            for hid in ids:
                plans.remove_from_plan(db, plan_id, hid)

        self.ctx.runner.run(work, lambda _r: self.reload(), parent=self)

    def history_selected(self) -> None:
        """The selected household's visits (to correct or void one) and needs."""
        item = self.tree.currentItem()
        hid = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if hid is None:
            self.summary.setText(TEXT["pick_one"])
            return
        show_household_history(self.ctx, hid, item.toolTip(0), self)

    # --- printing -------------------------------------------------------------------------
    def save_pdf(self) -> None:
        if self.plan is None:
            self.summary.setText(TEXT["need_plan"])
            return
        who = "-".join(x for x in (self.plan.staff, self.plan.grid) if x) or "全居委"
        path = ask_save_path(self, str(Path.home() / f"走访单-{self.plan.day.isoformat()}-{who}.pdf"))
        if not path:
            return
        plan_id, db = self.plan.id, self.ctx.db
        self.ctx.runner.run(lambda: write_visit_sheets(db, path, plan_id), self._pdf_done, parent=self)

    def _pdf_done(self, result) -> None:
        self.summary.setText(TEXT["pdf_done"].format(path=result.path, n=result.households, pages=result.pages))

    def print_preview(self) -> None:
        if self.plan is None:
            return
        plan_id, db = self.plan.id, self.ctx.db
        self.ctx.runner.run(lambda: visit_sheet_pages(db, plan_id),
                            lambda run: show_preview(preview_dialog(run, self)), parent=self)


def create_page(ctx: AppContext) -> QWidget:
    return VisitDayPage(ctx)
