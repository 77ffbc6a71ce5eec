"""The due list's one SQL statement (必访清单): coverage per rule and household, each
line's last counting visit, and what a line shows about its household.

CTEs: a UNION ALL with one branch per active rule, grouped per household; the last visit
found by walking the (household_id, visit_date, mode, voided_at) index, voided visits
skipped; lines outside their warning window dropped. Portable to SQLite and PostgreSQL.
The statement is built and compiled once per rule set and dialect; the day and scope are
bind parameters (see `params`).

Each row, as services.due reads it (plain driver values, no SQLAlchemy processing):
    0 rule_id, 1 household_id, 2 anchor ('YYYY-MM-DD' or None), 3 via (1 if any resident
    is covered through the rule's criteria), 4 names (joined by NAME_SEP), 5 last visit
    ('YYYY-MM-DD' + mode digit, or None), 6 that visit's staff names, 7 address_text,
    8 address_sort, 9 building_id, 10 grid_id (names come from grids_statement: a few
    rows instead of two joins and two texts per line).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sqlalchemy import (
    Date, Integer, String, bindparam, case, cast, exists, func, literal, null, or_, select, type_coerce, union_all,
)
from sqlalchemy.orm import aliased

from ..db.models import Building, Grid, Household, Resident, ResidentTag, Staff
from ..db.models.visits import Visit, VisitStaff
from ..db.sqlfuncs import add_years, greatest, group_concat, iso_date
from ..domain.clock import birth_date_cutoff
from ..domain.enums import ResidentState
from ..domain.visits import VisitMode
from .visit_rules import RuleInfo

MODES = tuple(m.value for m in VisitMode)  # the walk encodes a visit's mode as its position here
assert len(MODES) < 10, "the walk encodes the mode as one digit"
NAME_SEP = "\x1f"  # joins resident names inside SQL; never typed by anyone
CURRENT = ResidentState.CURRENT.value


def _scope(staff_id: int | None, grid_id: int | None):
    """Household ids of a staff member's grids or of one grid; None for the whole committee."""
    if staff_id is None and grid_id is None:
        return None
    stmt = select(Household.id).join(Building, Household.building_id == Building.id)
    if grid_id is not None:
        stmt = stmt.where(Building.grid_id == bindparam("grid_id"))
    if staff_id is not None:
        stmt = stmt.join(Grid, Building.grid_id == Grid.id).where(Grid.staff_id == bindparam("staff_id"))
    return stmt


def _covered(rule: RuleInfo, scope) -> list:
    """Selects of the current residents the rule covers: (rule_id, household_id, name, anchor, via).

    Day-dependent values are named bind parameters (see params), so the statement is
    built once per rule set and reused for any day.
    """
    parts = []
    today = bindparam("today", type_=Date)
    if rule.tag_id is not None:
        r, t = aliased(Resident), aliased(ResidentTag)
        parts.append(
            select(literal(rule.id).label("rule_id"), r.household_id, r.name,
                   type_coerce(t.start_date, Date).label("anchor"), literal(0).label("via"))
            .join(t, t.resident_id == r.id)
            .where(t.tag_id == rule.tag_id, t.start_date <= today,
                   or_(t.end_date.is_(None), t.end_date > today), r.state == CURRENT)
        )
    if rule.has_criteria:
        r = aliased(Resident)
        conds, anchors = [r.state == CURRENT], []
        if rule.min_age is not None:
            conds.append(r.birth_date <= bindparam(f"born_by_{rule.id}", type_=Date))
            anchors.append(add_years(r.birth_date, literal(rule.min_age)))
        if rule.moved_in_within_days is not None:
            conds += [r.moved_in_on >= bindparam(f"moved_since_{rule.id}", type_=Date), r.moved_in_on <= today]
            anchors.append(r.moved_in_on)
        if rule.living_alone:
            other = aliased(Resident)
            conds.append(~exists().where(other.household_id == r.household_id,
                                         other.state == CURRENT, other.id != r.id))
        anchor = anchors[0] if len(anchors) == 1 else greatest(*anchors) if anchors else null()
        parts.append(select(literal(rule.id).label("rule_id"), r.household_id, r.name,
                            type_coerce(anchor, Date).label("anchor"), literal(1).label("via")).where(*conds))
    if scope is not None:
        parts = [p.where(p.selected_columns.household_id.in_(scope)) for p in parts]
    return parts


def _rule_lines(rule: RuleInfo, scope):
    """One line per household under the rule: earliest anchor, any via criteria, names."""
    parts = _covered(rule, scope)
    c = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    return (select(literal(rule.id).label("rule_id"), c.c.household_id,
                   type_coerce(func.min(c.c.anchor), Date).label("anchor"),
                   func.max(c.c.via).label("via"),
                   group_concat(c.c.name, literal(NAME_SEP)).label("names"))
            .group_by(c.c.household_id))


def _query(rules: tuple[RuleInfo, ...], scoped: tuple[bool, bool], include_not_due: bool):
    """One statement: coverage per rule and household, then each line's last counting visit.

    The last visit is a walk down the (household_id, visit_date, mode, voided_at) index
    from the newest visit, stopping at the first one in a counting mode that was not
    voided: usually one step. It returns date, mode (as its position in MODES) and id as
    one text value, so only the index is read, never the visits table.
    """
    scope = _scope(1 if scoped[0] else None, 1 if scoped[1] else None)
    branches = [_rule_lines(rule, scope) for rule in rules]
    # MATERIALIZED: each line's walk runs once, not once per later reference
    lines = (branches[0] if len(branches) == 1 else union_all(*branches)).cte("lines").prefix_with("MATERIALIZED")
    walks = []
    for rule in rules:
        v = aliased(Visit)
        # date, mode and id in one value ("2026-10-11" + "1" + "4711"): the walk reads the index only
        walk = (select(iso_date(v.visit_date) + case(*((v.mode == m, literal(str(i))) for i, m in enumerate(MODES)),
                                                          else_=literal("9")) + cast(v.id, String))
                .where(v.household_id == lines.c.household_id, v.mode.in_(rule.counting_modes),
                       v.voided_at.is_(None))
                .order_by(v.visit_date.desc()).limit(1).scalar_subquery())
        walks.append((lines.c.rule_id == rule.id, walk))
    lv = select(lines, case(*walks, else_=null()).label("last")).cte("last_visit").prefix_with("MATERIALIZED")
    last_text = func.substr(lv.c.last, 1, 10)
    stmt = select(lv.c.rule_id, lv.c.household_id, lv.c.anchor, lv.c.via, lv.c.names, lv.c.last,
                  cast(func.substr(lv.c.last, 12), Integer).label("visit_id"))
    if not include_not_due:
        # keep only lines already inside their warning window; Python decides the exact state
        keep = []
        for rule in rules:
            horizon = bindparam(f"horizon_{rule.id}", type_=String)   # ISO text, compared as text
            anchor = lv.c.anchor
            if rule.once:
                cond = (or_(lv.c.last.is_(None), last_text < iso_date(anchor))
                        & or_(anchor.is_(None), iso_date(anchor) <= horizon))
            else:
                cond = or_(lv.c.last.is_(None), last_text <= horizon)
            keep.append((lv.c.rule_id == rule.id) & cond)
        stmt = stmt.where(or_(*keep))
    picked = stmt.subquery("picked")
    vs, st = aliased(VisitStaff), aliased(Staff)
    visit_staff = (select(group_concat(st.name, literal("、"))).select_from(vs)
                   .join(st, st.id == vs.staff_id).where(vs.visit_id == picked.c.visit_id).scalar_subquery())
    return (
        select(picked.c.rule_id, picked.c.household_id, iso_date(picked.c.anchor), picked.c.via, picked.c.names,
               func.substr(picked.c.last, 1, 11).label("last"), visit_staff.label("visit_staff"),
               Household.address_text, Household.address_sort, Household.building_id, Building.grid_id)
        .join(Household, Household.id == picked.c.household_id)
        .join(Building, Building.id == Household.building_id)
    )


def grids_statement():
    """Each grid's name and the name of the staff member who looks after it (a few rows)."""
    return select(Grid.id, Grid.name, Staff.name).outerjoin(Staff, Staff.id == Grid.staff_id)


@lru_cache(maxsize=16)
def compiled(rules: tuple[RuleInfo, ...], scoped: tuple[bool, bool], include_not_due: bool, dialect):
    """The due-list statement for a rule set, compiled for a dialect (compiling costs more
    than running it); rebuilt only when the rules change."""
    return _query(rules, scoped, include_not_due).compile(dialect=dialect)


def params(rules, today: dt.date, staff_id: int | None, grid_id: int | None) -> dict:
    """The statement's bind parameters for a day and scope."""
    values = {"today": today, "staff_id": staff_id, "grid_id": grid_id}
    for rule in rules:
        if rule.min_age is not None:
            values[f"born_by_{rule.id}"] = birth_date_cutoff(rule.min_age, today)
        if rule.moved_in_within_days is not None:
            values[f"moved_since_{rule.id}"] = today - dt.timedelta(days=rule.moved_in_within_days)
        values[f"horizon_{rule.id}"] = (today - dt.timedelta(days=rule.interval_days - rule.warn_days)).isoformat()
    return values
