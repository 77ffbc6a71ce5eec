"""CJK fonts: check one is present and register the PDF fonts with Qt.

The screens use the very font files the PDFs embed (services.pdf.fonts), registered with
QFontDatabase.addApplicationFont, and the application font lists them all as fallback
families: a name with a rare character (䶮, 𠮷) looks on screen as it will print.
"""

from __future__ import annotations

import sys
from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase


CJK_SAMPLE = "居委会走访"
FIX_HINT = "sudo apt-get install -y fonts-wqy-microhei"
PREFERRED_UI = ("Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "SimSun")
# Installed families with the rare characters (Ext-A/B) the PDF fallback fonts also cover.
RARE_FALLBACKS = ("SimSun-ExtB", "MingLiU-ExtB", "SimSun", "AR PL UMing CN", "HanaMinA", "HanaMinB",
                  "Songti SC", "Noto Serif CJK SC")


def has_cjk_font() -> bool:
    for _family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return True
    return False


@lru_cache(maxsize=1)
def register_pdf_fonts() -> dict[str, str]:
    """Register every PDF font file with Qt; map the PDF font name to its Qt family."""
    from ..services.pdf import fonts as pdf_fonts  # reportlab: only when a page is laid out

    families: dict[str, str] = {}
    try:
        fonts = pdf_fonts.available_fonts()
    except Exception:  # a broken font file must never stop the app from starting
        return families
    for font in fonts:
        font_id = QFontDatabase.addApplicationFont(str(font.path))
        names = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if names:
            families[font.name] = names[0]
    return families


def qt_family(pdf_font_name: str) -> str | None:
    """The Qt family of a PDF font name (for painting a laid-out page)."""
    return register_pdf_fonts().get(pdf_font_name)


def fallback_families() -> list[str]:
    """Qt families of the PDF fonts, main first: a font's fallback chain for rare characters."""
    return list(dict.fromkeys(register_pdf_fonts().values()))


def apply_default_font(app) -> None:
    """Prefer a CJK family so Chinese never falls back to boxes; then installed families with
    rare characters, so a name shows as it prints.

    Only names Qt already knows are used here: parsing the PDF font files (reportlab) costs
    0.5 s and 100 MB, so that waits until a page is first laid out (qt_family).
    """
    available = set(QFontDatabase.families())
    extra = [f for f in RARE_FALLBACKS if f in available]
    chosen = [f for f in PREFERRED_UI if f in available][:1]
    families = list(dict.fromkeys(chosen + extra))
    if families:
        font = QFont(families[0], 10)
        font.setFamilies(families)
        app.setFont(font)
        return
    if not has_cjk_font() and sys.platform.startswith("linux"):
        print(f"未找到中文字体，界面可能显示为方框。请运行：{FIX_HINT}", file=sys.stderr)
