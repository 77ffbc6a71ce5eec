"""印章与设置: the seal image, the signing line and the PDF font."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from ...domain.roles import Permission
from ...services import certificates as C
from ...services.pdf import fonts as pdf_fonts
from ..context import AppContext
from ..widgets.permissions import gate
from . import texts as T


class SettingsTab(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.seal_png: bytes | None = None
        self.clear_seal = False
        self.seal_view = QLabel(T.NO_SEAL, alignment=Qt.AlignmentFlag.AlignCenter)
        self.seal_view.setFixedSize(180, 180)
        self.seal_view.setStyleSheet("border:1px dashed #999")
        self.choose_seal = QPushButton(T.CHOOSE_SEAL)
        self.clear_button = QPushButton(T.CLEAR_SEAL)
        self.signing_edit = QLineEdit(placeholderText="如：经办人：")
        self.font_edit = QLineEdit(placeholderText="留空则自动选用系统字体（宋体、黑体、文泉驿等）")
        self.choose_font = QPushButton(T.CHOOSE_FONT)
        self.fonts_found = QLabel(wordWrap=True)
        self.save_button = QPushButton(T.SAVE_SETTINGS)
        self.status = QLabel()
        self.can_edit = gate(ctx, Permission.EDIT, self.choose_seal, self.clear_button, self.choose_font,
                             self.save_button)
        self.signing_edit.setReadOnly(not self.can_edit)
        self.font_edit.setReadOnly(not self.can_edit)
        seal_buttons = QVBoxLayout()
        seal_buttons.addWidget(self.choose_seal)
        seal_buttons.addWidget(self.clear_button)
        seal_buttons.addStretch(1)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_view)
        seal_row.addLayout(seal_buttons)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_edit, 1)
        font_row.addWidget(self.choose_font)
        form = QFormLayout(self)
        form.addRow("印章", seal_row)
        form.addRow("落款签字行", self.signing_edit)
        form.addRow("打印字体", font_row)
        form.addRow("", self.fonts_found)
        form.addRow("", self.save_button)
        form.addRow("", self.status)
        self.choose_seal.clicked.connect(self.pick_seal)
        self.clear_button.clicked.connect(self.drop_seal)
        self.choose_font.clicked.connect(self.pick_font)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        info = C.get_certificate_settings(self.ctx.db)
        self.signing_edit.setText(info.signing_line)
        self.font_edit.setText(info.font_path)
        self._show_seal(info.seal_png)
        names = [f"{f.name}（{f.path.name}）" for f in pdf_fonts.available_fonts(info.font_path or None)]
        self.fonts_found.setText("本机可用于打印的字体（按顺序补字）：" + ("、".join(names) or "无"))

    def _show_seal(self, data: bytes | None) -> None:
        if data:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            self.seal_view.setPixmap(pixmap.scaled(170, 170, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))
        else:
            self.seal_view.setPixmap(QPixmap())
            self.seal_view.setText(T.NO_SEAL)

    def pick_seal(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, T.CHOOSE_SEAL, "", "PNG 图片 (*.png)")
        if path:
            with open(path, "rb") as fh:
                self.seal_png = fh.read()
            self.clear_seal = False
            self._show_seal(self.seal_png)

    def drop_seal(self) -> None:
        self.seal_png, self.clear_seal = None, True
        self._show_seal(None)

    def pick_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, T.CHOOSE_FONT, "", "TrueType 字体 (*.ttf *.ttc)")
        if path:
            self.font_edit.setText(path)

    def save(self) -> None:
        if not self.can_edit:
            return
        seal, clear, signing, font = self.seal_png, self.clear_seal, self.signing_edit.text(), self.font_edit.text()
        self.ctx.runner.run(
            lambda: C.save_certificate_settings(self.ctx.db, signing_line=signing, seal_png=seal,
                                                clear_seal=clear, font_path=font.strip()),
            lambda _r: (self.status.setText("已保存"), self.load()), parent=self)
