"""TrueType CJK fonts for PDFs: found on the machine, embedded in every document.

Never the non-embedded STSong-Light CID font, which prints as boxes on other PCs.

Rare characters (生僻字 such as 䶮 or 𠮷) are printed with the first font that has the
glyph (per-character fallback, see `split_runs`). A character that no font on the
machine has is reported by `unprintable_characters` before anything is printed, so the
user is told instead of getting a silent box.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

# (reportlab name, file names to look for, subfont index for .ttc). Order = preference:
# 宋体 for official documents first; the Ext-B fonts late, as fallbacks for 生僻字.
CANDIDATES: list[tuple[str, tuple[str, ...], int]] = [
    ("SimSun", ("simsun.ttc",), 0),
    ("SimHei", ("simhei.ttf",), 0),
    ("SimFang", ("simfang.ttf",), 0),
    ("SimKai", ("simkai.ttf",), 0),
    ("MicrosoftYaHei", ("msyh.ttc", "msyh.ttf"), 0),
    ("DengXian", ("deng.ttf",), 0),
    ("STSong", ("stsong.ttf",), 0),
    ("STFangsong", ("stfangso.ttf",), 0),
    ("Songti", ("Songti.ttc",), 0),
    ("STHeiti", ("STHeiti Light.ttc", "STHeiti Medium.ttc"), 0),
    ("HiraginoSansGB", ("Hiragino Sans GB.ttc",), 0),
    ("PingFang", ("PingFang.ttc",), 0),
    ("WenQuanYiMicroHei", ("wqy-microhei.ttc",), 0),
    ("WenQuanYiZenHei", ("wqy-zenhei.ttc",), 0),
    ("ARPLUMing", ("uming.ttc",), 0),
    ("ARPLUKai", ("ukai.ttc",), 0),
    ("DroidSansFallback", ("DroidSansFallbackFull.ttf", "DroidSansFallback.ttf"), 0),
    # Fonts that exist mainly for rare characters (CJK Ext-A/B and beyond).
    ("SimSunExtB", ("simsunb.ttf",), 0),
    ("MingLiUExtB", ("mingliub.ttc",), 0),
    ("SimSunExtG", ("simsunextg.ttf",), 0),
    ("HanaMinA", ("HanaMinA.ttf",), 0),
    ("HanaMinB", ("HanaMinB.ttf",), 0),
    ("ArialUnicode", ("Arial Unicode.ttf", "arialuni.ttf"), 0),
]

def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab writes characters beyond U+FFFF (𠮷 U+20BB7) as five hex digits, which
    PDF readers cut to U+20BB: copy-and-paste and pdftotext then lose the 生僻字.
    Written here as UTF-16 surrogate pairs, as the PDF reference requires."""
    text = ttfonts._original_makeToUnicodeCMap(fontname, subset)  # type: ignore[attr-defined]
    for i, v in enumerate(subset):
        if v > 0xFFFF:
            text = text.replace("<%02X> <%04X>" % (i, v), "<%02X> <%s>" % (i, _utf16_hex(v)))
    return text


if not hasattr(ttfonts, "_original_makeToUnicodeCMap"):
    ttfonts._original_makeToUnicodeCMap = ttfonts.makeToUnicodeCMap  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap

ENV_FONT = "SIIBAI_PDF_FONT"  # a font file that wins over everything (portable installs, tests)
_lock = threading.Lock()


def font_dirs() -> list[Path]:
    dirs = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR", r"C:\Windows")
        dirs += [Path(windir) / "Fonts", Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft/Windows/Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 Path("/Library/Fonts"), Path.home() / "Library/Fonts"]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
                 Path.home() / ".fonts"]
    return [d for d in dirs if str(d) and d.exists()]


@lru_cache(maxsize=1)
def _font_files() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for directory in font_dirs():
        for path in directory.rglob("*"):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf"):
                found.setdefault(path.name.lower(), path)
    return found


@dataclass(frozen=True)
class PdfFont:
    name: str
    path: Path
    basic: bool = True  # has the common characters; False for Ext-B-only fallback fonts


class NoCjkFontError(RuntimeError):
    def __str__(self) -> str:
        return ("未找到可嵌入的中文字体（TrueType），无法生成 PDF。"
                "Windows 请确认已安装宋体或黑体；Linux 请运行：sudo apt-get install -y fonts-wqy-microhei")


def _register(name: str, path: Path, index: int) -> bool | None:
    """Register a font; True if it has the common CJK characters, False if only rare
    ones, None if it cannot be used (CFF-based, broken, or no CJK at all)."""
    if name in pdfmetrics.getRegisteredFontNames():
        return _is_basic(pdfmetrics.getFont(name))
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception:  # CFF-based or broken files cannot be embedded by reportlab
        return None
    cmap = font.face.charToGlyph
    if not any(0x3400 <= c <= 0x9FFF or 0x20000 <= c <= 0x323AF for c in cmap):
        return None
    pdfmetrics.registerFont(font)
    return _is_basic(font)


def _is_basic(font: TTFont) -> bool:
    cmap = font.face.charToGlyph
    return all(ord(ch) in cmap for ch in "中居委会证明")


_configured: str | None = None


def configure_font(path: str | None) -> None:
    """The font file chosen in the settings; used whenever no other file is asked for."""
    global _configured
    _configured = path or None


def available_fonts(preferred: str | None = None) -> tuple[PdfFont, ...]:
    """Every usable CJK TrueType font, the preferred file (a path from settings) first."""
    return _available_fonts(preferred or _configured)


@lru_cache(maxsize=8)
def _available_fonts(preferred: str | None) -> tuple[PdfFont, ...]:
    with _lock:
        fonts: list[PdfFont] = []
        for choice in (preferred, os.environ.get(ENV_FONT)):
            if choice and Path(choice).is_file():
                path = Path(choice)
                name = "Custom" + "".join(ch for ch in path.stem if ch.isalnum())
                basic = _register(name, path, 0)
                if basic is not None and all(f.name != name for f in fonts):
                    fonts.append(PdfFont(name, path, basic))
        files = _font_files()
        for name, filenames, index in CANDIDATES:
            for filename in filenames:
                path = files.get(filename.lower())
                basic = _register(name, path, index) if path else None
                if basic is not None:
                    fonts.append(PdfFont(name, path, basic))
                    break
        # The main font must print ordinary text; rare-only fonts stay as fallbacks.
        return tuple(sorted(fonts, key=lambda f: not f.basic))


def main_font(preferred: str | None = None) -> str:
    """Name of the registered main CJK font; raises NoCjkFontError when there is none."""
    fonts = available_fonts(preferred)
    if not fonts or not fonts[0].basic:
        raise NoCjkFontError()
    return fonts[0].name


def font_files(preferred: str | None = None) -> list[Path]:
    """The files of every usable font, main first (the GUI registers the same ones with Qt)."""
    return [f.path for f in available_fonts(preferred)]


@lru_cache(maxsize=64)
def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _needs_glyph(ch: str) -> bool:
    # Spaces and control characters are drawn as space; nothing to check.
    return not ch.isspace() and ord(ch) >= 0x20


def font_for_char(ch: str, preferred: str | None = None) -> str | None:
    """The first font (main first) that has a glyph for `ch`; None if no font has one."""
    for font in available_fonts(preferred):
        if ord(ch) in _cmap(font.name):
            return font.name
    return None


def split_runs(text: str, font: str | None = None, preferred: str | None = None) -> list[tuple[str, str]]:
    """Cut `text` into (font name, text) runs: `font` (the main font by default) wherever it
    has the glyph, else the first fallback font that does. Characters no font has stay in
    the main font (they were reported by `unprintable_characters` beforehand)."""
    main = font or main_font(preferred)
    main_cmap = _cmap(main)
    runs: list[tuple[str, str]] = []
    for ch in text:
        use = main
        if ord(ch) not in main_cmap and _needs_glyph(ch):
            use = font_for_char(ch, preferred) or main
        if runs and runs[-1][0] == use:
            runs[-1] = (use, runs[-1][1] + ch)
        else:
            runs.append((use, ch))
    return runs


def string_width(text: str, size: float, font: str | None = None, preferred: str | None = None) -> float:
    """Printed width in points of `text` with per-character fallback."""
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in split_runs(text, font, preferred))


def unprintable_characters(text: str, preferred: str | None = None) -> list[str]:
    """Characters of `text` that no font on this machine can print, each once, in order.

    Used before printing (the user is told which characters will not print) and by the
    roster to mark such names."""
    fonts = available_fonts(preferred)
    if not fonts:
        raise NoCjkFontError()
    cmaps = [_cmap(f.name) for f in fonts]
    missing: list[str] = []
    for ch in dict.fromkeys(text or ""):
        if _needs_glyph(ch) and not any(ord(ch) in cmap for cmap in cmaps):
            missing.append(ch)
    return missing
