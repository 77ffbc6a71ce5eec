"""保存冲突: another PC saved the same record first. Shows what differs and offers to
reload (then the user redoes their change on the fresh copy); nothing is overwritten."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...services.errors import ConflictError
from ..widgets.buttons import SB, button_box

TEXT = {
    "title": "保存冲突",
    "columns": ["项目", "您填写的", "对方已保存的"],
    "none": "对方的修改与您填写的内容相同之处无法逐项列出，请重新载入后核对。",
    "reload": "重新载入",
    "cancel": "取消",
    "hint": "点“重新载入”读取对方保存后的最新内容，再把您的修改重新填写一遍。",
}


class ConflictDialog(QDialog):
    def __init__(self, error: ConflictError, parent: QWidget | None = None):
        super().__init__(parent)
        self.error = error
        self.setWindowTitle(TEXT["title"])
        self.setMinimumWidth(520)
        message = QLabel(str(error))
        message.setWordWrap(True)
        message.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        self.table = QTableWidget(len(error.changes), 3)
        self.table.setHorizontalHeaderLabels(TEXT["columns"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, (field, (mine, theirs)) in enumerate(error.changes.items()):
            for col, value in enumerate((field, mine, theirs)):
                self.table.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))
        if error.changes:
            layout.addWidget(self.table)
        else:
            self.table.hide()
            layout.addWidget(QLabel(TEXT["none"]))
        hint = QLabel(TEXT["hint"])
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = button_box(SB.Ok | SB.Cancel)
        buttons.button(SB.Ok).setText(TEXT["reload"])
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_conflict(parent: QWidget | None, error: ConflictError) -> bool:
    """Show the conflict; True when the user chose to reload."""
    return ConflictDialog(error, parent).exec() == QDialog.DialogCode.Accepted


def report_save_failure(dialog: QDialog, form, exc: BaseException, bus=None, what: str = "") -> None:
    """A refused save in a record dialog: field messages by their fields; a conflict shows
    what the other PC saved and, on 重新载入, closes the dialog so the list reloads (the
    user redoes the change on the fresh copy); anything else as an error message."""
    from ...services.errors import ValidationFailed
    from ..runner import show_error

    if isinstance(exc, ValidationFailed):
        form.show_errors(exc.errors)
    elif isinstance(exc, ConflictError):
        if show_conflict(dialog, exc):
            dialog.reject()
            if bus is not None:
                bus.changed.emit(what)
    else:
        show_error(dialog, exc)
