"""Reports checked against figures worked out by hand on a small generated roster."""

import datetime as dt
import shutil
import subprocess

import pytest

from siibai_desktop.services import life_events as L
from siibai_desktop.services import reports as R
from siibai_desktop.services import tags as T
from siibai_desktop.services.committee import CommitteeInfo, save_committee
from siibai_desktop.services.errors import ValidationFailed
from siibai_desktop.services.households import add_household
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id

NOV = dt.date(2026, 11, 1)
OCT = dt.date(2026, 10, 1)


@pytest.fixture
def roster(db):
    """Seven residents whose 90+ status changes in November 2026 in every possible way."""
    save_committee(db, CommitteeInfo(name="枫港居民区居民委员会"))
    hid = add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314", building="5", room="302"))
    people = {}
    for seq, (key, name, born, moved_in) in enumerate([
        ("steady", "甲老", dt.date(1930, 1, 1), None),
        ("turns90", "乙老", dt.date(1936, 11, 10), None),
        ("dies", "丙老", dt.date(1931, 5, 5), None),
        ("leaves", "丁老", dt.date(1932, 2, 2), None),
        ("arrives", "戊老", dt.date(1933, 3, 3), dt.date(2026, 11, 5)),
        ("young", "己", dt.date(1950, 6, 6), None),
        ("december", "庚老", dt.date(1936, 12, 1), None),
    ], 1):
        people[key] = add_resident(db, ResidentInput(household_id=hid, name=name, id_number=make_id(born, seq=seq),
                                                     moved_in_on=moved_in)).id
    L.record_death(db, people["dies"], dt.date(2026, 11, 3))
    L.move_out(db, people["leaves"], dt.date(2026, 11, 15), place="外区")
    return people


def names(report, table="名单"):
    t = next(t for t in report.tables if t.title.startswith(table))
    return t


def test_ninety_plus_list_for_two_consecutive_months_shows_the_changes(db, roster):
    october = R.run_report(db, "elderly90", OCT)
    november = R.run_report(db, "elderly90", NOV)
    assert sorted(r[1] for r in names(october).rows) == sorted(["甲老", "丙老", "丁老"])
    assert sorted(r[1] for r in names(november).rows) == sorted(["甲老", "乙老", "戊老"])
    changes = {(r[0], r[1]) for r in names(november, "本月变动").rows}
    assert changes == {("新满90岁", "乙老"), ("迁入", "戊老"), ("去世", "丙老"), ("迁出", "丁老")}
    figures = dict(november.figures)
    assert (figures["本月在册人数"], figures["上月在册人数"], figures["新满90岁"], figures["迁入"],
            figures["去世"], figures["迁出"]) == ("3", "3", "1", "1", "1", "1")
    assert november.period == "2026年11月" and november.end == dt.date(2026, 11, 30)
    ages = {r[1]: r[4] for r in names(november).rows}
    assert ages == {"甲老": 96, "乙老": 90, "戊老": 93}
    remark = {r[1]: r[6] for r in names(november).rows}
    assert remark["乙老"] == "本月新满90岁" and remark["甲老"] == ""


def test_the_same_month_always_gives_the_same_list(db, roster, clock):
    before = R.run_report(db, "elderly90", OCT)
    clock.day = dt.date(2026, 12, 10)
    L.record_death(db, roster["steady"], dt.date(2026, 12, 2))
    after = R.run_report(db, "elderly90", OCT)
    assert names(before).rows == names(after).rows and before.figures == after.figures
    december = R.run_report(db, "elderly90", dt.date(2026, 12, 1))
    assert {(r[0], r[1]) for r in names(december, "本月变动").rows} == {("去世", "甲老"), ("新满90岁", "庚老")}


def test_tag_screening_by_tags_and_age_as_of_a_date(db, roster):
    low = T.tag_id_by_name(db, "低保")
    disabled = T.tag_id_by_name(db, "残疾")
    T.assign_tag(db, roster["steady"], low, dt.date(2020, 1, 1))
    T.assign_tag(db, roster["steady"], disabled, dt.date(2020, 1, 1))
    T.assign_tag(db, roster["young"], low, dt.date(2026, 6, 1))
    T.assign_tag(db, roster["turns90"], disabled, dt.date(2026, 11, 1))
    day = dt.date(2026, 10, 31)
    any_tag = R.run_report(db, "tags", day, day, tags=["低保", "残疾"])
    assert sorted(r[1] for r in any_tag.tables[0].rows) == sorted(["甲老", "己"])  # 乙老's tag starts later
    both = R.run_report(db, "tags", day, day, tags=["低保", "残疾"], match_all=True)
    assert [r[1] for r in both.tables[0].rows] == ["甲老"] and both.tables[0].rows[0][6] == "低保、残疾"
    old = R.run_report(db, "tags", day, day, tags=["低保"], age_min=80)
    assert [r[1] for r in old.tables[0].rows] == ["甲老"]
    young = R.run_report(db, "tags", day, day, tags=["低保"], age_max=79)
    assert [r[1] for r in young.tables[0].rows] == ["己"]
    assert dict(any_tag.figures)["符合人数"] == "2" and dict(any_tag.figures)["其中低保"] == "2"
    assert "*" in any_tag.tables[0].rows[0][4]  # ID numbers masked
    with pytest.raises(ValidationFailed):
        R.run_report(db, "tags", day, day, tags=["没有这个标签"])


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_reports_save_as_pdf_and_xlsx(db, roster, tmp_path):
    report = R.run_report(db, "elderly90", NOV)
    pages = R.save_report(report, tmp_path / "月报.pdf")
    assert pages == 1
    text = "".join(subprocess.run(["pdftotext", str(tmp_path / "月报.pdf"), "-"], capture_output=True,
                                  text=True, check=True).stdout.split())
    assert "90岁以上老人月报" in text and "乙老" in text and "第1页共1页" in text
    R.save_report(report, tmp_path / "月报.xlsx")
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(tmp_path / "月报.xlsx"))
    assert book.sheet_names[0] == "概况"
    listing = book.get_sheet_by_name("名单").to_python()
    assert listing[0][:2] == ["序号", "姓名"] and len(listing) == 4


def test_a_long_list_runs_over_pages_with_the_header_repeated(demo_db, tmp_path):
    report = R.run_report(demo_db, "tags", tags=[])  # every resident
    pages = R.save_report(report, tmp_path / "all.pdf")
    assert pages >= 10
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(tmp_path / "all.pdf"), "-"],
                             capture_output=True, text=True, check=True).stdout
        assert "身份证号" in out and f"共 {pages} 页" in out


# --- reports over visits and needs -------------------------------------------------------

from siibai_desktop.services import needs as N  # noqa: E402
from siibai_desktop.services import staff as S  # noqa: E402
from siibai_desktop.services import visits as V  # noqa: E402
from siibai_desktop.services.households import list_buildings  # noqa: E402


@pytest.fixture
def programme(db, clock):
    """Two staff, two grids, five households; visits and needs on known days."""
    save_committee(db, CommitteeInfo(name="枫港居民区居民委员会"))
    clock.day = dt.date(2026, 3, 1)
    homes = {}
    for seq, (key, building, room) in enumerate(
            [("h1", "5", "101"), ("h2", "5", "102"), ("h3", "5", "103"), ("h4", "6", "101"), ("h5", "7", "101")], 1):
        homes[key] = add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314",
                                                      building=building, room=room))
        add_resident(db, ResidentInput(household_id=homes[key], name=f"居民{seq}",
                                       id_number=make_id(dt.date(1950, 1, seq), seq=seq)))
    a, b = S.add_staff(db, "陈静"), S.add_staff(db, "王丽华")
    buildings = {label: bid for bid, label in list_buildings(db)}
    S.add_grid(db, "第1网格", a, [bid for label, bid in buildings.items() if "5号" in label])
    S.add_grid(db, "第2网格", b, [bid for label, bid in buildings.items() if "6号" in label])
    repair = N.category_id_by_name(db, "物业维修")
    litter = N.category_id_by_name(db, "环境卫生")

    def visit(day, home, mode, staff, needs=()):
        clock.day = day
        return V.record_visit(db, V.VisitInput(household_id=homes[home], visit_date=day, staff_ids=[staff],
                                               mode=mode, needs=list(needs)))

    visit(dt.date(2025, 10, 1), "h2", "home", a)
    visit(dt.date(2026, 3, 10), "h1", "home", a, [V.NeedDraft(repair, "楼道灯不亮")])
    need_1 = N.list_needs(db)[0].id
    clock.day = dt.date(2026, 3, 20)
    N.change_status(db, need_1, "resolved", "陈静", resolution="物业已更换灯泡")
    clock.day = dt.date(2026, 3, 25)
    N.follow_up(db, need_1, "satisfied", "陈静")
    visit(dt.date(2026, 4, 1), "h4", "wechat", b, [V.NeedDraft(litter, "垃圾房异味")])
    visit(dt.date(2026, 7, 1), "h1", "phone", a)
    clock.day = dt.date(2026, 11, 21)
    return homes


def test_coverage_per_staff_member(db, programme):
    report = R.run_report(db, "coverage", dt.date(2026, 10, 31), dt.date(2026, 10, 31))
    rows = {r[0]: r[2:] for r in report.tables[0].rows}
    assert rows["陈静"] == (3, 1, "33.3%")  # h2's visit is older than 12 months
    assert rows["王丽华"] == (1, 1, "100.0%")
    assert rows["（未分网格）"] == (1, 0, "0.0%")
    assert rows["合计"] == (5, 2, "40.0%")


def test_scorecard_for_a_half_year(db, programme):
    report = R.run_report(db, "scorecard", dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    f = dict(report.figures)
    assert f["走访户数"].startswith("2（") and f["走访次数"] == "2"
    assert f["收集诉求"] == "2 件" and f["办结诉求"] == "1 件" and f["平均办结用时"] == "10.0 天"
    assert f["回访满意率"].startswith("100.0%")
    modes = {r[0]: r[1] for r in report.tables[0].rows}
    assert modes["入户"] == 1 and modes["微信"] == 1 and modes["电话"] == 0
    categories = {r[0]: r[1:] for r in report.tables[1].rows}
    assert categories == {"物业维修": (1, 1), "环境卫生": (1, 0)}


def test_monthly_review_fills_the_five_headings(db, programme, tmp_path):
    march = R.run_report(db, "monthly-review", dt.date(2026, 3, 1))
    case = next(s for s in march.spaces if s.heading.startswith("四"))
    assert "楼道灯不亮" in case.facts[0] and "用时 10 天" in case.facts[1] and "满意" in case.facts[2]
    april = R.run_report(db, "monthly-review", dt.date(2026, 4, 1))
    voice = april.spaces[0]
    assert "环境卫生" in voice.facts[0] and "垃圾房异味" in voice.facts[1]
    assert [s.heading[:2] for s in april.spaces] == ["一、", "二、", "三、", "四、", "五、"]
    assert R.save_report(april, tmp_path / "五个一.pdf") >= 1


def test_dashboard_charts(db, programme, clock):
    from siibai_desktop.services.reports.dashboard import dashboard_charts

    clock.day = dt.date(2026, 7, 3)
    weekly, statuses, coverage = dashboard_charts(db)
    assert sum(weekly.values) == 1 and weekly.values[-1] == 1  # the phone call on 1 July
    assert dict(zip(statuses.labels, statuses.values))["已回访"] == 1
    assert dict(zip(coverage.labels, coverage.values))["王丽华"] == 100.0
