"""Short codes on printed visit sheets: six characters that find a household fast.

Five characters carry the household id (scrambled so that neighbouring households get
unlike codes), the sixth is a Luhn mod 32 check character, which catches every single
mistyped character and every swap of two neighbouring characters except 0 with Z. The alphabet is
Crockford's base 32: no I, L, O or U, and typed I/L/O are read as 1/1/0.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_N = len(ALPHABET)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_TYPO = str.maketrans({"I": "1", "L": "1", "O": "0"})
DATA_CHARS = 5
_SPACE = _N ** DATA_CHARS  # 2**25 households
_MULT = 0x1B3C5A7  # odd, so multiplying is a bijection modulo 2**25
_INV = pow(_MULT, -1, _SPACE)
MAX_ID = _SPACE - 1


class SheetCodeError(ValueError):
    """Not a code from a visit sheet; the message is Chinese."""


def _check_char(data: str) -> str:
    total, factor = 0, 2
    for ch in reversed(data):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def encode(household_id: int) -> str:
    """The six-character code printed on the household's sheet."""
    if not 0 < household_id <= MAX_ID:
        raise ValueError(f"household id out of range: {household_id}")
    n = (household_id * _MULT) % _SPACE
    chars = []
    for _ in range(DATA_CHARS):
        n, r = divmod(n, _N)
        chars.append(ALPHABET[r])
    data = "".join(reversed(chars))
    return data + _check_char(data)


def normalise(text: str) -> str:
    """Upper case, no spaces or dashes, I/L/O read as 1/1/0."""
    cleaned = "".join(ch for ch in (text or "") if ch.isalnum()).upper()
    return cleaned.translate(_TYPO)


def decode(text: str) -> int:
    """The household id behind a typed code; SheetCodeError when it cannot be one."""
    code = normalise(text)
    if len(code) != DATA_CHARS + 1:
        raise SheetCodeError(f"走访单编号应为 6 位，现为 {len(code)} 位")
    bad = [ch for ch in code if ch not in _VALUE]
    if bad:
        raise SheetCodeError(f"走访单编号中有无效字符：{''.join(bad)}")
    data, check = code[:DATA_CHARS], code[DATA_CHARS]
    if _check_char(data) != check:
        raise SheetCodeError("走访单编号有误（校验不符），请核对后重新输入")
    n = 0
    for ch in data:
        n = n * _N + _VALUE[ch]
    household_id = (n * _INV) % _SPACE
    if household_id == 0:
        raise SheetCodeError("走访单编号有误")
    return household_id


def pretty(code: str) -> str:
    """For print: ABC-123 reads more easily than ABC123."""
    return f"{code[:3]}-{code[3:]}"
