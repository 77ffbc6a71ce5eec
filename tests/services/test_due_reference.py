"""The due list (必访清单) against a plain reference on a generated committee.

The reference below reads the tables whole and applies the rules one resident and one
visit at a time, the slow obvious way: no SQL beyond "give me the rows". The due list
must give the same lines in the same order on any day, scope and setting, with voided
visits, ended and future tags, newcomers, the 80+ living alone and edited rules.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import fields, replace

import pytest
from sqlalchemy import select, update

from siibai_desktop.db.models import Building, Grid, Household, Resident, ResidentTag, Staff, Tag
from siibai_desktop.db.models.visits import Visit, VisitStaff
from siibai_desktop.domain.visit_rules import OPEN_STATES, URGENCY, evaluate, reason, who_phrase
from siibai_desktop.services.demo_visits import generate_visits
from siibai_desktop.services.due import DueLine, _due_line, due_list
from siibai_desktop.services.visit_rules import list_rules, rule_input, rules_in, update_rule
from tests.conftest import TODAY

RULE_TAGS = ("new_resident", "serious_illness", "elderly_alone", "low_income", "hardship", "disabled")


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def reference(db, today: dt.date, staff_id=None, grid_id=None, include_not_due=False) -> list[dict]:
    """The due list worked out resident by resident and visit by visit."""
    with db.reading() as s:
        rules = [r for r in rules_in(s, active_only=True)
                 if r.counting_modes and (r.tag_id is not None or r.has_criteria)]
        people = {p.id: p for p in s.execute(select(
            Resident.id, Resident.household_id, Resident.name, Resident.birth_date, Resident.moved_in_on)
            .where(Resident.state == "current"))}
        tags = s.execute(select(ResidentTag.resident_id, ResidentTag.tag_id, ResidentTag.start_date,
                                ResidentTag.end_date)).all()
        visits = s.execute(select(Visit.id, Visit.household_id, Visit.visit_date, Visit.mode)
                           .where(Visit.voided_at.is_(None))).all()
        staff_of_visit = defaultdict(list)
        for visit_id, name in s.execute(select(VisitStaff.visit_id, Staff.name).join(Staff)):
            staff_of_visit[visit_id].append(name)
        homes = {h.id: h for h in s.execute(select(Household.id, Household.address_text, Household.address_sort,
                                                   Household.building_id))}
        grid_of_building = dict(s.execute(select(Building.id, Building.grid_id)).all())
        grids = {g.id: g for g in s.execute(select(Grid.id, Grid.name, Grid.staff_id))}
        staff_names = dict(s.execute(select(Staff.id, Staff.name)).all())
    members = Counter(p.household_id for p in people.values())
    visits_of = defaultdict(list)
    for v in visits:
        visits_of[v.household_id].append(v)

    items = defaultdict(list)  # household -> [(rule, status, reason, last visit, names)]
    for rule in rules:
        covered = defaultdict(list)  # household -> [(name, anchor, via)]
        if rule.tag_id is not None:
            for resident_id, tag_id, start, end in tags:
                p = people.get(resident_id)
                if p and tag_id == rule.tag_id and start <= today and (end is None or end > today):
                    covered[p.household_id].append((p.name, start, 0))
        if rule.has_criteria:
            for p in people.values():
                anchors = []
                if rule.min_age is not None:
                    if p.birth_date is None or _age(p.birth_date, today) < rule.min_age:
                        continue
                    anchors.append(p.birth_date.replace(year=p.birth_date.year + rule.min_age))
                if rule.moved_in_within_days is not None:
                    moved = p.moved_in_on
                    if moved is None or not today - dt.timedelta(days=rule.moved_in_within_days) <= moved <= today:
                        continue
                    anchors.append(moved)
                if rule.living_alone and members[p.household_id] != 1:
                    continue
                covered[p.household_id].append((p.name, max(anchors) if anchors else None, 1))
        for hid, who in covered.items():
            known = [a for _, a, _ in who if a is not None]
            anchor = min(known) if known else None
            via = max(v for _, _, v in who)
            counting = [v for v in visits_of[hid] if v.mode in rule.counting_modes]
            last = max(counting, key=lambda v: v.visit_date) if counting else None
            last_date, mode = (last.visit_date, last.mode) if last else (None, None)
            status = evaluate(today, rule.interval_days, rule.warn_days, last_date, anchor, rule.once)
            if include_not_due or status.state in OPEN_STATES:
                text = reason(today, who_phrase(rule.name, rule.min_age, rule.living_alone, bool(via)),
                              rule.interval_days, last_date, mode, anchor, rule.once)
                items[hid].append((rule, status, text, last, {n for n, _, _ in who}))

    lines = []
    for hid, found in items.items():
        grid = grids.get(grid_of_building[homes[hid].building_id])
        if grid_id is not None and (grid is None or grid.id != grid_id):
            continue
        if staff_id is not None and (grid is None or grid.staff_id != staff_id):
            continue
        found.sort(key=lambda i: (URGENCY[i[1].state], i[1].due_date, i[0].sort_order))
        rule, status, _, last, _ = found[0]
        lines.append({
            "household_id": hid, "address": homes[hid].address_text, "building_id": homes[hid].building_id,
            "residents": sorted(set().union(*(i[4] for i in found))),
            "rules": tuple(i[0].name for i in sorted(found, key=lambda i: i[0].sort_order)),
            "last_visit_date": last.visit_date if last else None, "last_visit_mode": last.mode if last else None,
            "last_visit_staff": sorted(staff_of_visit[last.id]) if last else [],
            "due_date": status.due_date, "state": status.state, "overdue_days": status.overdue_days,
            "reason": "。".join(i[2] for i in found),
            "grid": grid.name if grid else None, "staff": staff_names.get(grid.staff_id) if grid else None,
            "_sort": (URGENCY[status.state], -status.overdue_days, status.due_date, homes[hid].address_sort),
        })
    lines.sort(key=lambda x: x.pop("_sort"))
    return lines


def comparable(line: DueLine) -> dict:
    """A line as the reference states it: names and staff as sorted lists (SQL joins them in
    an order of its own), the state label left to the domain tests."""
    out = {f.name: getattr(line, f.name) for f in fields(line) if f.name != "state_label"}
    out["residents"] = sorted(line.residents)
    out["last_visit_staff"] = sorted(line.last_visit_staff.split("、")) if line.last_visit_staff else []
    return out


@pytest.fixture
def committee(demo_db):
    """The demo roster with visits, voided visits, newcomers and tags starting, ending and not yet begun."""
    db = demo_db
    rng = random.Random(11)
    generate_visits(db, per_household=3.0, days=500, seed=5)
    with db.transaction() as s:
        tag_ids = dict(s.execute(select(Tag.code, Tag.id).where(Tag.code.in_(RULE_TAGS))).all())
        residents = s.execute(select(Resident.id, Resident.birth_date)).all()
        for rid, birth in residents:
            if birth is not None and (birth.month, birth.day) == (2, 29):  # the reference adds years naively
                s.execute(update(Resident).where(Resident.id == rid).values(birth_date=birth.replace(day=28)))
            if rng.random() < 0.08:
                moved = TODAY - dt.timedelta(days=rng.randrange(-5, 120))
                s.execute(update(Resident).where(Resident.id == rid).values(moved_in_on=moved))
            if rng.random() < 0.15:
                start = TODAY - dt.timedelta(days=rng.randrange(-20, 200))
                end = rng.choice([None, None, TODAY, TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=9)])
                s.add(ResidentTag(resident_id=rid, tag_id=tag_ids[rng.choice(RULE_TAGS)], start_date=start,
                                  end_date=end, note=""))
        # one counting visit per household and day (which of two on a day is "last" is not
        # defined); the rest, a tenth of all and every visit to a sixth of the households
        # (never visited, then) voided: the due list must not see them
        seen = set()
        unvisited = {hid for hid in s.scalars(select(Household.id)) if rng.random() < 0.16}
        for vid, hid, day in s.execute(select(Visit.id, Visit.household_id, Visit.visit_date).order_by(Visit.id)):
            if (hid, day) in seen or hid in unvisited or rng.random() < 0.1:
                s.execute(update(Visit).where(Visit.id == vid).values(
                    voided_at=dt.datetime(2026, 11, 1, 9, 0), voided_by="测试", void_reason="录错"))
            seen.add((hid, day))
        for hid in rng.sample(sorted({h for h, _ in seen} - unvisited), 5):  # a few entered ahead of their day
            day = TODAY + dt.timedelta(days=rng.randrange(1, 4))
            if (hid, day) not in seen:
                s.add(Visit(household_id=hid, visit_date=day, mode="home", met_whom="", must_do="", must_know="",
                            observations="", notes="", next_step="", created_by="测试"))
                seen.add((hid, day))
    return db


def check(db, **kw):
    expected = reference(db, kw.get("day") or TODAY, kw.get("staff_id"), kw.get("grid_id"),
                         kw.get("include_not_due", False))
    got = [comparable(line) for line in due_list(db, **kw)]
    assert [x["household_id"] for x in got] == [x["household_id"] for x in expected]
    for g, e in zip(got, expected):
        assert g == e
    return got


@pytest.mark.parametrize("days", [0, 9, 40, -60])
@pytest.mark.parametrize("include_not_due", [False, True])
def test_whole_committee_matches_the_reference(committee, days, include_not_due):
    got = check(committee, day=TODAY + dt.timedelta(days=days), include_not_due=include_not_due)
    assert len(got) >= 10
    states = {x["state"] for x in got}
    assert {"overdue", "coming_up"} <= states
    if include_not_due:
        assert "done" in states and ("not_due" in states or days)  # newcomers not yet due: today only


def test_staff_and_grid_scopes_match_the_reference(committee):
    with committee.reading() as s:
        grid_id, staff_id = s.execute(select(Grid.id, Grid.staff_id).order_by(Grid.id)).first()
    assert check(committee, staff_id=staff_id)
    assert check(committee, grid_id=grid_id, include_not_due=True)


def test_edited_rules_match_the_reference(committee):
    rules = {r.code: r for r in list_rules(committee)}
    edits = {
        "elderly_alone": dict(min_age=75, living_alone=False, counting_modes=("home", "phone")),
        "low_income": dict(interval_days=30, warn_days=10),
        "new_resident": dict(moved_in_within_days=30, min_age=30),
        "disabled": dict(active=False),
    }
    for code, change in edits.items():
        data = rule_input(rules[code])
        for name, value in change.items():
            setattr(data, name, value)
        update_rule(committee, rules[code].id, data, rules[code].version)
    assert check(committee)
    assert check(committee, include_not_due=True, day=TODAY + dt.timedelta(days=20))


def test_due_line_built_without_its_init_is_the_same_line():
    values = (7, "星港景苑 5号101室", 3, ("王阿婆",), ("高龄独居",), TODAY, "home", "陈静", TODAY, "due", "到期", 0,
              "独居80岁以上每30天一次；上次入户走访 30 天前", "第1网格", "陈静")
    made, built = DueLine(*values), _due_line(values)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert vars(made) == vars(built)
    assert replace(built, state="overdue").state == "overdue"
    # the shortcut fills __dict__: it would skip a __post_init__ and fail with __slots__
    assert not hasattr(DueLine, "__post_init__") and "__slots__" not in vars(DueLine)


def test_lines_alike_but_for_how_they_came_under_a_rule_keep_their_own_state_and_reason(db):
    """Lines are judged once per (rule, last visit, anchor) and shared: what differs must be in that key."""
    from siibai_desktop.services.staff import add_staff
    from tests.visit_builders import household, tag, visit, years_before

    sid = add_staff(db, "陈静")
    by_age, _ = household(db, "101", people=[("老甲", years_before(TODAY, 85), None)])
    by_tag, (tagged,) = household(db, "102", people=[("小丙", years_before(TODAY, 60), None)])
    tag(db, tagged, "高龄独居", TODAY - dt.timedelta(days=300))
    for hid in (by_age, by_tag):
        visit(db, hid, TODAY - dt.timedelta(days=35), [sid])
    new_a, _ = household(db, "201", people=[("新甲", years_before(TODAY, 40), TODAY - dt.timedelta(days=20))])
    new_b, _ = household(db, "202", people=[("新乙", years_before(TODAY, 40), TODAY - dt.timedelta(days=16))])
    lines = {x.household_id: x for x in due_list(db)}
    assert lines[by_age].reason == "独居80岁以上每30天一次；上次入户走访 35 天前"
    assert lines[by_tag].reason == "高龄独居每30天一次；上次入户走访 35 天前"
    assert (lines[new_a].overdue_days, lines[new_b].overdue_days) == (6, 2)
    assert lines[new_a].reason.startswith(f"新住户迁入后14天内走访一次；{TODAY - dt.timedelta(days=20)} 迁入")
