"""Chinese resident ID numbers (居民身份证号码).

Accepts 18-digit numbers and legacy 15-digit ones (converted to 18). Full-width digits,
spaces and a lowercase x are normalised. A wrong check digit or an impossible birth
date is an error. An unknown or retired region code is only a warning: real residents
carry numbers from counties that have since been renamed or merged, and the app must
never refuse a number whose check digit and date are right.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from stdnum.cn import ric
from stdnum.exceptions import ValidationError as _StdnumError

from .enums import Sex
from .text import clean_token

# Excel keeps 15 significant digits; a longer number stored as a number comes back
# as e.g. 3.10104193503051E+17 or with trailing zeros.
_FLOAT_MARKERS = ("E+", "e+", ".")
_LAST_CHARS = frozenset("0123456789X")
_CHECK_CHARS = "10X98765432"


class IdNumberError(ValueError):
    """A number that cannot be a valid ID number; the message is Chinese."""


class IdNumber(NamedTuple):
    number: str  # normalised 18 characters
    birth_date: dt.date
    sex: Sex
    region_code: str
    region_known: bool
    from_15_digits: bool = False

    @property
    def warnings(self) -> list[str]:
        out = []
        if not self.region_known:
            out.append(f"地区码 {self.region_code} 不在现行行政区划中（可能已撤并），已按有效号码接受")
        return out


def normalise(raw: str) -> str:
    """Half-width, no spaces, upper-case X."""
    return clean_token(raw).upper()


def _check_digit(first17: str) -> str:
    """GB 11643's check character. Its weights are 2^(17-i) mod 11, so the weighted sum is
    2 x (the 17 digits read as a base-13 number) mod 11, because 13 = 2 (mod 11): one int()
    in C instead of 17 multiplications in Python. Tests hold it equal to python-stdnum's."""
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def _birth_date(year: int, month: int, day: int, today: dt.date | None) -> dt.date:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        raise IdNumberError(f"出生日期 {year:04d}-{month:02d}-{day:02d} 不存在") from None
    if born.year < 1880 or (today is not None and born > today):
        raise IdNumberError(f"出生日期 {born.isoformat()} 不可能")
    return born


@lru_cache(maxsize=65536)  # a roster's people share birthdays: each date is checked once
def _born_on(yyyymmdd: str, today: dt.date | None) -> dt.date:
    return _birth_date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]), today)


@lru_cache(maxsize=8192)  # a roster import asks for the same few codes 100,000 times
def region_known(code: str, birth_year: int | None = None) -> bool:
    """True when python-stdnum's register knows the six-digit region code."""
    try:
        ric.get_birth_place(code + (f"{birth_year:04d}0101" if birth_year else "19800101") + "0000")
    except _StdnumError:
        return False
    except Exception:  # the register itself failing must never block a number
        return False
    return True


def parse_id_number(raw: str, today: dt.date | None = None) -> IdNumber:
    """Parse and check an ID number; raise IdNumberError with a Chinese reason."""
    if type(raw) is str and len(raw) == 18 and raw.isascii() and raw[:17].isdigit() and raw[17] in _LAST_CHARS:
        if raw[17] == _CHECK_CHARS[2 * int(raw[:17], 13) % 11]:  # the usual number: clean and right
            born = _born_on(raw[6:14], today)
            code = raw[:6]
            return IdNumber(raw, born, Sex.MALE if raw[16] in "13579" else Sex.FEMALE, code,
                            region_known(code, born.year))
        text = raw
    else:
        text = normalise(raw or "")
    if not text:
        raise IdNumberError("身份证号为空")
    if any(marker in text for marker in _FLOAT_MARKERS):
        raise IdNumberError("身份证号被 Excel 存成了数字，末几位已丢失，请把该列设为文本后重新填写")
    if len(text) == 15:
        if not text.isdigit():
            raise IdNumberError("15 位身份证号只能由数字组成")
        born = _birth_date(1900 + int(text[6:8]), int(text[8:10]), int(text[10:12]), today)
        first17 = text[:6] + "19" + text[6:]
        number = first17 + _check_digit(first17)
        from_15 = True
    elif len(text) == 18:
        if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
            raise IdNumberError("身份证号前 17 位须为数字，末位为数字或 X")
        born = _birth_date(int(text[6:10]), int(text[10:12]), int(text[12:14]), today)
        expected = _check_digit(text[:17])
        if text[17] != expected:
            raise IdNumberError(f"身份证号校验位错误（末位应为 {expected}），请核对号码")
        number = text
        from_15 = False
    else:
        raise IdNumberError(f"身份证号应为 18 位（或旧式 15 位），现为 {len(text)} 位")
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    code = number[:6]
    return IdNumber(number, born, sex, code, region_known(code, born.year), from_15)


def cross_check(id_number: IdNumber, sex: Sex | None, birth_date: dt.date | None) -> list[str]:
    """Warnings where typed sex or birth date disagree with the ID number."""
    out = []
    if sex is not None and sex != id_number.sex:
        out.append(f"性别与身份证号不符（号码显示为{id_number.sex.label}）")
    if birth_date is not None and birth_date != id_number.birth_date:
        out.append(f"出生日期与身份证号不符（号码显示为 {id_number.birth_date.isoformat()}）")
    return out
