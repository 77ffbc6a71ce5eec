import pytest
from hypothesis import given
from hypothesis import strategies as st

from siibai_desktop.domain.address import format_address
from siibai_desktop.domain.address_parse import AddressParts, parse_address, parse_address_cached


@pytest.mark.parametrize("text,parts", [
    ("武夷路52弄3号201室", AddressParts("", "武夷路", "52", "3", "201")),
    ("枫桥苑 12号 0502", AddressParts("枫桥苑", "", "", "12", "0502")),
    ("枫桥苑12号0502", AddressParts("枫桥苑", "", "", "12", "0502")),
    ("星港景苑 长宁支路314弄5号302室", AddressParts("星港景苑", "长宁支路", "314", "5", "302")),
    ("星港景苑长宁支路314弄5号302室", AddressParts("星港景苑", "长宁支路", "314", "5", "302")),
    ("枫桥苑12幢502室", AddressParts("枫桥苑", "", "", "12幢", "502")),
    ("大兴新村5号101室", AddressParts("大兴新村", "", "", "5", "101")),
    ("12-502", AddressParts("", "", "", "12", "502")),
    ("3号楼2单元501", AddressParts("", "", "", "3", "2单元501")),
    ("延安西路1000号", AddressParts("", "延安西路", "", "1000", "")),
    ("武夷路52弄3号 201", AddressParts("", "武夷路", "52", "3", "201")),
    ("枫桥苑 12 0502", AddressParts("枫桥苑", "", "", "12", "0502")),
    ("ＡＢ苑１２号５０２室", AddressParts("AB苑", "", "", "12", "502")),
])
def test_splits(text, parts):
    assert parse_address(text) == parts


def test_known_compound_is_recognised_first():
    assert parse_address("华阳花园长宁路5号101室", ["华阳花园"]) == AddressParts("华阳花园", "长宁路", "", "5", "101")
    assert parse_address("长宁支路314弄5号302室", ["星港景苑"]).road == "长宁支路"


def test_what_does_not_fit_is_left_over_not_guessed():
    parts = parse_address("枫桥苑12号502室东侧阁楼")
    assert parts.leftover and not parts.complete
    assert not parse_address("502室").building


@given(
    compound=st.sampled_from(["星港景苑", "枫桥苑", "大兴新村", "华阳花园"]),
    road=st.sampled_from(["", "长宁支路", "武夷路"]),
    lane=st.integers(1, 999), building=st.integers(1, 99), room=st.integers(101, 2505),
)
def test_round_trip_of_format_address(compound, road, lane, building, room):
    lane_text = str(lane) if road else ""
    text = format_address(compound, road, lane_text, str(building), str(room))
    assert parse_address(text) == AddressParts(compound, road, lane_text, str(building), str(room))


ADDRESS_BITS = st.sampled_from(["星港景苑", "枫桥苑", " ", "长宁支路", "武夷路", "弄", "号", "号楼", "幢", "栋", "座",
                                "室", "房", "单元", "-", "#", "A", "东侧", "12", "3", "502", "0502", "１２", "支弄"])


@given(st.lists(ADDRESS_BITS, max_size=12).map("".join),
       st.sampled_from([(), ("枫桥苑",), ("星港景苑", "华阳花园")]))
def test_the_import_s_cached_split_gives_the_same_parts(text, known):
    # an import splits the part before the room once per building; the result must not change
    assert parse_address_cached(text, known) == parse_address(text, known)
