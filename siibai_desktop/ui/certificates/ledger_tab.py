"""台账与核验: the ledger of issued, reprinted and voided certificates; reprint, void, verify."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ...domain.roles import Permission
from ...services import certificates as C
from ..context import AppContext
from ..widgets.permissions import gate
from . import texts as T


class LedgerTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.rows: list[C.LedgerRow] = []
        self.filter_edit = QLineEdit(placeholderText="按姓名、编号或用途筛选")
        self.table = QTableWidget(0, len(T.LEDGER_COLUMNS))
        self.table.setHorizontalHeaderLabels(T.LEDGER_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.reprint_button = QPushButton(T.REPRINT)
        self.void_button = QPushButton(T.VOID)
        self.message = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_edit = QLineEdit(placeholderText=T.VERIFY_HINT)
        self.verify_button = QPushButton(T.VERIFY)
        # everyone reads the ledger and checks a code; 补打 and 作废 are issuing
        self.can_issue = gate(ctx, Permission.ISSUE_CERTIFICATE, self.reprint_button, self.void_button)
        self.verdict = QLabel(wordWrap=True)

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.reprint_button)
        top.addWidget(self.void_button)
        verify_box = QGroupBox("核验证明真伪")
        verify_row = QHBoxLayout(verify_box)
        verify_row.addWidget(self.code_edit, 1)
        verify_row.addWidget(self.verify_button)
        verify_row.addWidget(self.verdict, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(verify_box)

        self.filter_edit.textChanged.connect(self.reload)
        self.reprint_button.clicked.connect(self.reprint)
        self.void_button.clicked.connect(self.void)
        self.verify_button.clicked.connect(self.verify)
        self.code_edit.returnPressed.connect(self.verify)
        self.ctx.bus.changed.connect(lambda what: what == "certificates" and self.reload())
        self.reload()

    def reload(self, *_args) -> None:
        self.ctx.runner.run(lambda: C.ledger(self.ctx.db, text=self.filter_edit.text()), self._fill, parent=self)

    def _fill(self, rows: list[C.LedgerRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = [f"{r.at:%Y-%m-%d %H:%M}", r.action_label, r.serial, r.template, r.recipient, r.purpose,
                      r.by, r.note, T.STATE_LABELS.get(r.state, r.state)]
            for j, value in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(value))

    def selected(self) -> C.LedgerRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def reprint(self) -> None:
        line = self.selected()
        if not self.can_issue:
            return
        if line is None:
            self.message.setText("请先在台账中选中一份证明。")
            return

        def job():
            issued = C.reprint_certificate(self.ctx.db, line.certificate_id)
            path = C.certificates_folder() / f"{issued.serial}_补打_{self.ctx.db.clock.now():%Y%m%d%H%M%S}.pdf"
            Path(path).write_bytes(issued.pdf)
            return issued, path

        self.ctx.runner.run(job, self._reprinted, parent=self)

    def _reprinted(self, result) -> None:
        issued, path = result
        self.message.setText(f"已补打 {issued.serial}，PDF 已保存：{path}")
        self.ctx.bus.changed.emit("certificates")

    def void(self) -> None:
        line = self.selected()
        if not self.can_issue:
            return
        if line is None:
            self.message.setText("请先在台账中选中一份证明。")
            return
        reason, ok = QInputDialog.getText(self, f"作废 {line.serial}", T.VOID_REASON)
        if not ok:
            return
        self.ctx.runner.run(lambda: C.void_certificate(self.ctx.db, line.certificate_id, reason),
                            self._voided, parent=self)

    def _voided(self, serial: str) -> None:
        self.message.setText(f"已作废 {serial}。该编号不会再次使用。")
        self.ctx.bus.changed.emit("certificates")

    def verify(self) -> None:
        code = self.code_edit.text()
        self.ctx.runner.run(lambda: C.verify(self.ctx.db, code), self._verified, parent=self)

    def _verified(self, result: C.Verification) -> None:
        color = "#1b5e20" if result.genuine and not result.voided else "#b00020"
        self.verdict.setStyleSheet(f"color:{color}")
        extra = f"\n受证对象：{result.recipient} {result.id_number_masked}" if result.genuine else ""
        self.verdict.setText(result.message + extra)
