import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from siibai_desktop.domain.enums import Sex
from siibai_desktop.domain.id_number import IdNumberError, cross_check, parse_id_number
from tests.helpers import make_id

TODAY = dt.date(2026, 11, 21)


def test_valid_18_digit_number_gives_birth_date_and_sex():
    number = make_id(dt.date(1935, 3, 5), male=False)
    parsed = parse_id_number(number, TODAY)
    assert parsed.number == number
    assert parsed.birth_date == dt.date(1935, 3, 5)
    assert parsed.sex is Sex.FEMALE
    assert parsed.region_known and parsed.warnings == []


def test_full_width_digits_spaces_and_lowercase_x_are_normalised():
    # find a generated number whose check digit is X
    number = next(n for n in (make_id(dt.date(1960, 1, 1), seq=s) for s in range(200)) if n.endswith("X"))
    messy = " ".join(number[:6]) + " " + number[6:].lower()
    messy = messy.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_id_number(messy, TODAY).number == number


def test_wrong_check_digit_is_an_error_naming_the_right_digit():
    number = make_id(dt.date(1950, 6, 1))
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(IdNumberError, match="校验位"):
        parse_id_number(wrong, TODAY)


@pytest.mark.parametrize("birth", ["19500230", "19501301", "20990101"])
def test_impossible_or_future_birth_date_is_an_error(birth):
    first17 = "310105" + birth + "123"
    from siibai_desktop.domain.id_number import _check_digit
    with pytest.raises(IdNumberError, match="出生日期"):
        parse_id_number(first17 + _check_digit(first17), TODAY)


def test_retired_region_code_is_accepted_with_a_warning_only():
    # 310103 was 卢湾区, merged into 黄浦区 in 2011: real residents still carry it.
    number = make_id(dt.date(1948, 8, 8), area="310103")
    parsed = parse_id_number(number, TODAY)
    assert parsed.number == number
    # An invented code that never existed is accepted too when check digit and date are right.
    invented = make_id(dt.date(1948, 8, 8), area="999999")
    parsed = parse_id_number(invented, TODAY)
    assert not parsed.region_known
    assert "地区码" in parsed.warnings[0]


def test_legacy_15_digit_number_is_converted_to_18():
    # 15 digits: area(6) + yymmdd(6) + order(3)
    parsed = parse_id_number("310105350305123", TODAY)
    assert len(parsed.number) == 18
    assert parsed.number.startswith("31010519350305123")
    assert parsed.birth_date == dt.date(1935, 3, 5)
    assert parsed.sex is Sex.MALE  # odd order code
    assert parsed.from_15_digits
    assert parse_id_number(parsed.number, TODAY).number == parsed.number


@pytest.mark.parametrize("raw,reason", [
    ("", "为空"), ("31010519350305", "18 位"), ("3.10105193503051E+17", "Excel"),
    ("31010519350305123A", "末位"),
])
def test_malformed_numbers_say_what_is_wrong(raw, reason):
    with pytest.raises(IdNumberError, match=reason):
        parse_id_number(raw, TODAY)


def test_cross_check_reports_disagreeing_sex_and_birth_date():
    parsed = parse_id_number(make_id(dt.date(1940, 2, 2), male=True), TODAY)
    warnings = cross_check(parsed, Sex.FEMALE, dt.date(1941, 2, 2))
    assert any("性别" in w for w in warnings) and any("出生日期" in w for w in warnings)
    assert cross_check(parsed, Sex.MALE, dt.date(1940, 2, 2)) == []


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_digit_agrees_with_python_stdnum(first17):
    # the app computes the check character its own (faster) way; stdnum is the reference
    from stdnum.cn import ric

    from siibai_desktop.domain.id_number import _check_digit

    assert _check_digit(first17) == ric.calc_check_digit(first17 + "0")


def test_a_number_stdnum_accepts_is_accepted_and_one_digit_off_is_refused():
    from stdnum.cn import ric

    number = "11010519491231002X"  # the GB 11643 standard's own example
    assert ric.is_valid(number)
    assert parse_id_number(number, TODAY).number == number
    with pytest.raises(IdNumberError, match="校验位"):
        parse_id_number(number[:17] + "1", TODAY)
