"""走访规则: the 7必访 rules as data. Pick a rule on the left, edit it on the right."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from ...domain.roles import Permission
from ...domain.visits import VisitMode
from ...services.errors import ValidationFailed
from ...services.tags import list_tags
from ...services.visit_rules import RuleInfo, RuleInput, list_rules, update_rule
from ..context import AppContext
from ..models.rows_table import RowsModel
from ..runner import show_error
from ..widgets.form import ValidatedForm
from ..widgets.permissions import denied_text, gate

PAGE_ORDER = 80
PAGE_TITLE = "走访规则"

TEXT = {
    "intro": "7必访规则：有标签的居民，或同时满足年龄、独居、迁入条件的居民，须按周期走访。"
             "只有勾选的走访方式才算数；到期前若干天列为“即将到期”。",
    "name": "名称", "tag": "标签", "no_tag": "（不按标签）", "min_age": "年龄达到", "years": " 岁",
    "living_alone": "独居（户内只有本人在册）", "moved_in": "迁入后", "moved_in_days": " 天内的新住户（一次性走访）",
    "interval": "走访周期", "interval_once": "迁入后几天内走访", "days": " 天", "warn": "提前提醒",
    "modes": "计入的走访方式", "active": "启用", "description": "说明",
    "save": "保存规则", "saved": "已保存“{name}”", "pick": "请在左侧选择一条规则",
}
COLUMNS = [
    ("规则", lambda r: r.name),
    ("对象", lambda r: _who(r)),
    ("周期", lambda r: f"迁入{r.interval_days}天内一次" if r.once else f"每{r.interval_days}天"),
    ("计入方式", lambda r: r.mode_labels),
    ("提醒", lambda r: f"{r.warn_days}天"),
    ("状态", lambda r: "启用" if r.active else "停用"),
]


def _who(rule: RuleInfo) -> str:
    parts = []
    if rule.min_age is not None:
        parts.append(f"{rule.min_age}岁以上")
    if rule.living_alone:
        parts.append("独居")
    if rule.moved_in_within_days is not None:
        parts.append(f"迁入{rule.moved_in_within_days}天内")
    criteria = "且".join(parts)
    tag = f"标签“{rule.tag_name}”" if rule.tag_name else ""
    return "或".join(p for p in (tag, criteria) if p)


def _spin(low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


class VisitRulesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rule: RuleInfo | None = None
        intro = QLabel(TEXT["intro"])
        intro.setWordWrap(True)
        self.model = RowsModel(COLUMNS, foreground=lambda r: None if r.active else "#8a8a8a")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.form = ValidatedForm()
        self.name_edit = self.form.add_row("name", TEXT["name"], QLineEdit())
        self.tag_box = self.form.add_row("tag_id", TEXT["tag"], QComboBox())
        self.tag_box.addItem(TEXT["no_tag"], None)
        for tag in ctx.runner.call(lambda: list_tags(ctx.db)):
            self.tag_box.addItem(tag.name, tag.id)
        self.age_check, self.age_spin = QCheckBox(), _spin(1, 130, TEXT["years"])
        self.form.add_row("min_age", TEXT["min_age"], self._pair(self.age_check, self.age_spin))
        self.alone_check = self.form.add_row("living_alone", "", QCheckBox(TEXT["living_alone"]))
        self.moved_check, self.moved_spin = QCheckBox(), _spin(1, 3660, TEXT["moved_in_days"])
        self.form.add_row("moved_in_within_days", TEXT["moved_in"], self._pair(self.moved_check, self.moved_spin))
        self.interval_spin = self.form.add_row("interval_days", TEXT["interval"], _spin(1, 3660, TEXT["days"]))
        self.warn_spin = self.form.add_row("warn_days", TEXT["warn"], _spin(0, 365, TEXT["days"]))
        modes = QWidget()
        row = QHBoxLayout(modes)
        row.setContentsMargins(0, 0, 0, 0)
        self.mode_checks = {m.value: QCheckBox(m.label) for m in VisitMode}
        for check in self.mode_checks.values():
            row.addWidget(check)
        row.addStretch(1)
        self.form.add_row("counting_modes", TEXT["modes"], modes)
        self.active_check = self.form.add_row("active", "", QCheckBox(TEXT["active"]))
        self.description_edit = self.form.add_row("description", TEXT["description"], QPlainTextEdit())
        self.description_edit.setFixedHeight(80)
        self.save_button = QPushButton(TEXT["save"])
        self.status = QLabel()
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        editor_layout.addLayout(buttons)
        editor_layout.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(editor, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        self.moved_check.toggled.connect(self._label_interval)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._edit_selected())
        self.save_button.clicked.connect(self.save)
        self.can_edit = gate(ctx, Permission.EDIT, self.save_button)
        if not self.can_edit:  # 只读 users read the rules in the form but cannot change them
            self.form.setEnabled(False)
            self.form.setToolTip(denied_text(Permission.EDIT))
        self.reload()

    @staticmethod
    def _pair(check: QCheckBox, spin: QSpinBox) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(check)
        row.addWidget(spin)
        row.addStretch(1)
        check.toggled.connect(spin.setEnabled)
        spin.setEnabled(False)
        return box

    def _label_interval(self, once: bool) -> None:
        label = self.form.form.labelForField(self.interval_spin.parentWidget())
        if label is not None:
            label.setText(TEXT["interval_once"] if once else TEXT["interval"])

    def reload(self, select_id: int | None = None) -> None:
        rules = self.ctx.runner.call(lambda: list_rules(self.ctx.db))
        self.model.set_rows(rules)
        ids = [r.id for r in rules]
        row = ids.index(select_id) if select_id in ids else 0
        if rules:
            self.table.selectRow(row)

    def _edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        rule = self.model.row_at(rows[0].row()) if rows else None
        self.rule = rule
        self.form.clear_errors()
        if rule is None:
            return
        self.name_edit.setText(rule.name)
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(rule.tag_id)))
        self.age_check.setChecked(rule.min_age is not None)
        self.age_spin.setValue(rule.min_age or 80)
        self.alone_check.setChecked(rule.living_alone)
        self.moved_check.setChecked(rule.moved_in_within_days is not None)
        self.moved_spin.setValue(rule.moved_in_within_days or 90)
        self.interval_spin.setValue(rule.interval_days)
        self.warn_spin.setValue(rule.warn_days)
        for code, check in self.mode_checks.items():
            check.setChecked(code in rule.counting_modes)
        self.active_check.setChecked(rule.active)
        self.description_edit.setPlainText(rule.description)
        self._label_interval(rule.once)

    def rule_input(self) -> RuleInput:
        return RuleInput(
            name=self.name_edit.text(), tag_id=self.tag_box.currentData(),
            interval_days=self.interval_spin.value(),
            counting_modes=[code for code, check in self.mode_checks.items() if check.isChecked()],
            warn_days=self.warn_spin.value(), active=self.active_check.isChecked(),
            min_age=self.age_spin.value() if self.age_check.isChecked() else None,
            living_alone=self.alone_check.isChecked(),
            moved_in_within_days=self.moved_spin.value() if self.moved_check.isChecked() else None,
            description=self.description_edit.toPlainText(),
        )

    def save(self) -> None:
        if not self.can_edit:
            return
        if self.rule is None:
            self.status.setText(TEXT["pick"])
            return
        rule, data = self.rule, self.rule_input()
        self.form.clear_errors()
        self.ctx.runner.run(lambda: update_rule(self.ctx.db, rule.id, data, rule.version),
                            lambda _r: self._saved(rule.id, data.name), self._failed, parent=self)

    def _saved(self, rule_id: int, name: str) -> None:
        self.status.setText(TEXT["saved"].format(name=name))
        self.ctx.bus.changed.emit("rules")
        self.reload(rule_id)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        else:
            show_error(self, exc)


def create_page(ctx: AppContext) -> QWidget:
    return VisitRulesPage(ctx)
