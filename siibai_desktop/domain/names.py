"""Names and their readings, for search: full pinyin and initials.

A surname is read as a surname: 单 is shan, 曾 zeng, 仇 qiu, 解 xie. pypinyin reads
each character by its most common reading, so the surname readings are kept here.
"""

from __future__ import annotations

from functools import lru_cache

# Double-character surnames first (longest match wins).
SURNAME_READINGS: dict[str, str] = {
    "万俟": "moqi", "尉迟": "yuchi", "长孙": "zhangsun", "澹台": "tantai", "单于": "chanyu",
    "令狐": "linghu", "司马": "sima", "欧阳": "ouyang", "上官": "shangguan", "诸葛": "zhuge",
    "单": "shan", "曾": "zeng", "仇": "qiu", "解": "xie", "区": "ou", "查": "zha",
    "朴": "piao", "盖": "ge", "乐": "yue", "尉": "yu", "繁": "po", "覃": "qin",
    "翟": "zhai", "员": "yun", "种": "chong", "召": "shao", "缪": "miao", "秘": "bi",
    "洗": "xian", "冼": "xian", "宓": "mi", "隗": "wei", "句": "gou", "那": "na",
    "柏": "bai", "薄": "bo", "卜": "bu", "臧": "zang", "阚": "kan", "沈": "shen",
    "相": "xiang", "折": "she", "谌": "chen", "厍": "she", "牟": "mou", "藏": "zang",
    "石": "shi", "重": "chong", "华": "hua", "任": "ren", "纪": "ji", "蕃": "pi",
    "车": "che", "祭": "zhai", "莘": "shen", "亓": "qi", "黑": "he", "能": "nai",
}


def split_surname(name: str) -> tuple[str, str]:
    """Split a Chinese name into surname and given name (double surnames known)."""
    if len(name) >= 3 and name[:2] in SURNAME_READINGS:
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=65536)
def name_readings(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower-case, no spaces: ('shanxiaoming', 'sxm')."""
    name = (name or "").strip()
    if not name:
        return "", ""
    surname, given = split_surname(name)
    parts: list[str] = []
    if surname in SURNAME_READINGS:
        reading = SURNAME_READINGS[surname]
        # Double surnames split into their two syllables for initials.
        syllables = _lazy_pinyin()(surname) if len(surname) == 2 else [reading]
        if len(surname) == 2 and "".join(syllables) != reading:
            syllables = [reading]
        parts.extend(syllables)
    else:
        parts.extend(_readings(surname))
    parts.extend(_readings(given))
    parts = [p.lower() for p in parts if p and p.isascii() and p.isalpha()]
    full = "".join(parts)
    initials = "".join(p[0] for p in parts)
    return full, initials


def _readings(text: str) -> list[str]:
    """pypinyin's readings of a surname or given name. Words it knows as a phrase (重阳 chong
    yang) are read as the phrase; otherwise one or two Chinese characters are read one by one
    from a cache, which gives the same readings some twenty times faster."""
    if len(text) <= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in text) and (
            len(text) < 2 or text not in _phrases()):
        return [r for ch in text for r in _char_readings(ch)]
    return _lazy_pinyin()(text, errors="ignore")


@lru_cache(maxsize=16384)
def _char_readings(ch: str) -> tuple[str, ...]:
    return tuple(_lazy_pinyin()(ch, errors="ignore"))


@lru_cache(maxsize=1)
def _phrases() -> dict:
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT


@lru_cache(maxsize=1)
def _lazy_pinyin():
    from pypinyin import lazy_pinyin  # its phrase tables take 0.2 s to load: only when needed

    return lazy_pinyin


def search_text_for(name: str, id_number: str | None, phone: str | None, address: str) -> tuple[str, str]:
    """(full pinyin, search text) of a resident: the haystack the roster's search box scans.

    Name, its full pinyin and initials, ID number, phone digits and the address without
    spaces, lower-case, joined by '|'.
    """
    full, initials = name_readings(name)  # already lower-case
    parts = (name.lower(), full, initials, (id_number or "").lower(), (phone or "").replace("-", "").lower(),
             _address_token(address))
    return full, "|".join([p for p in parts if p])


@lru_cache(maxsize=8192)  # a household's people share it
def _address_token(address: str) -> str:
    from .text import clean_token

    return clean_token(address).lower()
