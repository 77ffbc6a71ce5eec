"""Qt's own buttons read in Chinese: through the shipped translation, and without it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from siibai_desktop.ui.app import install_chinese
from siibai_desktop.ui.widgets.buttons import MB, SB, button_box, message_box


@pytest.fixture
def chinese_qt(qapp):
    translators = install_chinese(qapp)
    yield translators
    for tr in translators:
        QApplication.removeTranslator(tr)


def test_qt_translation_is_shipped_and_used(chinese_qt, qtbot):
    assert chinese_qt, "qtbase_zh_CN.qm not found in the PySide6 wheel"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    msg = QMessageBox(QMessageBox.Icon.Warning, "t", "x",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(msg)
    assert sorted(b.text() for b in msg.buttons()) == sorted(["确定", "取消"])


def test_helpers_set_chinese_without_translation(qtbot):
    box = button_box(SB.Ok | SB.Cancel | SB.Save)
    qtbot.addWidget(box)
    assert [box.button(b).text() for b in (SB.Ok, SB.Cancel, SB.Save)] == ["确定", "取消", "保存"]
    msg = message_box(None, QMessageBox.Icon.Question, "t", "x", MB.Yes | MB.No)
    qtbot.addWidget(msg)
    assert sorted(b.text() for b in msg.buttons()) == sorted(["是", "否"])
