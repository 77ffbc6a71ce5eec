"""Dialog buttons in Chinese whether or not Qt's own translation was loaded.

app.py installs qtbase_zh_CN, which the PySide6 wheel ships; a frozen build may not
carry it, so dialogs built here set their button texts themselves.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

SB = QDialogButtonBox.StandardButton
MB = QMessageBox.StandardButton

BUTTON_TEXT = {
    SB.Ok: "确定", SB.Cancel: "取消", SB.Save: "保存", SB.Close: "关闭", SB.Yes: "是",
    SB.No: "否", SB.Apply: "应用", SB.Reset: "重置", SB.Discard: "不保存", SB.Help: "帮助",
    SB.Retry: "重试", SB.Ignore: "忽略", SB.Abort: "中止", SB.Open: "打开",
}
MESSAGE_TEXT = {MB(int(k.value)): v for k, v in BUTTON_TEXT.items()}


def chinese_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Set Chinese texts on every standard button of `box`; returns it."""
    for standard, text in BUTTON_TEXT.items():
        button = box.button(standard)
        if button is not None:
            button.setText(text)
    return box


def button_box(buttons: SB, parent: QWidget | None = None) -> QDialogButtonBox:
    """A QDialogButtonBox with Chinese texts, e.g. button_box(SB.Save | SB.Cancel)."""
    return chinese_buttons(QDialogButtonBox(buttons, parent))


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                buttons: MB = MB.Ok) -> QMessageBox:
    """A QMessageBox whose standard buttons read in Chinese (not shown yet)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    for standard, label in MESSAGE_TEXT.items():
        button = box.button(standard)
        if button is not None:
            button.setText(label)
    return box


def warn(parent: QWidget | None, title: str, text: str) -> None:
    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    box = message_box(parent, QMessageBox.Icon.Question, title, text, MB.Yes | MB.No)
    box.setDefaultButton(MB.No)
    return box.exec() == MB.Yes
