"""Test data builders (generated, never real people)."""

from __future__ import annotations

import datetime as dt

from stdnum.cn import ric


def make_id(birth: dt.date, male: bool = True, area: str = "310105", seq: int = 12) -> str:
    """A valid 18-digit ID number for a generated person."""
    order = seq * 2 + (1 if male else 0)
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")  # the reference, not the app's own
