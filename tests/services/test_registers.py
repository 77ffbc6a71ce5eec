"""The 3必知 registers: add, edit, list, validation and the optimistic lock."""

from __future__ import annotations

import datetime as dt

import pytest

from siibai_desktop.services.errors import ConflictError, ValidationFailed
from siibai_desktop.services.households import add_household
from siibai_desktop.services.registers import (
    ConflictInput, EnvironmentIssueInput, ResourceInput, add_conflict, add_environment_issue, add_resource,
    list_conflicts, list_environment_issues, list_resources, update_conflict, update_environment_issue,
    update_resource,
)
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.types import HouseholdInput
from tests.conftest import TODAY


def _two_households(db):
    a = add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314", building="5", room="302"))
    b = add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314", building="5", room="402"))
    return a, b


def test_conflict_add_list_and_mediate(db):
    a, b = _two_households(db)
    staff = add_staff(db, "陈静")
    cid = add_conflict(db, ConflictInput(title="楼上漏水纠纷", parties="302室王某；402室李某", household_ids=[a, b],
                                         staff_id=staff, found_on=TODAY - dt.timedelta(days=3)))
    [row] = list_conflicts(db)
    assert row.title == "楼上漏水纠纷" and row.status_label == "排查中" and row.kind_label == "邻里纠纷"
    assert row.staff == "陈静" and set(row.household_ids) == {a, b}
    assert "长宁支路314弄5号302室" in row.addresses[0]
    assert list_conflicts(db, household_id=b)[0].id == cid

    update_conflict(db, cid, ConflictInput(title="楼上漏水纠纷", status="resolved", household_ids=[a],
                                           mediation_notes="物业维修后双方和解", found_on=row.found_on), row.version)
    [row2] = list_conflicts(db)
    assert row2.status_label == "已化解" and row2.resolved_on == TODAY and row2.household_ids == (a,)
    assert list_conflicts(db, open_only=True) == []
    with pytest.raises(ConflictError):  # a stale copy is refused
        update_conflict(db, cid, ConflictInput(title="改名"), row.version)


def test_conflict_validation_keeps_data_unchanged(db):
    with pytest.raises(ValidationFailed) as err:
        add_conflict(db, ConflictInput(title=" ", kind="nonsense", found_on=TODAY + dt.timedelta(days=1)))
    assert set(err.value.errors) == {"title", "kind", "found_on"}
    with pytest.raises(ValidationFailed) as err:
        add_conflict(db, ConflictInput(title="x", household_ids=[999]))
    assert "household_ids" in err.value.errors
    assert list_conflicts(db) == []


def test_resources_by_kind_and_search(db):
    rid = add_resource(db, ResourceInput(kind="skilled_resident", name="张师傅", skills="水电维修、修自行车",
                                         contact_person="张建华", phone="13912345678"))
    add_resource(db, ResourceInput(kind="partner_org", name="区生态环境局机关党支部", skills="环保政策宣讲"))
    add_resource(db, ResourceInput(kind="volunteer_team", name="巧手编织队", contact_person="刘阿姨"))
    assert [r.kind_label for r in list_resources(db)] == ["共建单位", "志愿者队伍", "能人达人"]
    [found] = list_resources(db, text="维修")
    assert found.id == rid and found.phone == "13912345678"
    assert [r.name for r in list_resources(db, kind="volunteer_team")] == ["巧手编织队"]
    update_resource(db, rid, ResourceInput(kind="skilled_resident", name="张师傅", active=False), found.version)
    assert not list_resources(db, include_inactive=False, kind="skilled_resident")
    with pytest.raises(ValidationFailed) as err:
        add_resource(db, ResourceInput(kind="partner_org", name="", phone="123"))
    assert set(err.value.errors) == {"name", "phone"}


def test_environment_issues(db):
    a, _ = _two_households(db)
    from siibai_desktop.services.households import get_household, list_buildings
    [(building_id, label)] = list_buildings(db)
    iid = add_environment_issue(db, EnvironmentIssueInput(kind="corridor_clutter", building_id=building_id,
                                                          place="三楼楼道", notes="纸箱堆放"))
    add_environment_issue(db, EnvironmentIssueInput(kind="group_rental", place="武夷路52弄8号"))
    rows = list_environment_issues(db)
    assert {r.kind_label for r in rows} == {"楼道堆物", "群租"}
    clutter = next(r for r in rows if r.id == iid)
    assert "长宁支路314弄5号" in clutter.building and clutter.status_label == "待处理"
    update_environment_issue(db, iid, EnvironmentIssueInput(kind="corridor_clutter", building_id=building_id,
                                                            place="三楼楼道", status="resolved"), clutter.version)
    assert [r.kind_label for r in list_environment_issues(db, open_only=True)] == ["群租"]
    assert list_environment_issues(db, building_id=building_id)[0].resolved_on == TODAY
    with pytest.raises(ValidationFailed) as err:
        add_environment_issue(db, EnvironmentIssueInput(kind="violation"))
    assert set(err.value.errors) == {"kind", "place"}
