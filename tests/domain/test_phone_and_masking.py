import pytest

from siibai_desktop.domain.masking import mask_id_number, mask_phone
from siibai_desktop.domain.phone import PhoneError, parse_phone


@pytest.mark.parametrize("raw,expected", [
    ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86 138-1234-5678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"), ("021-62345678", "021-62345678"), ("02162345678", "021-62345678"),
    ("(021)62345678", "021-62345678"), ("0571-8765432", "0571-8765432"), ("010-12345678-123", "010-12345678-123"),
])
def test_valid_phones_are_normalised(raw, expected):
    assert parse_phone(raw) == expected


@pytest.mark.parametrize("raw,reason", [
    ("1381234567", "11 位"), ("62345678", "区号"), ("abc", "格式"), ("", "为空"),
])
def test_bad_phones_say_why(raw, reason):
    with pytest.raises(PhoneError, match=reason):
        parse_phone(raw)


def test_id_numbers_and_phones_are_masked_as_shown_on_screen():
    assert mask_id_number("310105193503051234") == "310***********1234"
    assert mask_id_number(None) == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("021-62345678") == "021-****5678"
