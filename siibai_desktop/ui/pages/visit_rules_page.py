"""走访规则: the 7必访 rules and the office's own rules as data. Pick a rule on the left,
edit it on the right; 新增规则 fills the same form for a new one; 停用 / 启用 turns the
selected rule off or on (rules are never deleted)."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from ...domain.roles import Permission
from ...services.due import households_only_under
from ...services.errors import ValidationFailed
from ...services.visit_rules import RuleInfo, add_rule, list_rules, set_rule_active, update_rule
from ..context import AppContext
from ..models.rows_table import RowsModel
from ..runner import show_error
from ..widgets.buttons import confirm
from ..widgets.permissions import denied_text, gate
from ..widgets.rule_form import RuleForm

PAGE_ORDER = 80
PAGE_TITLE = "走访规则"

TEXT = {
    "intro": "必访规则：有标签的居民，或同时满足年龄、独居、迁入条件的居民，须按周期走访。"
             "只有勾选的走访方式才算数；到期前若干天列为“即将到期”。"
             "除7必访外，可为本居委会要定期走访的人群新增规则（如失独家庭）；不用的规则可停用。",
    "save": "保存规则", "saved": "已保存“{name}”", "pick": "请在左侧选择一条规则",
    "add": "新增规则", "adding": "新增规则：填写上面的表格后点“保存规则”", "added": "已新增“{name}”",
    "off": "停用规则", "on": "启用规则", "turned_off": "已停用“{name}”", "turned_on": "已启用“{name}”",
    "off_title": "停用规则", "on_title": "启用规则",
    "off_q": "停用“{name}”后，这条规则不再把任何住户列入必访清单：\n"
             "目前只因这条规则在清单上的 {count} 户将从必访清单中移出；同时属于其他规则的住户仍按其他规则列出。\n"
             "规则本身和已有的走访记录都会保留，以后可以重新启用。\n\n确定停用吗？",
    "on_q": "启用“{name}”后，符合这条规则的住户将按它的周期重新列入必访清单。\n\n确定启用吗？",
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
        self.form = RuleForm(ctx)
        self.adding = False  # the form holds a new rule, not the selected one
        self.add_button = QPushButton(TEXT["add"])
        self.toggle_button = QPushButton(TEXT["off"])
        self.save_button = QPushButton(TEXT["save"])
        self.status = QLabel()
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        table_buttons = QHBoxLayout()
        table_buttons.addWidget(self.add_button)
        table_buttons.addWidget(self.toggle_button)
        table_buttons.addStretch(1)
        rules = QVBoxLayout()
        rules.addWidget(self.table, 1)
        rules.addLayout(table_buttons)
        editor_layout.addLayout(buttons)
        editor_layout.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(rules, 3)
        body.addWidget(editor, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(body, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._edit_selected())
        self.save_button.clicked.connect(self.save)
        self.add_button.clicked.connect(self.start_new)
        self.toggle_button.clicked.connect(self.toggle_active)
        ctx.bus.changed.connect(self._on_changed)
        self.can_edit = gate(ctx, Permission.EDIT, self.save_button, self.add_button, self.toggle_button,
                             self.form.new_tag_button)
        if not self.can_edit:  # 只读 users read the rules in the form but cannot change them
            self.form.setEnabled(False)
            self.form.setToolTip(denied_text(Permission.EDIT))
        self.reload()

    def _on_changed(self, what: str) -> None:
        if what == "tags":  # a tag added here or elsewhere can be picked at once
            self.form.load_tags(self.form.tag_box.currentData())

    def reload(self, select_id: int | None = None) -> None:
        rules = self.ctx.runner.call(lambda: list_rules(self.ctx.db))
        self.model.set_rows(rules)
        ids = [r.id for r in rules]
        row = ids.index(select_id) if select_id in ids else 0
        if rules:
            self.table.selectRow(row)

    def _edit_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.rule = self.model.row_at(rows[0].row()) if rows else None
        if self.rule is not None:
            self.adding = False
            self.status.clear()
            self.form.fill(self.rule)
        self._update_toggle()

    def _update_toggle(self) -> None:
        rule = None if self.adding else self.rule
        self.toggle_button.setText(TEXT["on"] if rule is not None and not rule.active else TEXT["off"])
        self.toggle_button.setEnabled(self.can_edit and rule is not None)

    def start_new(self) -> None:
        """The same form, blank, for a rule the office adds; 保存规则 adds it."""
        if not self.can_edit:
            return
        self.table.clearSelection()
        self.adding = True
        self.form.fill(None)
        self.status.setText(TEXT["adding"])
        self._update_toggle()
        self.form.name_edit.setFocus()

    def save(self) -> None:
        if not self.can_edit:
            return
        if self.adding:
            data = self.form.rule_input()
            self.form.clear_errors()
            self.ctx.runner.run(lambda: add_rule(self.ctx.db, data),
                                lambda rule_id: self._saved(rule_id, TEXT["added"].format(name=data.name)),
                                self._failed, parent=self)
            return
        if self.rule is None:
            self.status.setText(TEXT["pick"])
            return
        rule, data = self.rule, self.form.rule_input(self.rule.active)
        self.form.clear_errors()
        self.ctx.runner.run(lambda: update_rule(self.ctx.db, rule.id, data, rule.version),
                            lambda _r: self._saved(rule.id, TEXT["saved"].format(name=data.name)),
                            self._failed, parent=self)

    def toggle_active(self) -> None:
        rule = None if self.adding else self.rule
        if not self.can_edit or rule is None:
            return
        if rule.active:
            count = self.ctx.runner.call(lambda: households_only_under(self.ctx.db, rule.id))
            asked = confirm(self, TEXT["off_title"], TEXT["off_q"].format(name=rule.name, count=count))
        else:
            asked = confirm(self, TEXT["on_title"], TEXT["on_q"].format(name=rule.name))
        if asked:
            done = TEXT["turned_off" if rule.active else "turned_on"].format(name=rule.name)
            self.ctx.runner.run(lambda: set_rule_active(self.ctx.db, rule.id, not rule.active, rule.version),
                                lambda _r: self._saved(rule.id, done), self._failed, parent=self)

    def _saved(self, rule_id: int, message: str) -> None:
        self.adding = False
        self.ctx.bus.changed.emit("rules")
        self.reload(rule_id)
        self.status.setText(message)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        else:
            show_error(self, exc)


def create_page(ctx: AppContext) -> QWidget:
    return VisitRulesPage(ctx)
