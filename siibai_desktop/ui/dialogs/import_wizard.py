"""导入花名册: file → sheet → columns → preview → import, with progress and cancel.

Reading and checking the file and the import itself run off the GUI thread through the
context's runner; the import is one transaction in the service, so 取消 leaves the roster
exactly as it was. Afterwards the rejected rows can be saved as a file to fix and import.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from ...services.errors import UserError
from ...services.roster_columns import FIELDS, IGNORED, mapping_for, remember_mapping
from ...services.roster_export import export_template
from ...services.roster_import import (ImportCancelled, ImportPreview, ImportResult, apply_import, preview_import,
                                       read_table, save_error_file)
from ...services.roster_rows import cell_text
from ...services.spreadsheet import Workbook, open_workbook
from ..context import AppContext
from ..models.import_preview import FILTERS, ImportPreviewModel
from ..runner import show_error
from .import_text import TEXT

class _Relay(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal)."""

    progress = Signal(int, int, str)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(TEXT["file_title"])
        self.setSubTitle(TEXT["file_sub"])
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(TEXT["no_file"])
        self.browse_button = QPushButton(TEXT["browse"])
        self.browse_button.clicked.connect(self._browse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        notes = QLabel(TEXT["file_notes"])
        notes.setWordWrap(True)
        self.template_button = QPushButton(TEXT["template"])
        self.template_button.setFlat(True)
        self.template_button.setStyleSheet("color: #1a5fb4; text-align: left;")
        self.template_button.clicked.connect(self._save_template)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addSpacing(12)
        layout.addWidget(notes)
        layout.addStretch(1)
        layout.addWidget(self.template_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.path_edit.textChanged.connect(lambda _t: (self.message.clear(), self.completeChanged.emit()))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, TEXT["browse"], self.path_edit.text(), TEXT["file_filter"])
        if path:
            self.path_edit.setText(path)

    def _save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, TEXT["template"], str(Path.home() / "花名册导入模板.xlsx"),
                                              "Excel 文件 (*.xlsx)")
        if not path:
            return
        path = path if path.lower().endswith(".xlsx") else path + ".xlsx"
        try:
            export_template(path)
        except UserError as exc:
            show_error(self, exc)
            return
        self.message.setStyleSheet("color: #1a7f37;")
        self.message.setText(TEXT["template_saved"].format(path=path))

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        try:
            self.w.workbook = open_workbook(self.path_edit.text().strip())
        except UserError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(str(exc))
            return False
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(TEXT["sheet_title"])
        self.setSubTitle(TEXT["sheet_sub"])
        self.sheet_box = QComboBox()
        self.info = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheet_box)
        layout.addWidget(self.info)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.sheet_box.currentTextChanged.connect(self._show_sheet)

    def initializePage(self) -> None:
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(self.w.workbook.sheet_names)
        self.sheet_box.blockSignals(False)
        self._show_sheet(self.sheet_box.currentText())

    def _show_sheet(self, name: str) -> None:
        self.message.clear()
        self.table.clear()
        self.w.rows, self.w.header_index = None, None
        try:
            rows, header = read_table(self.w.workbook, name)
        except UserError as exc:
            self.message.setText(str(exc))
            self.info.clear()
            self.completeChanged.emit()
            return
        self.w.rows, self.w.header_index = rows, header
        self.info.setText(TEXT["header_at"].format(row=header + 1, n=len(rows) - header - 1))
        shown = rows[: header + 9]
        width = max((len(r) for r in shown), default=0)
        self.table.setRowCount(len(shown))
        self.table.setColumnCount(width)
        self.table.setVerticalHeaderLabels([str(i + 1) for i in range(len(shown))])
        for i, row in enumerate(shown):
            for j, value in enumerate(row):
                item = QTableWidgetItem(cell_text(value))
                if i == header:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(Qt.GlobalColor.yellow)
                self.table.setItem(i, j, item)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.w.rows is not None


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(TEXT["map_title"])
        self.setSubTitle(TEXT["map_sub"])
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(TEXT["map_headers"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.boxes: list[QComboBox] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

    def initializePage(self) -> None:
        rows, header = self.w.rows, self.w.header_index
        self.w.headers = [cell_text(c) for c in rows[header]]
        width = max(len(self.w.headers), max((len(r) for r in rows[header + 1: header + 50]), default=0))
        self.w.headers += [""] * (width - len(self.w.headers))
        mapping = mapping_for(self.w.headers)
        self.table.setRowCount(width)
        self.boxes = []
        samples = rows[header + 1: header + 6]
        for col, name in enumerate(self.w.headers):
            self.table.setItem(col, 0, QTableWidgetItem(name or f"第{col + 1}列"))
            example = "、".join(cell_text(r[col]) for r in samples if col < len(r) and cell_text(r[col]))
            self.table.setItem(col, 1, QTableWidgetItem(example))
            box = QComboBox()
            box.addItem(TEXT["ignored"], IGNORED)
            for code, label in FIELDS.items():
                box.addItem(label, code)
            box.setCurrentIndex(max(0, box.findData(mapping.get(col, IGNORED))))
            self.table.setCellWidget(col, 2, box)
            self.boxes.append(box)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(2, 130)

    def mapping(self) -> dict[int, str]:
        return {col: box.currentData() for col, box in enumerate(self.boxes)}

    def set_field(self, column: int, field: str) -> None:
        """Choose what a column is imported as (tests and keyboard users)."""
        self.boxes[column].setCurrentIndex(self.boxes[column].findData(field))

    def validatePage(self) -> bool:
        mapping = self.mapping()
        chosen = [f for f in mapping.values() if f != IGNORED]
        if "name" not in chosen:
            self.message.setText(TEXT["need_name"])
            return False
        for field in chosen:
            if chosen.count(field) > 1:
                self.message.setText(TEXT["twice"].format(field=FIELDS[field]))
                return False
        self.message.clear()
        self.w.mapping = mapping
        try:
            remember_mapping(self.w.headers, mapping)
        except OSError:
            pass  # remembering is a convenience; the import goes on
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(TEXT["preview_title"])
        self.setSubTitle(TEXT["preview_sub"])
        self.setCommitPage(True)  # 导入: no way back once the import started
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.unmapped = QLabel()
        self.unmapped.setWordWrap(True)
        self.progress = QProgressBar()
        self.filter_box = QComboBox()
        for key, label in FILTERS.items():
            self.filter_box.addItem(label, key)
        self.model = ImportPreviewModel(self, full_id=wizard.ctx.full_id_allowed)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        self.filter_box.currentIndexChanged.connect(lambda _i: self.model.set_filter(self.filter_box.currentData()))
        top = QHBoxLayout()
        top.addWidget(QLabel(TEXT["filter"]))
        top.addWidget(self.filter_box)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.unmapped)
        self._running = False

    def initializePage(self) -> None:
        self.w.preview = None
        self.model.set_preview(None)
        self.summary.setText(TEXT["checking"])
        self.unmapped.clear()
        self.progress.setRange(0, 0)
        self.progress.show()
        self._running = True
        w = self.w
        relay = _Relay(self)
        relay.progress.connect(self._progress)
        table = (w.rows, w.header_index)
        job = lambda: preview_import(w.ctx.db, w.workbook.path, w.sheet(), w.mapping,  # noqa: E731
                                     workbook=w.workbook, progress=relay.progress.emit, table=table)
        w.ctx.runner.run(job, self._done, self._failed, parent=self)

    def _progress(self, done: int, total: int, _stage: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, preview: ImportPreview) -> None:
        self._running = False
        self.progress.hide()
        self.w.preview = preview
        self.model.set_preview(preview)
        self.view.resizeColumnsToContents()
        counts = preview.counts()
        self.summary.setText(TEXT["summary"].format(
            rows=counts["rows_read"], created=counts["residents_created"], updated=counts["residents_updated"],
            unchanged=counts["residents_unchanged"],
            households=counts["households_created"], errors=counts["rows_rejected"],
            warnings=sum(1 for r in preview.rows if r.status == "warning"),
        ) + ("" if preview.good_rows else "\n" + TEXT["nothing"]))
        cols = preview.unmapped_columns
        self.unmapped.setText(TEXT["unmapped"].format(cols="、".join(cols)) if cols else "")
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.progress.hide()
        self.summary.setText(str(exc) if isinstance(exc, UserError) else TEXT["failed"])
        if not isinstance(exc, UserError):
            show_error(self, exc)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._running and self.w.preview is not None and bool(self.w.preview.good_rows)


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.setTitle(TEXT["import_title"])
        self.setSubTitle(TEXT["import_sub"])
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(TEXT["cancel_import"])
        self.cancel_button.clicked.connect(self.request_cancel)
        self.save_button = QPushButton(TEXT["save_errors"])
        self.save_button.clicked.connect(self._ask_error_file)
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addWidget(self.saved)
        layout.addStretch(1)
        self.running = False
        self.result: ImportResult | None = None
        self._cancel = threading.Event()

    def initializePage(self) -> None:
        self.result = None
        self._cancel.clear()
        self.running = True
        self.status.setText(TEXT["importing"])
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        self.save_button.hide()
        self.saved.clear()
        relay = _Relay(self)
        relay.progress.connect(self._progress)
        w, cancel = self.w, self._cancel
        job = lambda: apply_import(w.ctx.db, w.preview, progress=relay.progress.emit,  # noqa: E731
                                   cancel=cancel.is_set)
        w.ctx.runner.run(job, self._done, self._failed, parent=self)

    def request_cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(TEXT["cancelling"])

    def _progress(self, done: int, total: int, stage: str) -> None:
        if self.running:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.status.setText(f"{TEXT['importing']}（{stage}）")

    def _finished(self) -> None:
        self.running = False
        self.cancel_button.hide()
        self.completeChanged.emit()
        if self.w.close_when_done:
            self.w.done(0)

    def _done(self, result: ImportResult) -> None:
        self.result = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(TEXT["done"].format(created=result.residents_created, updated=result.residents_updated,
                                                households=result.households_created, rejected=result.rows_rejected))
        self.save_button.setVisible(result.rows_rejected > 0)
        self.w.ctx.bus.changed.emit("roster")
        self._finished()

    def _failed(self, exc: BaseException) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(TEXT["cancelled"] if isinstance(exc, ImportCancelled) else
                            f"{TEXT['failed']}\n{exc}" if isinstance(exc, UserError) else TEXT["failed"])
        if not isinstance(exc, UserError):
            show_error(self, exc)
        self._finished()

    def default_error_path(self) -> Path:
        source = self.w.workbook.path
        return source.with_name(f"{source.stem}{TEXT['error_suffix']}.xlsx")

    def _ask_error_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, TEXT["save_errors"], str(self.default_error_path()),
                                              "Excel 文件 (*.xlsx)")
        if path:
            self.save_error_file(path)

    def save_error_file(self, path: str | Path) -> int:
        """Write the rejected rows, as they were, with a reason column."""
        path = Path(path)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            n = save_error_file(self.w.preview, path)
        except UserError as exc:
            show_error(self, exc)
            return 0
        self.saved.setText(TEXT["errors_saved"].format(n=n, path=path))
        return n

    def isComplete(self) -> bool:
        return not self.running


class ImportWizard(QWizard):
    """The whole import, page by page. `pages` are reachable for tests."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workbook: Workbook | None = None
        self.rows: list[list[object]] | None = None
        self.header_index: int | None = None
        self.headers: list[str] = []
        self.mapping: dict[int, str] | None = None
        self.preview: ImportPreview | None = None
        self.close_when_done = False
        self.setWindowTitle(TEXT["title"])
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        for button, key in ((QWizard.WizardButton.BackButton, "back"), (QWizard.WizardButton.NextButton, "next"),
                            (QWizard.WizardButton.FinishButton, "finish"),
                            (QWizard.WizardButton.CancelButton, "cancel"),
                            (QWizard.WizardButton.CommitButton, "next_import")):
            self.setButtonText(button, TEXT[key])
        self.file_page, self.sheet_page = FilePage(self), SheetPage(self)
        self.mapping_page, self.preview_page, self.import_page = MappingPage(self), PreviewPage(self), ImportPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page, self.import_page):
            self.addPage(page)
        self.resize(980, 640)
        if path:
            self.file_page.path_edit.setText(path)

    def sheet(self) -> str:
        return self.sheet_page.sheet_box.currentText()

    def reject(self) -> None:
        """取消 while the import runs asks it to stop; the window closes when it has."""
        if self.import_page.running:
            self.close_when_done = True
            self.import_page.request_cancel()
            return
        super().reject()
