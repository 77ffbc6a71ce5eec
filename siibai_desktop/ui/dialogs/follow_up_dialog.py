"""回访: ask the resident whether a resolved need is really solved. 不满意 reopens it."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QDialog, QHBoxLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from ...domain.needs import FollowUpVerdict
from ...services.needs import NeedRow, follow_up
from ..context import AppContext
from ..widgets.buttons import SB, button_box
from ..widgets.form import ValidatedForm
from .conflict_dialog import report_save_failure

TEXT = {
    "title": "回访 — {category}", "need": "诉求", "resolution": "办理结果", "verdict": "居民评价",
    "note": "回访情况", "who": "回访人", "reopen": "选“不满意”将重新办理（回到“处理中”）",
}


class FollowUpDialog(QDialog):
    def __init__(self, ctx: AppContext, need: NeedRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.need = need
        self.setWindowTitle(TEXT["title"].format(category=need.category))
        self.form = ValidatedForm()
        self.form.add_row("need", TEXT["need"], QLabel(need.description))
        self.form.add_row("resolution", TEXT["resolution"], QLabel(need.resolution or "—"))
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        for verdict in FollowUpVerdict:
            radio = QRadioButton(verdict.label)
            self.radios[verdict.value] = radio
            self.group.addButton(radio)
            row.addWidget(radio)
        row.addStretch(1)
        self.form.add_row("verdict", TEXT["verdict"], box)
        hint = QLabel(TEXT["reopen"])
        hint.setStyleSheet("color: #666;")
        self.form.form.addRow("", hint)
        self.note_edit = QLineEdit()
        self.form.add_row("note", TEXT["note"], self.note_edit)
        self.who_edit = QLineEdit(ctx.db.actor)
        self.form.add_row("who", TEXT["who"], self.who_edit)
        self.buttons = button_box(SB.Save | SB.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)

    def verdict(self) -> str:
        return next((code for code, radio in self.radios.items() if radio.isChecked()), "")

    def save(self) -> None:
        verdict, who, note = self.verdict(), self.who_edit.text().strip(), self.note_edit.text()
        self.form.clear_errors()
        self.ctx.runner.run(lambda: follow_up(self.ctx.db, self.need.id, verdict, who, note, self.need.version),
                            self._saved, self._failed, parent=self)

    def _saved(self, _version: int) -> None:
        self.ctx.bus.changed.emit("needs")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        report_save_failure(self, self.form, exc, self.ctx.bus, "needs")
