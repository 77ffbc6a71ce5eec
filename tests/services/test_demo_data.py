"""The generated demo: believable numbers, and the database stays usable afterwards."""

from siibai_desktop.services.demo_visits import generate_visits
from siibai_desktop.services.search import ResidentQuery, search_residents
from siibai_desktop.services.staff import list_staff
from siibai_desktop.services.visits import VisitInput, household_visits, record_visit


def test_demo_roster_has_an_old_heavy_pyramid_and_tags(demo_db):
    rows = search_residents(demo_db, ResidentQuery())
    assert 380 <= len(rows) <= 400  # a few moved out or died, and stay in history
    over_60 = sum(1 for r in rows if r.age is not None and r.age >= 60)
    assert over_60 / len(rows) > 0.35
    assert any("高龄独居" in r.tags for r in rows)
    assert all(len(r.id_number) == 18 and "*" in r.id_number for r in rows)


def test_a_visit_can_be_recorded_after_generated_visits(demo_db):
    summary = generate_visits(demo_db)
    assert summary.visits > 100
    household = search_residents(demo_db, ResidentQuery())[0].household_id
    staff = list_staff(demo_db)[0].id
    before = len(household_visits(demo_db, household))
    new_id = record_visit(demo_db, VisitInput(household_id=household, visit_date=demo_db.clock.today(),
                                              staff_ids=[staff], notes="回访"))
    assert new_id > summary.visits  # ids continue after the generated ones (PostgreSQL sequences too)
    assert len(household_visits(demo_db, household)) == before + 1
