"""The form of one must-visit rule (走访规则): the same form edits a stored rule and fills
in a new one. Whether a rule is on or off is not here: the page turns it off or on
with its own button and a confirmation."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QInputDialog, QLineEdit, QPlainTextEdit,
                               QPushButton, QSpinBox, QWidget)

from ...domain.visits import VisitMode
from ...services.errors import UserError
from ...services.tags import add_tag, list_tags
from ...services.visit_rules import NAME_MAX, RuleInfo, RuleInput
from ..context import AppContext
from .form import ValidatedForm

TEXT = {
    "name": "名称", "name_hint": "如：失独家庭", "tag": "标签", "no_tag": "（不按标签）", "new_tag": "新建标签…",
    "new_tag_prompt": "新标签的名称（如：失独家庭、新就业形态劳动者）：",
    "min_age": "年龄达到", "years": " 岁",
    "living_alone": "独居（户内只有本人在册）", "moved_in": "迁入后", "moved_in_days": " 天内的新住户（一次性走访）",
    "interval": "走访周期", "interval_once": "迁入后几天内走访", "days": " 天", "warn": "提前提醒",
    "modes": "计入的走访方式", "description": "说明",
}
# a new rule starts as the office's usual rhythm: monthly, face to face or by phone
NEW_RULE = {"interval_days": 30, "warn_days": 7, "counting_modes": ("home", "stool", "visit_day", "phone")}


def _spin(low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


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


class RuleForm(ValidatedForm):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.name_edit = self.add_row("name", TEXT["name"], QLineEdit())
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setPlaceholderText(TEXT["name_hint"])
        self.tag_box = QComboBox()
        self.new_tag_button = QPushButton(TEXT["new_tag"])
        tag_row = QWidget()
        row = QHBoxLayout(tag_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tag_box, 1)
        row.addWidget(self.new_tag_button)
        self.add_row("tag_id", TEXT["tag"], tag_row)
        self.fields["tag_id"] = self.tag_box
        self.load_tags()
        self.age_check, self.age_spin = QCheckBox(), _spin(1, 130, TEXT["years"])
        self.add_row("min_age", TEXT["min_age"], _pair(self.age_check, self.age_spin))
        self.alone_check = self.add_row("living_alone", "", QCheckBox(TEXT["living_alone"]))
        self.moved_check, self.moved_spin = QCheckBox(), _spin(1, 3660, TEXT["moved_in_days"])
        self.add_row("moved_in_within_days", TEXT["moved_in"], _pair(self.moved_check, self.moved_spin))
        self.interval_spin = self.add_row("interval_days", TEXT["interval"], _spin(1, 3660, TEXT["days"]))
        self.warn_spin = self.add_row("warn_days", TEXT["warn"], _spin(0, 365, TEXT["days"]))
        modes = QWidget()
        row = QHBoxLayout(modes)
        row.setContentsMargins(0, 0, 0, 0)
        self.mode_checks = {m.value: QCheckBox(m.label) for m in VisitMode}
        for check in self.mode_checks.values():
            row.addWidget(check)
        row.addStretch(1)
        self.add_row("counting_modes", TEXT["modes"], modes)
        self.description_edit = self.add_row("description", TEXT["description"], QPlainTextEdit())
        self.description_edit.setFixedHeight(80)
        self.moved_check.toggled.connect(self._label_interval)
        self.new_tag_button.clicked.connect(self.new_tag)

    def load_tags(self, select_id: int | None = None) -> None:
        self.tag_box.clear()
        self.tag_box.addItem(TEXT["no_tag"], None)
        for tag in self.ctx.runner.call(lambda: list_tags(self.ctx.db)):
            self.tag_box.addItem(tag.name, tag.id)
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(select_id)))

    def new_tag(self) -> None:
        """Create an office tag (标签) and pick it for this rule."""
        name, ok = QInputDialog.getText(self, TEXT["new_tag"].rstrip("…"), TEXT["new_tag_prompt"])
        if not ok:
            return
        try:
            tag_id = self.ctx.runner.call(lambda: add_tag(self.ctx.db, name))
        except UserError as exc:  # empty or existing name: said under the tag field, nothing created
            self.show_errors({"tag_id": str(exc)})
            return
        self.clear_errors()
        self.load_tags(tag_id)
        self.ctx.bus.changed.emit("tags")

    def _label_interval(self, once: bool) -> None:
        label = self.form.labelForField(self.interval_spin.parentWidget())
        if label is not None:
            label.setText(TEXT["interval_once"] if once else TEXT["interval"])

    def fill(self, rule: RuleInfo | None) -> None:
        """Show a stored rule, or (None) the blank form of a new one."""
        self.clear_errors()
        self.name_edit.setText(rule.name if rule else "")
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(rule.tag_id)) if rule else 0)
        self.age_check.setChecked(rule is not None and rule.min_age is not None)
        self.age_spin.setValue(rule.min_age if rule and rule.min_age is not None else 80)
        self.alone_check.setChecked(bool(rule and rule.living_alone))
        self.moved_check.setChecked(rule is not None and rule.moved_in_within_days is not None)
        self.moved_spin.setValue(rule.moved_in_within_days if rule and rule.moved_in_within_days else 90)
        self.interval_spin.setValue(rule.interval_days if rule else NEW_RULE["interval_days"])
        self.warn_spin.setValue(rule.warn_days if rule else NEW_RULE["warn_days"])
        modes = rule.counting_modes if rule else NEW_RULE["counting_modes"]
        for code, check in self.mode_checks.items():
            check.setChecked(code in modes)
        self.description_edit.setPlainText(rule.description if rule else "")
        self._label_interval(bool(rule and rule.once))

    def rule_input(self, active: bool = True) -> RuleInput:
        return RuleInput(
            name=self.name_edit.text(), tag_id=self.tag_box.currentData(),
            interval_days=self.interval_spin.value(),
            counting_modes=[code for code, check in self.mode_checks.items() if check.isChecked()],
            warn_days=self.warn_spin.value(), active=active,
            min_age=self.age_spin.value() if self.age_check.isChecked() else None,
            living_alone=self.alone_check.isChecked(),
            moved_in_within_days=self.moved_spin.value() if self.moved_check.isChecked() else None,
            description=self.description_edit.toPlainText(),
        )
