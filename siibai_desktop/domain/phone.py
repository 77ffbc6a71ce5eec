"""Phone numbers: 11-digit mobiles and landlines with an area code."""

from __future__ import annotations

import re

from .text import clean_token

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area codes: 010, 02x, or 0 + three digits; local numbers 7 or 8 digits; optional extension.
_LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))-?(\d{7,8})(?:(?:-|转)(\d{1,6}))?$")


class PhoneError(ValueError):
    """Not a phone number; the message is Chinese."""


_CLEAN_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # already clean: the usual case


def parse_phone(raw: str) -> str:
    """Normalise a phone number: mobiles as 11 digits, landlines as 021-12345678."""
    if type(raw) is str and len(raw) == 11 and _CLEAN_MOBILE.fullmatch(raw):
        return raw
    text = clean_token(raw).replace("（", "(").replace("）", ")")
    text = text.replace("(", "").replace(")", "")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if not text:
        raise PhoneError("电话号码为空")
    digits = text.replace("-", "").replace(" ", "")
    if _MOBILE.match(digits):
        return digits
    match = _LANDLINE.match(text) or _LANDLINE.match(digits)
    if match:
        area, local, ext = match.groups()
        return f"{area}-{local}" + (f"-{ext}" if ext else "")
    if digits.isdigit() and len(digits) in (7, 8):
        raise PhoneError("固定电话请加区号，如 021-62345678")
    if digits.isdigit() and digits.startswith("1"):
        raise PhoneError(f"手机号应为 11 位，现为 {len(digits)} 位")
    raise PhoneError("电话号码格式不对：手机 11 位，固话带区号（如 021-62345678）")
