"""Certificates: placeholders in template text, serial numbers and check codes.

Pure rules; the services fill in the values and keep the records.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import unicodedata

# Placeholders the app fills in itself; any other {名称} in a template is a free field the
# office types when issuing (e.g. {荣誉称号}).
KNOWN_PLACEHOLDERS: dict[str, str] = {
    "姓名": "居民姓名（或受表彰的集体名称）",
    "性别": "男 / 女",
    "出生日期": "2026年1月1日",
    "年龄": "周岁",
    "身份证号": "公民身份号码",
    "住址": "区 + 小区 + 门牌",
    "小区": "小区名称",
    "迁入日期": "迁入本居民区的日期",
    "用途": "开具用途",
    "开具日期": "2026年11月21日",
    "年": "开具年份",
    "居委会": "居委会全称",
    "街道": "街道办事处",
    "编号": "证明编号",
}

_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,20})\}")

# (name, layout, title, body, closing, serial prefix, needs a resident)
BUILTIN_TEMPLATES: list[tuple[str, str, str, str, str, str, bool]] = [
    ("居住证明", "official", "居住证明",
     "兹证明{姓名}（{性别}，公民身份号码：{身份证号}）现居住在{住址}，系本居民区居民。\n"
     "该居民因{用途}需要，申请开具居住证明。情况属实。",
     "特此证明。", "居证", True),
    ("荣誉证书", "honour", "荣誉证书",
     "{姓名}：\n在{年}年度社区工作中表现突出，被评为“{荣誉称号}”。\n特发此证，以资鼓励。",
     "", "荣证", False),
]

LAYOUT_LABELS = {"official": "公文式（A4 竖版）", "honour": "荣誉证书（A4 横版）"}


def placeholders(text: str) -> list[str]:
    """Every {placeholder} of a template text, each once, in order."""
    return list(dict.fromkeys(_PLACEHOLDER.findall(text or "")))


def free_fields(*texts: str) -> list[str]:
    """Placeholders the office fills in by hand when issuing."""
    out: list[str] = []
    for text in texts:
        out += [p for p in placeholders(text) if p not in KNOWN_PLACEHOLDERS and p not in out]
    return out


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each {placeholder} with its value; unknown ones are left as written."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")


def chinese_date(day: dt.date) -> str:
    """2026年11月21日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_serial(prefix: str, year: int, number: int) -> str:
    """居证〔2026〕第0012号."""
    return f"{prefix}〔{year}〕第{number:04d}号"


_SERIAL = re.compile(r"^(.*?)[\[〔【(（](\d{4})[\]〕】)）]第?0*(\d+)号?$")


def parse_serial(text: str) -> tuple[str, int, int] | None:
    """(prefix, year, number) from a serial as typed: brackets of any kind, zeros optional."""
    cleaned = "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if not ch.isspace())
    # NFKC turns 〔〕 into themselves but （） into (); both are accepted.
    match = _SERIAL.match(cleaned)
    if not match:
        return None
    return match.group(1), int(match.group(2)), int(match.group(3))


def check_code(secret: str, template_id: int, year: int, number: int) -> str:
    """Eight characters of an HMAC over the certificate's identity (A–Z, 2–7)."""
    digest = hmac.new(secret.encode(), f"{template_id}:{year}:{number}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:8]


def verify_code(template_id: int, year: int, number: int, check: str) -> str:
    """The code printed under the QR: 1-2026-0012-K7QW3M2P."""
    return f"{template_id}-{year}-{number:04d}-{check}"


_CODE = re.compile(r"^(\d+)-(\d{4})-(\d+)-([A-Z2-7]{8})$")


def parse_verify_code(text: str) -> tuple[int, int, int, str] | None:
    """(template id, year, number, check) from a typed or scanned code, or None."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().upper()
    # A scanned QR holds the serial and the code on two lines; the code is the last word.
    words = cleaned.replace("：", " ").replace(":", " ").split()
    for word in reversed(words):
        match = _CODE.match(word)
        if match:
            return int(match.group(1)), int(match.group(2)), int(match.group(3)), match.group(4)
    return None


def codes_match(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode())
