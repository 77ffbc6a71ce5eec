"""Register a need (民情诉求) by hand: from a call, a walk-in, the 12345 hotline or a visit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ...domain.needs import ESCALATION_TARGETS, NeedSource
from ...services.errors import ValidationFailed
from ...services.needs import NeedInput, add_need, list_categories
from ...services.staff import list_staff
from ..context import AppContext
from ..runner import show_error
from ..widgets.buttons import SB, button_box
from ..widgets.dates import OptionalDateEdit
from ..widgets.form import ValidatedForm
from ..widgets.household_picker import pick_household

TEXT = {
    "title": "登记民情诉求", "household": "所在户", "pick": "选择户…", "category": "类别",
    "description": "诉求内容", "source": "来源", "raised_by": "提出人", "owner": "负责人",
    "escalated_to": "上报去向", "deadline": "办理期限", "nobody": "（未指定）", "no_household": "（请选择户）",
}


class NeedDialog(QDialog):
    """`saved_id` holds the new need's id after accept()."""

    def __init__(self, ctx: AppContext, household_id: int | None = None, address: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.household_id = household_id
        self.saved_id: int | None = None
        self.setWindowTitle(TEXT["title"])
        self.form = ValidatedForm()
        self.household_button = QPushButton(address or TEXT["no_household"])
        self.household_button.clicked.connect(self._pick)
        self.form.add_row("household_id", TEXT["household"], self.household_button)
        self.category_box = QComboBox()
        for c in ctx.runner.call(lambda: list_categories(ctx.db)):
            self.category_box.addItem(c.name, c.id)
        self.form.add_row("category_id", TEXT["category"], self.category_box)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(80)
        self.description_edit.setTabChangesFocus(True)
        self.form.add_row("description", TEXT["description"], self.description_edit)
        self.source_box = QComboBox()
        for s in NeedSource:
            self.source_box.addItem(s.label, s.value)
        self.source_box.setCurrentIndex(1)  # 来电: hand entry is mostly calls and walk-ins
        self.form.add_row("source", TEXT["source"], self.source_box)
        self.raised_by_edit = QLineEdit()
        self.form.add_row("raised_by", TEXT["raised_by"], self.raised_by_edit)
        self.owner_box = QComboBox()
        self.owner_box.addItem(TEXT["nobody"], None)
        for s in ctx.runner.call(lambda: list_staff(ctx.db)):
            self.owner_box.addItem(s.name, s.id)
        self.form.add_row("owner_staff_id", TEXT["owner"], self.owner_box)
        self.escalated_box = QComboBox()
        self.escalated_box.setEditable(True)
        self.escalated_box.addItems(("",) + ESCALATION_TARGETS)
        self.form.add_row("escalated_to", TEXT["escalated_to"], self.escalated_box)
        self.deadline_edit = OptionalDateEdit(ctx.db.clock.today())
        self.form.add_row("deadline", TEXT["deadline"], self.deadline_edit)
        self.buttons = button_box(SB.Save | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.resize(520, 480)

    def _pick(self) -> None:
        info = pick_household(self.ctx, self)
        if info is not None:
            self.household_id = info.id
            self.household_button.setText(info.address)

    def need_input(self) -> NeedInput:
        return NeedInput(
            household_id=self.household_id or 0, category_id=self.category_box.currentData() or 0,
            description=self.description_edit.toPlainText(), source=self.source_box.currentData(),
            raised_by=self.raised_by_edit.text(), owner_staff_id=self.owner_box.currentData(),
            escalated_to=self.escalated_box.currentText(), deadline=self.deadline_edit.value(),
        )

    def save(self) -> None:
        data = self.need_input()
        self.form.clear_errors()
        self.ctx.runner.run(lambda: add_need(self.ctx.db, data, self.ctx.db.actor), self._saved, self._failed,
                            parent=self)

    def _saved(self, need_id: int) -> None:
        self.saved_id = need_id
        self.ctx.bus.changed.emit("needs")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.form.show_errors(exc.errors)
        else:
            show_error(self, exc)
