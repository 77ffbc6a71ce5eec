import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from siibai_desktop.domain.address import address_sort_key, format_address
from siibai_desktop.domain.names import name_readings


@pytest.mark.parametrize("name,full,initials", [
    ("张三", "zhangsan", "zs"),
    ("单小明", "shanxiaoming", "sxm"),   # 单 as a surname is shan, not dan
    ("曾国强", "zengguoqiang", "zgq"),   # not ceng
    ("仇英", "qiuying", "qy"),           # not chou
    ("解放", "xiefang", "xf"),           # 解 as a surname is xie, not jie
    ("区志明", "ouzhiming", "ozm"),      # not qu
    ("欧阳娜娜", "ouyangnana", "oynn"),  # double surname
])
def test_surnames_are_read_as_surnames(name, full, initials):
    assert name_readings(name) == (full, initials)


def test_given_names_use_ordinary_readings_and_empty_is_empty():
    assert name_readings("") == ("", "")
    # 单 inside a given name keeps its ordinary reading
    assert name_readings("王单")[0] == "wangdan"


def test_address_text_and_natural_sort():
    assert format_address("星港景苑", "长宁支路", "314", "5", "302") == "星港景苑 长宁支路314弄5号302室"
    assert format_address("枫桥苑", "", "", "12幢", "0502") == "枫桥苑 12幢0502室"
    keys = [address_sort_key("A", "路", "1", b, "101") for b in ("10", "2", "1")]
    assert sorted(keys) == [keys[2], keys[1], keys[0]]


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=2),
       st.sampled_from(["王", "李", "张", "陈"]))
@settings(deadline=None)
def test_given_names_read_as_pypinyin_reads_them(given_name, surname):
    # characters are read one by one from a cache; the result must be pypinyin's own
    # reading of the surname and of the given name (as a word when it is one)
    from pypinyin import lazy_pinyin

    parts = lazy_pinyin(surname) + lazy_pinyin(given_name, errors="ignore")
    expected = "".join(p.lower() for p in parts if p.isascii() and p.isalpha())
    assert name_readings(surname + given_name)[0] == expected


def test_a_given_name_that_is_a_word_keeps_the_word_reading():
    assert name_readings("曾重阳") == ("zengchongyang", "zcy")  # 重阳 the festival, not zhongyang
