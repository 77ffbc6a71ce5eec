"""The due list (必访清单): which households must be visited, why, and by when.

Coverage and each household's last counting visit are computed in one SQL statement
(a UNION ALL with one branch per active rule, grouped per household, the last visit
found through the (household_id, mode, visit_date) index); Python only turns the
resulting lines (not residents) into states with the pure rules of domain.visit_rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, case, exists, func, literal, null, or_, select, type_coerce, union_all
from sqlalchemy.orm import aliased

from ..db.engine import Database
from ..db.models import Building, Grid, Household, Resident, ResidentTag, Staff
from ..db.models.visits import Visit, VisitStaff
from ..db.sqlfuncs import add_years, greatest, group_concat
from ..domain.clock import birth_date_cutoff
from ..domain.enums import ResidentState
from ..domain.visits import VisitMode
from ..domain.visit_rules import OPEN_STATES, URGENCY, evaluate, reason, state_label, who_phrase
from .visit_rules import RuleInfo, rules_in

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
        stmt = stmt.where(Building.grid_id == grid_id)
    if staff_id is not None:
        stmt = stmt.join(Grid, Building.grid_id == Grid.id).where(Grid.staff_id == staff_id)
    return stmt


def _covered(rule: RuleInfo, today: dt.date, scope) -> list:
    """Selects of the current residents the rule covers: (rule_id, household_id, name, anchor, via)."""
    parts = []
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
            conds.append(r.birth_date <= birth_date_cutoff(rule.min_age, today))
            anchors.append(add_years(r.birth_date, literal(rule.min_age)))
        if rule.moved_in_within_days is not None:
            conds += [r.moved_in_on >= today - dt.timedelta(days=rule.moved_in_within_days),
                      r.moved_in_on <= today]
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


MODES = tuple(m.value for m in VisitMode)
FLOOR = dt.date(1900, 1, 1)  # stands for "no visit" inside greatest(); never a real visit date


def _rule_lines(rule: RuleInfo, today: dt.date, scope):
    """One line per household under the rule: earliest anchor, any via criteria, names."""
    parts = _covered(rule, today, scope)
    c = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    return (select(literal(rule.id).label("rule_id"), c.c.household_id,
                   type_coerce(func.min(c.c.anchor), Date).label("anchor"),
                   func.max(c.c.via).label("via"),
                   group_concat(c.c.name, literal(NAME_SEP)).label("names"))
            .group_by(c.c.household_id))


def _query(rules: list[RuleInfo], today: dt.date, scope, include_not_due: bool):
    """One statement: coverage per rule and household, the last visit in each counting
    mode (one index seek each on (household_id, mode, visit_date)), then the lines."""
    branches = [_rule_lines(rule, today, scope) for rule in rules]
    lines = (branches[0] if len(branches) == 1 else union_all(*branches)).cte("lines")
    seeks = []
    for mode in MODES:
        counting = [r.id for r in rules if mode in r.counting_modes]
        v = aliased(Visit)
        seek = (select(func.max(v.visit_date)).where(v.household_id == lines.c.household_id, v.mode == mode)
                .scalar_subquery())
        value = case((lines.c.rule_id.in_(counting), seek), else_=null()) if counting else null()
        seeks.append(type_coerce(value, Date).label(f"m_{mode}"))
    # MATERIALIZED: each seek runs once per line, not once per later reference
    u = select(lines, *seeks).cte("per_rule").prefix_with("MATERIALIZED")
    floor = literal(FLOOR, Date)
    mode_cols = [u.c[f"m_{m}"] for m in MODES]
    best = greatest(*(func.coalesce(col, floor) for col in mode_cols))
    with_last = select(u, type_coerce(func.nullif(best, floor), Date).label("last_date")).subquery("with_last")
    last = with_last.c.last_date
    last_mode = case(*((with_last.c[f"m_{m}"] == last, literal(m)) for m in MODES), else_=null())
    stmt = select(*(with_last.c[k] for k in ("rule_id", "household_id", "anchor", "via", "names", "last_date")),
                  last_mode.label("last_mode"))
    if not include_not_due:
        # keep only lines already inside their warning window; Python decides the exact state
        keep = []
        for rule in rules:
            horizon = today - dt.timedelta(days=rule.interval_days - rule.warn_days)
            anchor = with_last.c.anchor
            if rule.once:
                cond = or_(last.is_(None), last < anchor) & or_(anchor.is_(None), anchor <= horizon)
            else:
                cond = or_(last.is_(None), last <= horizon)
            keep.append((with_last.c.rule_id == rule.id) & cond)
        stmt = stmt.where(or_(*keep))
    picked = stmt.subquery("picked")
    lv, vs, st = aliased(Visit), aliased(VisitStaff), aliased(Staff)
    visit_id = (select(func.max(lv.id)).where(lv.household_id == picked.c.household_id,
                                             lv.mode == picked.c.last_mode, lv.visit_date == picked.c.last_date)
                .scalar_subquery())
    visit_staff = (select(group_concat(st.name, literal("、"))).select_from(vs)
                   .join(st, st.id == vs.staff_id).where(vs.visit_id == visit_id).scalar_subquery())
    keeper = aliased(Staff)
    return (
        select(picked, visit_staff.label("visit_staff"), Household.address_text, Household.address_sort,
               Household.building_id, Grid.name.label("grid"), keeper.name.label("keeper"))
        .join(Household, Household.id == picked.c.household_id)
        .join(Building, Building.id == Household.building_id)
        .outerjoin(Grid, Grid.id == Building.grid_id)
        .outerjoin(keeper, keeper.id == Grid.staff_id)
    )


def due_list(db: Database, staff_id: int | None = None, grid_id: int | None = None,
             day: dt.date | None = None, include_not_due: bool = False) -> list[DueLine]:
    """Households to visit on `day` (today by default), most urgent first.

    By default only lines that are coming up, due or overdue; `include_not_due` adds the
    households under a rule that are not yet due or already visited this period.
    `staff_id` keeps the grids that staff member looks after; `grid_id` one grid.
    """
    today = day or db.clock.today()
    with db.reading() as session:
        rules = [r for r in rules_in(session, active_only=True)
                 if r.counting_modes and (r.tag_id is not None or r.has_criteria)]
        if not rules:
            return []
        rows = session.execute(_query(rules, today, _scope(staff_id, grid_id), include_not_due)).all()
    return _lines(_pick(rows, {r.id: r for r in rules}, today, include_not_due), today)


def _pick(rows, rules: dict[int, RuleInfo], today: dt.date, include_not_due: bool) -> dict[int, list]:
    """Per household, its rules with their states, most urgent first."""
    by_household: dict[int, list] = {}
    for row in rows:
        rule = rules[row.rule_id]
        status = evaluate(today, rule.interval_days, rule.warn_days, row.last_date, row.anchor, rule.once)
        if include_not_due or status.state in OPEN_STATES:
            by_household.setdefault(row.household_id, []).append((row, rule, status))
    for items in by_household.values():
        if len(items) > 1:
            items.sort(key=lambda i: (URGENCY[i[2].state], i[2].due_date, i[1].sort_order))
    return by_household


def _lines(picked: dict[int, list], today: dt.date) -> list[DueLine]:
    who_cache: dict[tuple[int, bool], str] = {}
    lines = []
    for household_id, items in picked.items():
        row, rule, status = items[0]
        names: list[str] = []
        reasons = []
        for x, r, _ in items:
            for name in (x.names or "").split(NAME_SEP):
                if name and name not in names:
                    names.append(name)
            key = (r.id, bool(x.via))
            who = who_cache.get(key)
            if who is None:
                who = who_cache[key] = who_phrase(r.name, r.min_age, r.living_alone, bool(x.via))
            reasons.append(reason(today, who, r.interval_days, x.last_date, x.last_mode, x.anchor, r.once))
        ordered = items if len(items) == 1 else sorted(items, key=lambda i: i[1].sort_order)
        lines.append((row.address_sort, DueLine(
            household_id=household_id, address=row.address_text, building_id=row.building_id,
            residents=tuple(names), rules=tuple(r.name for _, r, _ in ordered),
            last_visit_date=row.last_date, last_visit_mode=row.last_mode,
            last_visit_staff=row.visit_staff or None,
            due_date=status.due_date, state=status.state,
            state_label=state_label(status.state, status.overdue_days),
            overdue_days=status.overdue_days, reason="。".join(reasons), grid=row.grid, staff=row.keeper,
        )))
    lines.sort(key=lambda p: (URGENCY[p[1].state], -p[1].overdue_days, p[1].due_date, p[0]))
    return [line for _, line in lines]
