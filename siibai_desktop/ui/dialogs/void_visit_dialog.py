"""作废走访记录: void a visit entered by mistake, with a reason.

The visit stays in the household's history, marked 已作废, and in the audit trail; it no
longer counts for the due list or the figures. Needs raised in it stay open: the dialog
says so, because a duplicate visit usually means duplicate needs to close by hand.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from ...domain.roles import Permission
from ...services.visit_edits import void_visit
from ...services.visits import VisitRow
from ..context import AppContext
from ..widgets.buttons import SB, button_box
from ..widgets.form import ValidatedForm
from .conflict_dialog import report_save_failure

TEXT = {
    "title": "作废走访记录",
    "visit": "走访记录",
    "summary": "{day}　{mode}　{staff}\n{address}",
    "reason": "作废原因", "reason_hint": "选择或填写，如：重复登记",
    "reasons": ("重复登记", "户选错了", "日期填错，已重新登记", "实际未走访"),
    "hint": "作废后这条记录仍保留在走访记录中（标为“已作废”），并记入审计日志，"
            "但不再计入必访清单、覆盖率和各类统计。",
    "needs": "本次走访登记的 {n} 条诉求不会随之作废，仍在“民情诉求”中办理；"
             "如果是重复登记的，请到“民情诉求”中办结。",
    "confirm": "作废",
}


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class VoidVisitDialog(QDialog):
    """Ask why, then void the visit. Accepted only when it was voided."""

    def __init__(self, ctx: AppContext, visit: VisitRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.visit = visit
        self.setWindowTitle(TEXT["title"])
        self.form = ValidatedForm()
        summary = QLabel(TEXT["summary"].format(day=visit.visit_date.isoformat(), mode=visit.mode_label,
                                                staff=visit.staff_text, address=visit.address))
        summary.setWordWrap(True)
        self.form.add_row("visit", TEXT["visit"], summary)
        self.reason_box = QComboBox()
        self.reason_box.setEditable(True)
        self.reason_box.addItems(("",) + TEXT["reasons"])
        self.reason_box.setCurrentIndex(0)
        self.reason_box.lineEdit().setPlaceholderText(TEXT["reason_hint"])
        self.form.add_row("reason", TEXT["reason"], self.reason_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(_note(TEXT["hint"]))
        self.needs_note = _note(TEXT["needs"].format(n=visit.need_count)) if visit.need_count else None
        if self.needs_note is not None:
            layout.addWidget(self.needs_note)
        self.buttons = button_box(SB.Ok | SB.Cancel)
        self.confirm_button = self.buttons.button(SB.Ok)
        self.confirm_button.setText(TEXT["confirm"])
        self.buttons.button(SB.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def save(self) -> None:
        db, user, visit = self.ctx.db, self.ctx.user, self.visit
        reason = self.reason_box.currentText()
        self.form.clear_errors()
        self.ctx.runner.run(lambda: void_visit(db, visit.id, reason, visit.version, user=user),
                            self._saved, self._failed, parent=self)

    def _saved(self, _version: int) -> None:
        self.ctx.bus.changed.emit("visits")
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        report_save_failure(self, self.form, exc, self.ctx.bus, "visits")


def ask_void_visit(ctx: AppContext, visit: VisitRow, parent: QWidget | None = None) -> bool:
    """Show the dialog modally; True when the visit was voided (never for a user who may not change data)."""
    if not ctx.can(Permission.EDIT):
        return False
    return VoidVisitDialog(ctx, visit, parent).exec() == QDialog.DialogCode.Accepted
