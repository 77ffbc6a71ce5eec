"""Short codes on visit sheets: round trip, typo tolerance, and every single error caught."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from siibai_desktop.domain.sheet_code import ALPHABET, MAX_ID, SheetCodeError, decode, encode, normalise, pretty


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_round_trip(household_id):
    code = encode(household_id)
    assert len(code) == 6 and set(code) <= set(ALPHABET)
    assert decode(code) == household_id
    assert decode(pretty(code).lower()) == household_id


def test_neighbouring_households_get_unlike_codes():
    a, b = encode(100), encode(101)
    assert sum(x != y for x, y in zip(a, b)) >= 3


def test_confusable_letters_are_read_as_digits():
    code = encode(4242)
    typed = code.replace("1", "I").replace("0", "O")
    assert normalise(typed) == code
    assert decode(f" {typed[:3]}-{typed[3:]} ") == 4242


@pytest.mark.parametrize("household_id", [1, 7, 250, 9999, 123456])
def test_every_single_wrong_character_is_caught(household_id):
    code = encode(household_id)
    for pos in range(6):
        for ch in ALPHABET:
            if ch == code[pos]:
                continue
            with pytest.raises(SheetCodeError):
                decode(code[:pos] + ch + code[pos + 1:])


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_swapped_neighbours_are_caught(household_id):
    code = encode(household_id)
    for pos in range(5):
        if code[pos] == code[pos + 1] or {code[pos], code[pos + 1]} == {"0", "Z"}:  # Luhn's one blind spot
            continue
        swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]
        with pytest.raises(SheetCodeError):
            decode(swapped)


@pytest.mark.parametrize("text, message", [("ABC", "6 位"), ("ABCDE#", "6 位"), ("ABCDEU", "无效字符")])
def test_bad_input_has_a_chinese_message(text, message):
    with pytest.raises(SheetCodeError, match=message):
        decode(text)


def test_out_of_range_ids_are_refused():
    with pytest.raises(ValueError):
        encode(0)
    with pytest.raises(ValueError):
        encode(MAX_ID + 1)
