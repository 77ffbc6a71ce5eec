"""模板: the office adds and edits certificate templates, with a live preview."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from ...domain.certificates import KNOWN_PLACEHOLDERS, LAYOUT_LABELS
from ...domain.roles import Permission
from ...services import certificates as C
from ...services.errors import UserError, ValidationFailed
from ..context import AppContext
from ..widgets.page_preview import PagePreview
from ..widgets.permissions import gate
from . import texts as T


class TemplateTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.current: C.TemplateInfo | None = None
        self.list = QListWidget()
        self.new_button = QPushButton(T.NEW_TEMPLATE)
        self.name_edit = QLineEdit()
        self.title_edit = QLineEdit()
        self.layout_box = QComboBox()
        for code, label in LAYOUT_LABELS.items():
            self.layout_box.addItem(label, code)
        self.prefix_edit = QLineEdit(placeholderText="如：居证")
        self.body_edit = QPlainTextEdit()
        self.closing_edit = QLineEdit()
        self.needs_resident = QCheckBox("须选择居民")
        self.active = QCheckBox("启用")
        self.save_button = QPushButton(T.SAVE_TEMPLATE)
        self.can_edit = gate(ctx, Permission.EDIT, self.new_button, self.save_button)  # 只读: read and preview
        self.status = QLabel(wordWrap=True)
        help_text = QLabel(T.PLACEHOLDER_HELP.format(names="、".join("{" + n + "}" for n in KNOWN_PLACEHOLDERS)),
                           wordWrap=True)
        help_text.setStyleSheet("color:#555")
        self.preview = PagePreview()
        self.timer = QTimer(self, singleShot=True, interval=300)

        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(self.list, 1)
        column.addWidget(self.new_button)
        editor = QWidget()
        form = QFormLayout(editor)
        form.addRow("模板名称", self.name_edit)
        form.addRow("标题", self.title_edit)
        form.addRow("版式", self.layout_box)
        form.addRow("编号前缀", self.prefix_edit)
        form.addRow("正文", self.body_edit)
        form.addRow("结束语", self.closing_edit)
        flags = QHBoxLayout()
        flags.addWidget(self.needs_resident)
        flags.addWidget(self.active)
        form.addRow("", flags)
        form.addRow("", help_text)
        form.addRow("", self.save_button)
        form.addRow("", self.status)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(2, 1)
        QVBoxLayout(self).addWidget(splitter)

        self.list.currentItemChanged.connect(self._selected)
        self.new_button.clicked.connect(self.new_template)
        self.save_button.clicked.connect(self.save)
        for edit in (self.name_edit, self.title_edit, self.prefix_edit, self.closing_edit):
            edit.textChanged.connect(self.schedule_preview)
        self.body_edit.textChanged.connect(self.schedule_preview)
        self.layout_box.currentIndexChanged.connect(self.schedule_preview)
        self.timer.timeout.connect(self.refresh_preview)
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for t in C.list_templates(self.ctx.db):
            item = QListWidgetItem(t.name + ("" if t.active else "（停用）"))
            item.setData(Qt.ItemDataRole.UserRole, t)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole).id for i in range(self.list.count())]
        self.list.setCurrentRow(ids.index(select_id) if select_id in ids else 0)

    def _selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        t: C.TemplateInfo | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.current = t
        self.name_edit.setText(t.name if t else "")
        self.title_edit.setText(t.title if t else "")
        self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(t.layout if t else "official")))
        self.prefix_edit.setText(t.serial_prefix if t else "")
        self.body_edit.setPlainText(t.body if t else "")
        self.closing_edit.setText(t.closing if t else "特此证明。")
        self.needs_resident.setChecked(t.needs_resident if t else True)
        self.active.setChecked(t.active if t else True)
        self.status.setText("")
        self.refresh_preview()

    def new_template(self) -> None:
        self.list.clearSelection()
        self._selected(None)
        self.body_edit.setPlainText("兹证明{姓名}（{性别}，公民身份号码：{身份证号}）现居住在{住址}。")
        self.name_edit.setFocus()

    def data(self) -> C.TemplateInput:
        return C.TemplateInput(
            name=self.name_edit.text(), title=self.title_edit.text(), body=self.body_edit.toPlainText(),
            serial_prefix=self.prefix_edit.text(), layout=self.layout_box.currentData(),
            closing=self.closing_edit.text(), needs_resident=self.needs_resident.isChecked(),
            active=self.active.isChecked())

    def schedule_preview(self, *_args) -> None:
        self.timer.start()

    def refresh_preview(self) -> None:
        data = self.data()
        self.ctx.runner.run(lambda: C.preview_template(self.ctx.db, data),
                            lambda draft: self.preview.set_page(draft.page),
                            lambda exc: self.preview.set_page(None, str(exc)), parent=self)

    def save(self) -> None:
        if not self.can_edit:
            return
        data = self.data()
        current = self.current
        self.ctx.runner.run(
            lambda: C.save_template(self.ctx.db, data, current.id if current else None,
                                    current.version if current else None),
            self._saved, self._failed, parent=self)

    def _saved(self, template_id: int) -> None:
        self.status.setStyleSheet("color:#1b5e20")
        self.status.setText(T.SAVED)
        self.reload(template_id)
        self.status.setText(T.SAVED)
        self.ctx.bus.changed.emit("certificate_templates")

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self.status.setStyleSheet("color:#b00020")
        self.status.setText("；".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else str(exc))
