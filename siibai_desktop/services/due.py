"""The due list (必访清单): which households must be visited, why, and by when.

services.due_query finds, in one SQL statement, every household under each active rule
with its last counting visit (voided visits skipped) and drops lines outside their warning
window. Python only turns those lines (not residents) into states and reasons with the
pure rules of domain.visit_rules. Lines alike share one judgement: a rule's state and
reason depend on the day, the last visit (date and mode), whether a resident came under
the rule through its criteria and, for a one-off rule or a household never visited, since
when. 5,000 lines need about 2,300 judgements; they are kept between calls on the same
day, so a list refreshed after a visit makes only the new ones.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, fields
from operator import itemgetter
from typing import NamedTuple

from ..db.engine import Database
from ..db.fastpath import fetch_rows
from ..domain.visit_rules import OPEN_STATES, URGENCY, evaluate, reason, state_label, who_phrase
from . import due_query
from .due_query import MODES, NAME_SEP
from .visit_rules import RuleInfo, list_rules, rules_in


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


def due_list(db: Database, staff_id: int | None = None, grid_id: int | None = None,
             day: dt.date | None = None, include_not_due: bool = False) -> list[DueLine]:
    """Households to visit on `day` (today by default), most urgent first.

    By default only lines that are coming up, due or overdue; `include_not_due` adds the
    households under a rule that are not yet due or already visited this period.
    `staff_id` keeps the grids that staff member looks after; `grid_id` one grid.
    """
    today = day or db.clock.today()
    # thousands of small objects at once (rows, lines): skip the garbage collector's passes
    with _gc_paused():
        with db.reading() as session:
            rules = tuple(r for r in rules_in(session, active_only=True)
                          if r.counting_modes and (r.tag_id is not None or r.has_criteria))
            if not rules:
                return []
            connection = session.connection()
            if connection.dialect.name == "postgresql":
                # For this transaction only: the statement's estimated cost triggers the JIT,
                # whose compiling (seconds) dwarfs the query (~0.2 s); and with SSD-like page
                # costs the planner looks tagged residents up by index instead of scanning all.
                connection.exec_driver_sql("SET LOCAL jit = off")
                connection.exec_driver_sql("SET LOCAL random_page_cost = 1.1")
            compiled = due_query.compiled(rules, (staff_id is not None, grid_id is not None), include_not_due,
                                          connection.dialect)
            # the driver's own rows, no SQLAlchemy row objects: see due_query for their columns
            rows = fetch_rows(session, compiled, due_query.params(rules, today, staff_id, grid_id))
            grids = {gid: (name, keeper) for gid, name, keeper in connection.execute(due_query.grids_statement())}
        lines = _lines(rows, rules, grids, today, include_not_due)
        del rows  # gone before the collector wakes up, or its first pass walks every row
    return lines


def households_only_under(db: Database, rule_id: int) -> int:
    """Households on today's due list because of this rule alone: the ones that leave the
    list when it is turned off (households under other rules too stay, for those)."""
    name = next((r.name for r in list_rules(db, active_only=True) if r.id == rule_id), None)
    if name is None:
        return 0
    return sum(1 for line in due_list(db) if line.rules == (name,))


@contextmanager
def _gc_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_MODE_OF_DIGIT = {str(i): mode for i, mode in enumerate(MODES)}  # the walk's digit ("9": another mode)


class _Verdict(NamedTuple):
    """One rule's judgement for one (last visit, anchor): shared by every line alike."""

    rule: RuleInfo
    last_visit_date: dt.date | None
    last_visit_mode: str | None
    due_date: dt.date
    state: str
    state_label: str
    overdue_days: int
    reason: str
    rank: tuple           # a household's rules, most urgent first
    order: tuple          # the list's lines, most urgent first (then by address)


def _judge(rule: RuleInfo, via: int, last: str | None, anchor: str | None, today: dt.date) -> _Verdict:
    """State and reason of a rule for a household whose last counting visit is `last`
    ('YYYY-MM-DD' + mode digit, or None) and who came under the rule on `anchor`."""
    last_date = dt.date.fromisoformat(last[:10]) if last else None
    mode = _MODE_OF_DIGIT.get(last[10:]) if last else None
    anchor_date = dt.date.fromisoformat(anchor) if anchor else None
    status = evaluate(today, rule.interval_days, rule.warn_days, last_date, anchor_date, rule.once)
    who = who_phrase(rule.name, rule.min_age, rule.living_alone, bool(via))
    state, due, overdue = status.state, status.due_date, status.overdue_days
    return _Verdict(rule, last_date, mode, due, state, state_label(state, overdue), overdue,
                    reason(today, who, rule.interval_days, last_date, mode, anchor_date, rule.once),
                    (URGENCY[state], due, rule.sort_order), (URGENCY[state], -overdue, due))


def _names(text: str | None) -> tuple[str, ...]:
    # a resident may be covered twice (tag and criteria): dict keeps each name once
    if not text:
        return ()
    if NAME_SEP not in text:
        return (text,)
    return tuple(dict.fromkeys(n for n in text.split(NAME_SEP) if n))


_FIELDS = tuple(f.name for f in fields(DueLine))
_new = object.__new__


def _due_line(values: tuple) -> DueLine:
    """DueLine(*values), at less than half the cost: its generated __init__ sets the 15
    fields one by one through object.__setattr__ (frozen), a list makes thousands."""
    line = _new(DueLine)
    line.__dict__.update(zip(_FIELDS, values))
    return line


_judged: dict[tuple, dict] = {}


def _verdicts_of(today: dt.date, rules: tuple[RuleInfo, ...]) -> dict:
    """Judgements already made for these rules on this day. They are pure (a verdict
    depends on its key, the rule and the day only), so they are kept between calls: a list
    refreshed after a visit judges only what is new."""
    key = (today, rules)
    verdicts = _judged.get(key)
    if verdicts is None or len(verdicts) > 20_000:
        if len(_judged) >= 2:
            _judged.clear()
        verdicts = _judged[key] = {}
    return verdicts


def forget_judgements() -> None:
    """Drop the judgements kept between calls (benchmarks time a day's first call with it)."""
    _judged.clear()


def _lines(rows: list[tuple], rules: tuple[RuleInfo, ...], grids: dict, today: dt.date,
           include_not_due: bool) -> list[DueLine]:
    """Rows of due_query (one per rule and household) -> one line per household, most urgent first."""
    by_id = {r.id: r for r in rules}
    once = {r.id for r in rules if r.once}
    named = {r.id: (r.name,) for r in rules}  # one tuple per rule, not one per line
    open_states = OPEN_STATES
    verdicts = _verdicts_of(today, rules)
    by_household: dict[int, list] = {}
    for row in rows:
        rule_id, last = row[0], row[5]
        # a periodic rule runs from the last visit: its anchor only counts while there is none
        key = (rule_id, row[3], last, row[2] if last is None or rule_id in once else None)
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = _judge(by_id[rule_id], row[3], last, row[2], today)
        if include_not_due or verdict.state in open_states:
            items = by_household.get(row[1])
            if items is None:
                by_household[row[1]] = [(row, verdict)]
            else:
                items.append((row, verdict))
    no_grid = (None, None)
    keyed = []
    for household_id, items in by_household.items():
        if len(items) == 1:
            row, verdict = items[0]
            names = _names(row[4])
            rule_names = named[row[0]]
            why = verdict.reason
        else:
            items.sort(key=lambda i: i[1].rank)
            row, verdict = items[0]
            names = tuple(dict.fromkeys(n for r, _ in items for n in (r[4] or "").split(NAME_SEP) if n))
            rule_names = tuple(v.rule.name for _, v in sorted(items, key=lambda i: i[1].rule.sort_order))
            why = "。".join(v.reason for _, v in items)
        grid, keeper = grids.get(row[10], no_grid)
        line = _due_line((household_id, row[7], row[9], names, rule_names, verdict.last_visit_date,
                          verdict.last_visit_mode, row[6] or None, verdict.due_date, verdict.state,
                          verdict.state_label, verdict.overdue_days, why, grid, keeper))
        keyed.append(((verdict.order, row[8]), line))
    keyed.sort(key=itemgetter(0))
    return [line for _, line in keyed]
