"""开具证明: find a resident, choose a template and purpose, see the page, issue."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
    QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from ...domain.roles import Permission
from ...services import certificates as C
from ...services.errors import UserError, ValidationFailed
from ...services.pdf.fonts import unprintable_characters
from ...services.search import ResidentQuery, search_residents
from ..context import AppContext
from ..widgets.page_preview import PagePreview
from ..widgets.permissions import gate
from . import texts as T

_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class IssueTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.draft: C.Draft | None = None
        self.last_pdf: str | None = None
        self.field_edits: dict[str, QLineEdit] = {}
        self.search_edit = QLineEdit(placeholderText=T.SEARCH_HINT)
        self.results = QListWidget()
        self.template_box = QComboBox()
        self.purpose_edit = QLineEdit(placeholderText=T.PURPOSE_HINT)
        self.recipient_edit = QLineEdit(placeholderText=T.RECIPIENT_HINT)
        self.fields_form = QFormLayout()
        self.warning = QLabel(wordWrap=True)
        self.warning.setStyleSheet("color:#b00020")
        self.issue_button = QPushButton(T.ISSUE)
        self.result = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(T.OPEN_PDF, enabled=False)
        self.can_issue = gate(ctx, Permission.ISSUE_CERTIFICATE, self.issue_button)  # the preview stays
        self.preview = PagePreview()
        self.timer = QTimer(self, singleShot=True, interval=250)

        form = QFormLayout()
        form.addRow("查找居民", self.search_edit)
        form.addRow("", self.results)
        form.addRow("证明模板", self.template_box)
        form.addRow("开具用途", self.purpose_edit)
        form.addRow("受证对象", self.recipient_edit)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(form)
        column.addLayout(self.fields_form)
        column.addWidget(self.warning)
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.open_button)
        column.addLayout(buttons)
        column.addWidget(self.result)
        column.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(splitter)

        self.search_edit.returnPressed.connect(self.search)
        self.search_edit.textChanged.connect(lambda _t: QTimer.singleShot(300, self._search_if_stable))
        self.results.currentItemChanged.connect(lambda *_: self.schedule_preview())
        self.template_box.currentIndexChanged.connect(self.template_changed)
        self.purpose_edit.textChanged.connect(self.schedule_preview)
        self.recipient_edit.textChanged.connect(self.schedule_preview)
        self.timer.timeout.connect(self.refresh_preview)
        self.issue_button.clicked.connect(self.issue)
        self.open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(self.last_pdf)))
        self.ctx.bus.changed.connect(lambda what: what == "certificate_templates" and self.load_templates())
        self.load_templates()

    # --- choices ---------------------------------------------------------------------
    def load_templates(self) -> None:
        current = self.template_box.currentData()
        self.template_box.blockSignals(True)
        self.template_box.clear()
        for t in C.list_templates(self.ctx.db, active_only=True):
            self.template_box.addItem(t.name, t)
        index = max(0, next((i for i in range(self.template_box.count())
                             if current and self.template_box.itemData(i).id == current.id), 0))
        self.template_box.setCurrentIndex(index)
        self.template_box.blockSignals(False)
        self.template_changed()

    def template_changed(self) -> None:
        template: C.TemplateInfo | None = self.template_box.currentData()
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.field_edits = {}
        for name in template.free_fields if template else ():
            edit = QLineEdit()
            edit.textChanged.connect(self.schedule_preview)
            self.fields_form.addRow(name, edit)
            self.field_edits[name] = edit
        self.recipient_edit.setEnabled(bool(template) and not template.needs_resident)
        self.schedule_preview()

    def _search_if_stable(self) -> None:
        if len(self.search_edit.text().strip()) >= 1:
            self.search()

    def search(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            return
        self.ctx.runner.run(lambda: search_residents(self.ctx.db, ResidentQuery(text=text), limit=50),
                            self._show_results, parent=self)

    def _show_results(self, rows) -> None:
        self.results.clear()
        for r in rows:
            missing = unprintable_characters(r.name)
            mark = "⚠ " if missing else ""
            item = QListWidgetItem(f"{mark}{r.name}　{r.age if r.age is not None else ''}岁　{r.address}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            if missing:
                item.setToolTip(T.UNPRINTABLE_LABEL.format(chars="、".join(missing)))
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def request(self) -> C.CertificateRequest | None:
        template: C.TemplateInfo | None = self.template_box.currentData()
        if template is None:
            return None
        item = self.results.currentItem()
        # 荣誉证书 may go to a resident or to a named group (楼组, family): the typed name wins.
        resident_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        return C.CertificateRequest(template.id, resident_id, self.purpose_edit.text(),
                                    {k: e.text() for k, e in self.field_edits.items()},
                                    self.recipient_edit.text() if self.recipient_edit.isEnabled() else "")

    # --- preview and issue -----------------------------------------------------------
    def schedule_preview(self, *_args) -> None:
        self.timer.start()

    def refresh_preview(self) -> None:
        request = self.request()
        if request is None:
            return
        self.ctx.runner.run(lambda: C.preview_certificate(self.ctx.db, request), self._show_draft,
                            self._preview_failed, parent=self)

    def _show_draft(self, draft: C.Draft) -> None:
        self.draft = draft
        self.preview.set_page(draft.page)
        self.warning.setText(T.UNPRINTABLE_LABEL.format(chars="、".join(draft.unprintable))
                             if draft.unprintable else "")

    def _preview_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self.draft = None
        self.preview.set_page(None, str(exc))
        self.warning.setText(str(exc) if not isinstance(exc, ValidationFailed) else "；".join(exc.errors.values()))

    def issue(self) -> None:
        request = self.request()
        if request is None or not self.can_issue:
            return
        self.timer.stop()
        try:
            draft = C.preview_certificate(self.ctx.db, request)
        except UserError as exc:
            self._preview_failed(exc)
            QMessageBox.warning(self, "无法开具", str(exc))
            return
        self._show_draft(draft)
        allow = False
        if draft.unprintable:
            answer = QMessageBox.question(
                self, T.UNPRINTABLE_TITLE,
                T.UNPRINTABLE_ASK.format(doc=self.template_box.currentText(), chars="、".join(draft.unprintable)))
            if answer != QMessageBox.StandardButton.Yes:
                return
            allow = True
        self.ctx.runner.run(lambda: self._issue(request, allow), self._issued, parent=self)

    def _issue(self, request: C.CertificateRequest, allow: bool) -> tuple[C.IssuedCertificate, str]:
        issued = C.issue_certificate(self.ctx.db, request, allow_unprintable=allow)
        name = _UNSAFE.sub("_", f"{issued.serial}_{self.draft.recipient if self.draft else ''}")
        path = C.certificates_folder() / f"{name}.pdf"
        Path(path).write_bytes(issued.pdf)
        return issued, str(path)

    def _issued(self, result) -> None:
        issued, path = result
        self.last_pdf = path
        self.open_button.setEnabled(True)
        self.result.setText(T.ISSUED.format(serial=issued.serial, code=issued.verify_code, path=path))
        self.ctx.bus.changed.emit("certificates")
