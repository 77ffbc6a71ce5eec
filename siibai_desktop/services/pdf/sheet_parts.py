"""Pieces of the sheet layout: text measuring with the embedded font, Code 128 bars, and
writing shared parts out in place."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics

from .fonts import font_for_char


class Measure:
    """String widths from the embedded font, cached per character (stringWidth per call is slow)."""

    def __init__(self, font_name: str):
        self.font = pdfmetrics.getFont(font_name)
        self.cmap = self.font.face.charToGlyph
        self._w: dict[str, float] = {}
        # no glyph of a CJK font is wider than this (in em); lets short texts skip measuring
        self.widest = 1.05

    def _char(self, ch: str) -> float:
        if ord(ch) not in self.cmap and not ch.isspace():
            other = font_for_char(ch)  # 生僻字 print in a fallback font: measure with it
            if other:
                return pdfmetrics.stringWidth(ch, other, 1.0)
        return self.font.stringWidth(ch, 1.0)

    def width(self, text: str, size: float) -> float:
        w = self._w
        total = 0.0
        for ch in text:
            cw = w.get(ch)
            if cw is None:
                cw = w[ch] = self._char(ch)
            total += cw
        return total * size

    def clip(self, text: str, size: float, max_w: float) -> str:
        """The text, cut with an ellipsis if it is wider than max_w."""
        if len(text) * size * self.widest <= max_w or self.width(text, size) <= max_w:
            return text
        limit = max_w - self.width("…", size)
        out, used = [], 0.0
        for ch in text:
            cw = self.width(ch, size)
            if used + cw > limit:
                break
            out.append(ch)
            used += cw
        return "".join(out) + "…"

    def fit(self, text: str, size: float, min_size: float, max_w: float,
            shrink_or_clip: bool = False) -> tuple[str, float]:
        """Shrink the size (not below min_size) until the text fits; clip if it still does not
        (at min_size, or at the full size with `shrink_or_clip`)."""
        if len(text) * size * self.widest <= max_w:  # fits even if every character were the widest
            return text, size
        natural = self.width(text, 1.0)
        if natural * size <= max_w:
            return text, size
        if shrink_or_clip and natural * min_size > max_w:
            return self.clip(text, size, max_w), size
        size = max(min_size, max_w / natural if natural else size)
        return self.clip(text, size, max_w), size

    def wrap(self, text: str, size: float, max_w: float, max_lines: int) -> list[str]:
        """Greedy line breaks anywhere (Chinese has no spaces); the last line clipped."""
        lines: list[str] = []
        current, used = [], 0.0
        for ch in text:
            cw = self.width(ch, size)
            if current and used + cw > max_w:
                lines.append("".join(current))
                current, used = [], 0.0
                if len(lines) == max_lines:
                    break
            current.append(ch)
            used += cw
        else:
            if current:
                lines.append("".join(current))
            return lines
        rest = lines[-1] + "".join(current) + text[sum(len(x) for x in lines) + len(current):]
        lines[-1] = self.clip(rest, size, max_w)
        return lines


def code128_bars(code: str, x: float, y: float, height: float, bar: float) -> tuple[list[tuple], float]:
    """Code 128 (set B) bars of the code as filled rectangles; handheld scanners type the code in.

    The symbol patterns are reportlab's; encoding here directly is ten times faster than
    building a reportlab barcode widget per sheet."""
    from reportlab.graphics.barcode.code128 import _patterns

    values = [104] + [ord(ch) - 32 for ch in code]  # start B, then the characters
    check = (104 + sum(i * v for i, v in enumerate(values[1:], 1))) % 103
    ops, left = [], x
    for c in "".join(_patterns[v] for v in (*values, check, 106)):
        if c >= "a":
            left += (ord(c) - 96) * bar
        else:
            w = (ord(c) - 64) * bar
            ops.append(("R", left, y, w, height, 0.0, 0))
            left += w
    return ops, left - x


def expand(ops: list[tuple], forms: dict[str, list[tuple]]) -> list[tuple]:
    """The page's operations with every shared part written out in place."""
    out: list[tuple] = []
    for op in ops:
        if op[0] != "F":
            out.append(op)
            continue
        dy = op[2]
        for f in forms[op[1]]:
            if f[0] == "T":
                out.append(("T", f[1], f[2] + dy, f[3], f[4]))
            elif f[0] == "L":
                out.append(("L", f[1], f[2] + dy, f[3], f[4] + dy, f[5]))
            else:
                out.append(("R", f[1], f[2] + dy, *f[3:]))
    return out
