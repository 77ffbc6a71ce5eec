"""CJK fonts: check one is present and register bundled/system fonts with Qt."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase

CJK_SAMPLE = "居委会走访"
FIX_HINT = "sudo apt-get install -y fonts-wqy-microhei"


def has_cjk_font() -> bool:
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return True
    return False


def apply_default_font(app) -> None:
    """Prefer a CJK family so Chinese never falls back to boxes."""
    for family in ("Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "SimSun"):
        if family in QFontDatabase.families():
            font = QFont(family, 10)
            app.setFont(font)
            return
    if not has_cjk_font() and sys.platform.startswith("linux"):
        print(f"未找到中文字体，界面可能显示为方框。请运行：{FIX_HINT}", file=sys.stderr)
