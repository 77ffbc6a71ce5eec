"""Recording visits and reading a household's or a resident's visit history."""

import datetime as dt

import pytest

from siibai_desktop.services.errors import ValidationFailed
from siibai_desktop.services.needs import household_needs, list_categories, need_history
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.visits import (
    NeedDraft, VisitInput, get_visit, household_visits, record_visit, resident_visits,
)
from tests.visit_builders import household, years_before

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def home(db):
    return household(db, "302", people=[("王阿婆", years_before(TODAY, 85), None),
                                         ("王阿公", years_before(TODAY, 87), None)])


def test_record_visit_with_two_staff_items_and_needs(db, home):
    hid, (wife, husband) = home
    a, b = add_staff(db, "陈静"), add_staff(db, "王丽华")
    categories = {c.name: c.id for c in list_categories(db)}
    vid = record_visit(db, VisitInput(
        household_id=hid, visit_date=TODAY, staff_ids=[a, b], mode="入户", met_whom="王阿婆及其女儿",
        resident_ids=[wife], must_do=["relief", "safety"], must_know=["environment"],
        observations="楼道堆物较多", notes="老人身体尚可", next_step="下周联系物业清理",
        needs=[NeedDraft(categories["环境卫生"], "楼道堆物需清理", deadline=TODAY + dt.timedelta(days=7)),
               NeedDraft(categories["加装电梯"], "希望加装电梯", resident_id=husband)],
        created_by="陈静"))
    row = get_visit(db, vid)
    assert (row.mode, row.mode_label, row.staff_text) == ("home", "入户", "陈静、王丽华")
    assert row.must_do == ("促进安全稳定团结", "帮助居民排忧解难")
    assert row.must_know == ("影响社区环境的突出问题",)
    assert row.residents_met == ("王阿婆",) and row.need_count == 2
    needs = household_needs(db, hid)
    assert {n.category for n in needs} == {"环境卫生", "加装电梯"}
    assert all(n.source_label == "走访" and n.visit_id == vid and n.owner == "陈静" for n in needs)
    assert all(n.raised_by == "王阿婆及其女儿" and n.status_label == "待处理" for n in needs)
    lift = next(n for n in needs if n.category == "加装电梯")
    assert lift.resident_name == "王阿公"
    assert need_history(db, lift.id)[0].who == "陈静"


def test_history_newest_first_and_limit(db, home):
    hid, (wife, _) = home
    s = add_staff(db, "陈静")
    for days, mode in ((40, "home"), (10, "phone"), (3, "wechat")):
        record_visit(db, VisitInput(hid, TODAY - dt.timedelta(days=days), [s], mode=mode))
    rows = household_visits(db, hid)
    assert [r.mode_label for r in rows] == ["微信", "电话", "入户"]
    assert [r.mode for r in household_visits(db, hid, limit=2)] == ["wechat", "phone"]
    assert len(resident_visits(db, wife)) == 3


def test_resident_history_includes_visits_that_met_them_elsewhere(db, home):
    hid, (wife, _) = home
    other, _ = household(db, "303", people=[("邻居", years_before(TODAY, 50), None)])
    s = add_staff(db, "陈静")
    record_visit(db, VisitInput(hid, TODAY, [s], resident_ids=[wife]))
    record_visit(db, VisitInput(other, TODAY, [s], mode="集中走访"))
    assert len(resident_visits(db, wife)) == 1


@pytest.mark.parametrize("change, field", [
    (dict(visit_date=TODAY + dt.timedelta(days=1)), "visit_date"),
    (dict(staff_ids=[]), "staff_ids"),
    (dict(staff_ids=[999]), "staff_ids"),
    (dict(mode="上门"), "mode"),
    (dict(must_do=["nonsense"]), "must_do"),
    (dict(must_know=["safety"]), "must_know"),
    (dict(household_id=9999), "household_id"),
])
def test_bad_input_saves_nothing(db, home, change, field):
    hid, _ = home
    s = add_staff(db, "陈静")
    data = dict(household_id=hid, visit_date=TODAY, staff_ids=[s], mode="home")
    data.update(change)
    with pytest.raises(ValidationFailed) as err:
        record_visit(db, VisitInput(**data))
    assert field in err.value.errors
    assert household_visits(db, hid) == []


def test_a_bad_need_rejects_the_whole_visit(db, home):
    hid, _ = home
    s = add_staff(db, "陈静")
    other, (stranger,) = household(db, "304", people=[("外人", years_before(TODAY, 50), None)])
    cat = list_categories(db)[0].id
    with pytest.raises(ValidationFailed) as err:
        record_visit(db, VisitInput(hid, TODAY, [s], needs=[NeedDraft(cat, "  ")]))
    assert "第1条诉求" in str(err.value)
    with pytest.raises(ValidationFailed):
        record_visit(db, VisitInput(hid, TODAY, [s], resident_ids=[stranger]))
    assert household_visits(db, hid) == [] and household_needs(db, hid) == []


def test_demo_visits_make_the_due_list_realistic(demo_db):
    from siibai_desktop.services.demo_visits import generate_visits
    from siibai_desktop.services.due import due_list
    from siibai_desktop.services.needs import list_needs
    before = len(due_list(demo_db))
    summary = generate_visits(demo_db, seed=3)
    assert summary.visits > 100 and summary.needs >= 1
    after = due_list(demo_db, include_not_due=True)
    assert len(due_list(demo_db)) < before
    assert {x.state for x in after} >= {"overdue", "done"}
    assert len(list_needs(demo_db)) >= 1 or summary.needs == 0
    with pytest.raises(ValueError):
        generate_visits(demo_db)
