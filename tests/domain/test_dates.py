import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from siibai_desktop.domain.dates import DateError, parse_date, parse_year_month

D = dt.date(1935, 3, 5)


@pytest.mark.parametrize("value", [
    "1935-03-05", "1935-3-5", "1935/3/5", "1935/03/05", "1935.3.5", "1935.03.05", "19350305",
    "1935年3月5日", "1935年03月05日", "1935年3月5号", "１９３５－０３－０５", " 1935-03-05 ",
    "1935-03-05 00:00:00", D, dt.datetime(1935, 3, 5, 0, 0), 12848, 12848.0, "12848", 19350305, 19350305.0,
])
def test_every_common_form(value):
    assert parse_date(value) == D


def test_excel_serials():
    assert parse_date(45000) == dt.date(2023, 3, 15)
    assert parse_date(61) == dt.date(1900, 3, 1)


@pytest.mark.parametrize("value", ["", "abc", "1935-02-30", "1935/13/1", "20260231", 1, 5_000_000, True, "1935"])
def test_not_dates(value):
    with pytest.raises(DateError):
        parse_date(value)


def test_messages_are_chinese():
    with pytest.raises(DateError, match="日期不存在"):
        parse_date("1935-02-30")
    with pytest.raises(DateError, match="无法识别"):
        parse_date("昨天")


@pytest.mark.parametrize("value,expected", [
    ("1935-03", (1935, 3)), ("1935.3", (1935, 3)), ("1935年3月", (1935, 3)), ("193503", (1935, 3)),
    (193503, (1935, 3)), ("1935-13", None), ("abc", None), ("1935-03-05", None),
])
def test_year_month(value, expected):
    assert parse_year_month(value) == expected


@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2199, 12, 31)))
def test_any_day_in_any_form_comes_back(day):
    serial = (day - dt.date(1899, 12, 30)).days
    forms = [day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}.{day.month}.{day.day}",
             f"{day:%Y%m%d}", f"{day.year}年{day.month}月{day.day}日", serial, float(serial),
             dt.datetime.combine(day, dt.time(0, 0))]
    for form in forms:
        assert parse_date(form) == day, form
