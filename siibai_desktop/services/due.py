"""The due list (必访清单): which households must be visited, why, and by when.

Coverage and each household's last counting visit are computed in one SQL statement
(CTEs: a UNION ALL with one branch per active rule, grouped per household; the last
visit found by walking the (household_id, visit_date, mode, voided_at) index, voided visits
skipped; lines outside their
warning window dropped), portable to SQLite and PostgreSQL. Python only turns the
resulting lines (not residents) into states with the pure rules of domain.visit_rules.
The statement is built once per rule set; the day and scope are bind parameters.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import (
    Date, Integer, String, bindparam, case, cast, exists, func, literal, null, or_, select, type_coerce, union_all,
)
from sqlalchemy.orm import aliased

from ..db.engine import Database
from ..db.models import Building, Grid, Household, Resident, ResidentTag, Staff
from ..db.models.visits import Visit, VisitStaff
from ..db.sqlfuncs import add_years, greatest, group_concat, iso_date
from ..domain.clock import birth_date_cutoff
from ..domain.enums import ResidentState
from ..domain.visits import VisitMode
from ..domain.visit_rules import (
    OPEN_STATES, URGENCY, evaluate, frequency_phrase, last_visit_phrase, state_label, who_phrase,
)
from .visit_rules import RuleInfo, rules_in

MODES = tuple(m.value for m in VisitMode)  # the walk encodes a visit's mode as its position here
assert len(MODES) < 10, "the walk encodes the mode as one digit"
NAME_SEP = "\x1f"  # joins resident names inside SQL; never typed by anyone
CURRENT = ResidentState.CURRENT.value


@dataclass(frozen=True)
class DueLine:
    household_id: int
    address: str
    building_id: int
    residents: tuple[str, ...]
    rules: tuple[str, ...]          # rule names
    last_visit_date: dt.date | None
    last_visit_mode: str | None
    last_visit_staff: str | None
    due_date: dt.date
    state: str                      # not_due / coming_up / due / overdue / done
    state_label: str                # 未到期 / 即将到期 / 到期 / 逾期 N 天 / 本期已访
    overdue_days: int
    reason: str
    grid: str | None
    staff: str | None


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

    Day-dependent values are named bind parameters (see _params), so the statement is
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
    voided: usually one step. It
    returns date, mode (as its position in MODES) and id as one text value, so only the
    index is read, never the visits table.
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
                  func.substr(lv.c.last, 11, 1).label("mode_digit"),
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
    keeper = aliased(Staff)
    return (
        select(picked.c.rule_id, picked.c.household_id, picked.c.anchor, picked.c.via, picked.c.names,
               func.substr(picked.c.last, 1, 10).label("last_date"), picked.c.mode_digit,
               visit_staff.label("visit_staff"),
               Household.address_text, Household.address_sort, Household.building_id,
               Grid.name.label("grid"), keeper.name.label("keeper"))
        .join(Household, Household.id == picked.c.household_id)
        .join(Building, Building.id == Household.building_id)
        .outerjoin(Grid, Grid.id == Building.grid_id)
        .outerjoin(keeper, keeper.id == Grid.staff_id)
    )


def _params(rules, today: dt.date, staff_id: int | None, grid_id: int | None) -> dict:
    params = {"today": today, "staff_id": staff_id, "grid_id": grid_id}
    for rule in rules:
        if rule.min_age is not None:
            params[f"born_by_{rule.id}"] = birth_date_cutoff(rule.min_age, today)
        if rule.moved_in_within_days is not None:
            params[f"moved_since_{rule.id}"] = today - dt.timedelta(days=rule.moved_in_within_days)
        params[f"horizon_{rule.id}"] = (today - dt.timedelta(days=rule.interval_days - rule.warn_days)).isoformat()
    return params


@lru_cache(maxsize=16)
def _statement(rules: tuple[RuleInfo, ...], scoped: tuple[bool, bool], include_not_due: bool):
    """The due-list statement for a rule set; rebuilt only when the rules change."""
    return _query(rules, scoped, include_not_due)


def due_list(db: Database, staff_id: int | None = None, grid_id: int | None = None,
             day: dt.date | None = None, include_not_due: bool = False) -> list[DueLine]:
    """Households to visit on `day` (today by default), most urgent first.

    By default only lines that are coming up, due or overdue; `include_not_due` adds the
    households under a rule that are not yet due or already visited this period.
    `staff_id` keeps the grids that staff member looks after; `grid_id` one grid.
    """
    today = day or db.clock.today()
    # thousands of small objects at once (rows, lines): skip the garbage collector's passes
    with _gc_paused(), db.reading() as session:
        rules = tuple(r for r in rules_in(session, active_only=True)
                      if r.counting_modes and (r.tag_id is not None or r.has_criteria))
        if not rules:
            return []
        stmt = _statement(rules, (staff_id is not None, grid_id is not None), include_not_due)
        connection = session.connection()  # Core execution: plain rows, no ORM loading step
        if connection.dialect.name == "postgresql":
            # For this transaction only: the statement's estimated cost triggers the JIT,
            # whose compiling (seconds) dwarfs the query (~0.2 s); and with SSD-like page
            # costs the planner looks tagged residents up by index instead of scanning all.
            connection.exec_driver_sql("SET LOCAL jit = off")
            connection.exec_driver_sql("SET LOCAL random_page_cost = 1.1")
        rows = connection.execute(stmt, _params(rules, today, staff_id, grid_id)).all()
        rows = [(r[0], r[1], r[2], r[3], r[4], _date(r[5]), _mode(r[6]), *r[7:]) for r in rows]
        return _lines(_pick(rows, {r.id: r for r in rules}, today, include_not_due), today)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _mode(digit: str | None) -> str | None:
    return MODES[int(digit)] if digit and digit.isdigit() and int(digit) < len(MODES) else None


@contextmanager
def _gc_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pick(rows, rules: dict[int, RuleInfo], today: dt.date, include_not_due: bool) -> dict[int, list]:
    """Per household, its (row, rule, status) items, most urgent first. Rows are plain
    tuples in the order _query selects them."""
    terms = {rid: (r.interval_days, r.warn_days, r.once) for rid, r in rules.items()}
    by_household: dict[int, list] = {}
    for row in rows:
        interval, warn, once = terms[row[0]]
        status = evaluate(today, interval, warn, row[5], row[2], once)
        if include_not_due or status.state in OPEN_STATES:
            item = (row, rules[row[0]], status)
            items = by_household.get(row[1])
            if items is None:
                by_household[row[1]] = [item]
            else:
                items.append(item)
    for items in by_household.values():
        if len(items) > 1:
            items.sort(key=lambda i: (URGENCY[i[2].state], i[2].due_date, i[1].sort_order))
    return by_household


def _lines(picked: dict[int, list], today: dt.date) -> list[DueLine]:
    head_cache: dict[tuple[int, int], str] = {}
    keyed = []
    for household_id, items in picked.items():
        row, rule, status = items[0]
        if len(items) == 1:
            # a resident may be covered twice (tag and criteria): dict keeps each name once
            names = list(dict.fromkeys(n for n in (row[4] or "").split(NAME_SEP) if n))
            rule_names = (rule.name,)
        else:
            names = []
            for item in items:
                for name in (item[0][4] or "").split(NAME_SEP):
                    if name and name not in names:
                        names.append(name)
            rule_names = tuple(r.name for _, r, _ in sorted(items, key=lambda i: i[1].sort_order))
        reasons = []
        for x, r, _ in items:
            key = (r.id, x[3])
            head = head_cache.get(key)
            if head is None:  # "独居80岁以上每30天一次", the same for every line of the rule
                who = who_phrase(r.name, r.min_age, r.living_alone, bool(x[3]))
                head = head_cache[key] = who + frequency_phrase(r.interval_days, r.once) + "；"
            reasons.append(head + last_visit_phrase(today, x[5], x[6], x[2], r.once))
        state, overdue = status.state, status.overdue_days
        line = DueLine(
            household_id=household_id, address=row[8], building_id=row[10], residents=tuple(names),
            rules=rule_names, last_visit_date=row[5], last_visit_mode=row[6], last_visit_staff=row[7] or None,
            due_date=status.due_date, state=state, state_label=state_label(state, overdue),
            overdue_days=overdue, reason="。".join(reasons), grid=row[11], staff=row[12],
        )
        keyed.append(((URGENCY[state], -overdue, status.due_date, row[9]), line))
    keyed.sort(key=lambda p: p[0])
    return [line for _, line in keyed]
