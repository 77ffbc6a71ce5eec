import datetime as dt

import pytest

from siibai_desktop.services import households as H
from siibai_desktop.services import life_events as L
from siibai_desktop.services import residents as R
from siibai_desktop.services import tags as T
from siibai_desktop.services.errors import ConflictError, ValidationFailed
from siibai_desktop.services.search import ResidentQuery, household_members, search_ids, search_residents
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id


@pytest.fixture
def home(db):
    return H.add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314", building="5", room="302"))


def add(db, household, name, birth, male=True, seq=1, **kw):
    return R.add_resident(db, ResidentInput(household_id=household, name=name,
                                            id_number=make_id(birth, male, seq=seq), **kw)).id


def test_sex_and_birth_date_come_from_the_id_number(db, home):
    rid = add(db, home, "单小明", dt.date(1935, 3, 5), male=True, relation="head")
    detail = R.get_resident(db, rid)
    assert (detail.sex, detail.birth_date) == ("M", dt.date(1935, 3, 5))
    assert detail.address == "星港景苑 长宁支路314弄5号302室"


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(db, home):
    bad = make_id(dt.date(1950, 1, 1))
    bad = bad[:17] + ("0" if bad[17] != "0" else "1")
    with pytest.raises(ValidationFailed) as info:
        R.add_resident(db, ResidentInput(household_id=home, name=" ", id_number=bad, phone="12345"))
    assert set(info.value.errors) == {"name", "id_number", "phone"}
    assert search_ids(db, ResidentQuery(include_left=True)) == []


def test_duplicate_id_number_names_the_holder(db, home):
    add(db, home, "张三", dt.date(1960, 5, 5), seq=3)
    with pytest.raises(ValidationFailed) as info:
        R.add_resident(db, ResidentInput(household_id=home, name="李四", id_number=make_id(dt.date(1960, 5, 5), seq=3)))
    assert "张三" in info.value.errors["id_number"]


def test_typed_sex_disagreeing_with_id_is_a_warning_not_an_error(db, home):
    result = R.add_resident(db, ResidentInput(household_id=home, name="王芳", sex="M",
                                              id_number=make_id(dt.date(1970, 1, 1), male=False)))
    assert any("性别" in w for w in result.warnings)


def test_stale_edit_is_refused(db, home):
    rid = add(db, home, "赵六", dt.date(1980, 1, 1))
    detail = R.get_resident(db, rid)
    data = ResidentInput(household_id=home, name="赵六六", id_number=detail.id_number)
    R.update_resident(db, rid, data, detail.version)
    with pytest.raises(ConflictError):
        R.update_resident(db, rid, ResidentInput(household_id=home, name="赵老六", id_number=detail.id_number),
                          detail.version)
    assert R.get_resident(db, rid).name == "赵六六"


def test_search_matches_name_pinyin_initials_id_phone_and_address(db, home):
    other = H.add_household(db, HouseholdInput(compound="枫桥苑", building="12", room="0502"))
    zhang = add(db, home, "张三", dt.date(1950, 1, 1), seq=1, phone="13812345678")
    shan = add(db, other, "单田芳", dt.date(1945, 1, 1), seq=2)
    number = R.get_resident(db, shan).id_number

    def found(text):
        return set(search_ids(db, ResidentQuery(text=text)))

    assert found("zs") == {zhang}
    assert found("zhangsan") == {zhang}
    assert found("张") == {zhang}
    assert found("stf") == {shan} and found("shantianfang") == {shan}
    assert found("dantianfang") == set()  # 单 as a surname is shan
    assert found(number[-6:]) == {shan}
    assert found("1234 5678") == {zhang}  # both words must match
    assert found("314弄5号") == {zhang}
    assert found("枫桥") == {shan}
    assert found("%") == set() and found("_") == set()  # LIKE wildcards are literal


def test_filters_by_tag_age_compound_and_status(db, home):
    old = add(db, home, "老人甲", dt.date(1930, 1, 1), seq=1)
    young = add(db, home, "青年乙", dt.date(2000, 1, 1), seq=2, residence_status="non_local")
    T.assign_tag(db, old, T.tag_id_by_name(db, "高龄独居"))
    assert search_ids(db, ResidentQuery(tag_id=T.tag_id_by_name(db, "高龄独居"))) == [old]
    assert search_ids(db, ResidentQuery(age_min=90)) == [old]
    assert search_ids(db, ResidentQuery(age_max=30)) == [young]
    assert search_ids(db, ResidentQuery(residence_status="non_local")) == [young]
    compound_id = dict((n, i) for i, n in H.list_compounds(db))["星港景苑"]
    assert set(search_ids(db, ResidentQuery(compound_id=compound_id))) == {old, young}
    assert search_ids(db, ResidentQuery(sort="age")) == [young, old]  # youngest first


def test_move_out_and_death_leave_current_lists_but_stay_in_history(db, home, clock):
    a = add(db, home, "迁出者", dt.date(1960, 1, 1), seq=1)
    b = add(db, home, "故去者", dt.date(1930, 1, 1), seq=2)
    T.assign_tag(db, b, T.tag_id_by_name(db, "低保"))
    L.move_out(db, a, clock.today(), "浦东新区")
    L.record_death(db, b, clock.today())
    assert search_ids(db, ResidentQuery()) == []
    assert set(search_ids(db, ResidentQuery(include_left=True))) == {a, b}
    assert [e.kind_label for e in L.history(db, a)] == ["迁出"]
    assert R.get_resident(db, b).state == "died"
    assert T.tag_history(db, b)[0].end_date == clock.today()
    with pytest.raises(ValidationFailed):
        L.move_out(db, a, clock.today())  # already gone


def test_move_to_another_household_and_split(db, home, clock):
    other = H.add_household(db, HouseholdInput(compound="枫桥苑", building="3", room="101"))
    head = add(db, home, "户主", dt.date(1950, 1, 1), seq=1, relation="head")
    son = add(db, home, "儿子", dt.date(1980, 1, 1), seq=2, relation="child")
    wife = add(db, home, "儿媳", dt.date(1982, 1, 1), male=False, seq=3, relation="child_in_law")
    mover = add(db, home, "外甥", dt.date(1990, 1, 1), seq=4)
    L.move_to_household(db, mover, other, clock.today())
    assert [r.id for r in household_members(db, other)] == [mover]
    new = L.split_household(db, [son, wife], clock.today(), room="302", head_id=son)
    assert {r.id for r in household_members(db, new)} == {son, wife}
    assert [r.id for r in household_members(db, home)] == [head]
    assert R.get_resident(db, son).relation == "head"
    assert L.history(db, son)[0].kind_label == "分户"


def test_search_on_generated_roster_agrees_with_python(demo_db):
    rows = search_residents(demo_db, ResidentQuery(), full_id=True)
    assert len(rows) > 300
    from siibai_desktop.domain.names import name_readings
    sample = rows[::37]
    for row in sample:
        initials = name_readings(row.name)[1]
        expected = {r.id for r in rows if initials in "|".join([r.name, *name_readings(r.name), r.id_number,
                                                                  r.phone.replace("-", ""), r.address.replace(" ", "")]).lower()}
        assert set(search_ids(demo_db, ResidentQuery(text=initials))) == expected
    # names sorted by pinyin
    names = [name_readings(r.name)[0] for r in rows]
    assert names == sorted(names)


def test_tags_are_saved_with_the_resident_in_one_transaction(db, home, clock):
    low_income, disabled = T.tag_id_by_name(db, "低保"), T.tag_id_by_name(db, "残疾")
    number = make_id(dt.date(1955, 5, 5), seq=9)
    rid = R.add_resident(db, ResidentInput(household_id=home, name="钱七", id_number=number,
                                           tag_ids={low_income, disabled})).id
    assert set(R.get_resident(db, rid).tags) == {"低保", "残疾"}
    version = R.get_resident(db, rid).version
    R.update_resident(db, rid, ResidentInput(household_id=home, name="钱七", id_number=number,
                                             tag_ids={disabled}), version)
    assert R.get_resident(db, rid).tags == ("残疾",)
    ended = [p for p in T.tag_history(db, rid) if p.tag == "低保"][0]
    assert ended.end_date == clock.today()
    # A refused save changes no tags either.
    version = R.get_resident(db, rid).version
    with pytest.raises(ValidationFailed):
        R.update_resident(db, rid, ResidentInput(household_id=home, name="", id_number=number, tag_ids=set()), version)
    assert R.get_resident(db, rid).tags == ("残疾",)


def test_a_nul_character_pasted_into_a_form_or_the_search_box_is_dropped(db, home):
    rid = R.add_resident(db, ResidentInput(household_id=home, name="王\x00小明", notes="备\x00注",
                                           id_number=make_id(dt.date(1966, 6, 6), seq=5))).id
    detail = R.get_resident(db, rid)
    assert (detail.name, detail.notes) == ("王小明", "备注")
    assert search_ids(db, ResidentQuery(text="王\x00小")) == [rid]
