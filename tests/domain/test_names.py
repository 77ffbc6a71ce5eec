import pytest

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
