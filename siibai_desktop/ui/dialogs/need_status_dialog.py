"""Move a need to its next status (处理中 / 已上报 / 已办结), with who and a note."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from ...domain.needs import ESCALATION_TARGETS, TRANSITIONS, NeedStatus
from ...services.needs import NeedRow, change_status
from ..context import AppContext
from ..widgets.buttons import SB, button_box
from ..widgets.form import ValidatedForm
from .conflict_dialog import report_save_failure

TEXT = {
    "title": "办理诉求 — {category}", "current": "现在", "status": "改为", "escalated_to": "上报给",
    "resolution": "办理结果", "note": "说明", "who": "经办人",
    "none": "该诉求现在不能改状态（已回访的诉求请通过回访登记）",
}


class NeedStatusDialog(QDialog):
    def __init__(self, ctx: AppContext, need: NeedRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.need = need
        self.setWindowTitle(TEXT["title"].format(category=need.category))
        self.form = ValidatedForm()
        self.form.add_row("current", TEXT["current"], QLabel(f"{need.status_label}：{need.description}"))
        self.status_box = QComboBox()
        for status in NeedStatus:
            if status.value in TRANSITIONS.get(need.status, ()):
                self.status_box.addItem(status.label, status.value)
        self.form.add_row("status", TEXT["status"], self.status_box)
        self.escalated_box = QComboBox()
        self.escalated_box.setEditable(True)
        self.escalated_box.addItems(ESCALATION_TARGETS)
        self.escalated_box.setCurrentText(need.escalated_to or "")
        self.form.add_row("escalated_to", TEXT["escalated_to"], self.escalated_box)
        self.resolution_edit = QPlainTextEdit(need.resolution)
        self.resolution_edit.setFixedHeight(70)
        self.resolution_edit.setTabChangesFocus(True)
        self.form.add_row("resolution", TEXT["resolution"], self.resolution_edit)
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
        self.status_box.currentIndexChanged.connect(lambda _i: self._show_fields())
        self._show_fields()
        if self.status_box.count() == 0:
            self.form.show_errors({"status": TEXT["none"]})
            self.buttons.button(SB.Save).setEnabled(False)

    def _show_fields(self) -> None:
        status = self.status_box.currentData()
        self.escalated_box.setEnabled(status == NeedStatus.ESCALATED.value)
        self.resolution_edit.setEnabled(status == NeedStatus.RESOLVED.value)

    def select(self, status: str) -> None:
        """Choose the new status by code or label."""
        code = NeedStatus.from_label(status).value
        self.status_box.setCurrentIndex(self.status_box.findData(code))

    def save(self) -> None:
        status = self.status_box.currentData()
        escalated = self.escalated_box.currentText() if status == NeedStatus.ESCALATED.value else None
        resolution = self.resolution_edit.toPlainText() if status == NeedStatus.RESOLVED.value else None
        args = (self.need.id, status, self.who_edit.text().strip(), self.note_edit.text())
        self.form.clear_errors()
        self.ctx.runner.run(
            lambda: change_status(self.ctx.db, *args, expected_version=self.need.version,
                                  escalated_to=escalated, resolution=resolution),
            self._saved, self._failed, parent=self)

    def _saved(self, _version: int) -> None:
        self.ctx.bus.changed.emit("needs")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        report_save_failure(self, self.form, exc, self.ctx.bus, "needs")
