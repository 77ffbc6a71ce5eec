"""TrueType CJK fonts for PDFs: found on the machine, embedded in every document.

Never the non-embedded STSong-Light CID font, which prints as boxes on other PCs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# (reportlab name, file names to look for, subfont index for .ttc)
CANDIDATES: list[tuple[str, tuple[str, ...], int]] = [
    ("SimSun", ("simsun.ttc",), 0),
    ("SimHei", ("simhei.ttf",), 0),
    ("SimFang", ("simfang.ttf",), 0),
    ("MicrosoftYaHei", ("msyh.ttc", "msyh.ttf"), 0),
    ("WenQuanYiMicroHei", ("wqy-microhei.ttc",), 0),
    ("WenQuanYiZenHei", ("wqy-zenhei.ttc",), 0),
    ("ARPLUMing", ("uming.ttc",), 0),
    ("ARPLUKai", ("ukai.ttc",), 0),
    ("Songti", ("Songti.ttc",), 0),
]


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


class NoCjkFontError(RuntimeError):
    def __str__(self) -> str:
        return ("未找到可嵌入的中文字体（TrueType），无法生成 PDF。"
                "Windows 请确认已安装宋体或黑体；Linux 请运行：sudo apt-get install -y fonts-wqy-microhei")


def _register(name: str, path: Path, index: int) -> bool:
    if name in pdfmetrics.getRegisteredFontNames():
        return True
    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except Exception:  # CFF-based or broken files cannot be embedded by reportlab
        return False
    return True


@lru_cache(maxsize=8)
def available_fonts(preferred: str | None = None) -> tuple[PdfFont, ...]:
    """Every usable CJK TrueType font, the preferred file (a path from settings) first."""
    fonts: list[PdfFont] = []
    if preferred and Path(preferred).exists():
        path = Path(preferred)
        name = "Custom" + path.stem.replace(" ", "")
        if _register(name, path, 0):
            fonts.append(PdfFont(name, path))
    files = _font_files()
    for name, filenames, index in CANDIDATES:
        for filename in filenames:
            path = files.get(filename.lower())
            if path and _register(name, path, index):
                fonts.append(PdfFont(name, path))
                break
    return tuple(fonts)


def main_font(preferred: str | None = None) -> str:
    """Name of the registered main CJK font; raises NoCjkFontError when there is none."""
    fonts = available_fonts(preferred)
    if not fonts:
        raise NoCjkFontError()
    return fonts[0].name
