"""The Qt binding must not leak references to None/True: on Python 3.11 that ends in
"Fatal Python error: none_dealloc" after a few thousand clicks (PySide6 6.12.0 did)."""

import sys

from PySide6.QtWidgets import QCheckBox, QLabel


def test_void_calls_and_signals_keep_none_and_true_alive(qtbot):
    label, box = QLabel(), QCheckBox()
    qtbot.addWidget(label)
    qtbot.addWidget(box)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(2000):
        label.setText(str(i))
        box.toggled.emit(True)
    # A few references may come and go with the interpreter; a leak loses one per call.
    assert sys.getrefcount(None) > none_before - 100
    assert sys.getrefcount(True) > true_before - 100
