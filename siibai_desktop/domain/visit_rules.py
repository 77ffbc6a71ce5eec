"""The 7必访 rules as pure logic: the default rules, and the state of one due line.

A rule covers a resident through its tag, or through its other criteria all together
(age threshold, living alone, moved in within N days). A periodic rule is due
`interval_days` after the household's last visit in a counting mode; a rule with
`moved_in_within_days` is one-off: due `interval_days` after moving in, done by any
counting visit since then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from .enums import Labelled
from .visits import mode_label


class DueState(Labelled):
    NOT_DUE = ("not_due", "未到期")
    COMING_UP = ("coming_up", "即将到期")
    DUE = ("due", "到期")
    OVERDUE = ("overdue", "逾期")
    DONE = ("done", "本期已访")


# Most urgent first; a household line takes the most urgent of its rules.
URGENCY = {"overdue": 0, "due": 1, "coming_up": 2, "not_due": 3, "done": 4}
OPEN_STATES = frozenset({"overdue", "due", "coming_up"})


@dataclass(frozen=True)
class RuleSpec:
    """One default rule as shipped (see resources/visit_rules.md for the reasoning)."""

    code: str
    name: str
    tag_code: str | None
    interval_days: int
    counting_modes: tuple[str, ...]
    warn_days: int
    description: str
    min_age: int | None = None
    living_alone: bool = False
    moved_in_within_days: int | None = None


FACE = ("home", "stool", "visit_day")
DEFAULT_RULES: tuple[RuleSpec, ...] = (
    RuleSpec("new_resident", "新住户", "new_resident", 14, FACE, 7,
             "新住户必访：了解信息，耐心登记。迁入后14天内上门一次（迁入90天内仍未走访的继续列出）。",
             moved_in_within_days=90),
    RuleSpec("serious_illness", "大病重病", "serious_illness", 30, FACE + ("phone",), 7,
             "大病重病必访：慰问救助，贴心服务。每月一次，电话慰问也算。"),
    RuleSpec("elderly_alone", "高龄独居", "elderly_alone", 30, ("home", "visit_day"), 7,
             "高龄独居老人必访：嘘寒问暖，送去关爱。80岁以上独居（或有“高龄独居”标签）每月上门一次，电话不算。",
             min_age=80, living_alone=True),
    RuleSpec("low_income", "低保", "low_income", 90, FACE + ("phone",), 14,
             "低保人员必访：谈心明理，送去关心。每季度一次，电话也算。"),
    RuleSpec("model_worker", "劳模", "model_worker", 90, FACE + ("phone", "wechat"), 14,
             "劳模必访：唠唠家常，送去慰问。每季度一次。"),
    RuleSpec("entitled_group", "优抚对象", "entitled_group", 90, FACE + ("phone", "wechat"), 14,
             "优抚对象必访：唠唠家常，送去慰问。每季度一次。"),
    RuleSpec("retired_cadre", "离休干部", "retired_cadre", 90, FACE + ("phone", "wechat"), 14,
             "离休干部必访：唠唠家常，送去慰问。每季度一次。"),
    RuleSpec("hardship", "困难家庭", "hardship", 60, FACE + ("phone",), 10,
             "困难家庭必访：掌握情况，打开心结。每两个月一次。"),
    RuleSpec("disabled", "残疾", "disabled", 90, FACE + ("phone", "wechat"), 14,
             "残疾人员必访：精神慰藉，细心帮扶。每季度一次。"),
)


class RuleStatus(NamedTuple):  # a tuple: the due list makes thousands of these
    due_date: dt.date
    state: str
    overdue_days: int
    visited_in_period: bool


def evaluate(today: dt.date, interval_days: int, warn_days: int, last_visit: dt.date | None,
             anchor: dt.date | None, once: bool = False) -> RuleStatus:
    """State of one rule for one household.

    `last_visit`: the household's last visit in a mode the rule counts; `anchor`: when the
    household came under the rule (moving-in day for one-off rules), None if unknown.
    """
    if once:
        start = anchor or today
        due = start + dt.timedelta(days=interval_days)
        visited = last_visit is not None and last_visit >= start
        if visited:
            return RuleStatus(due, DueState.DONE.value, 0, True)
    elif last_visit is not None:
        due = last_visit + dt.timedelta(days=interval_days)
        visited = True
    else:
        # Never visited: due from the day they came under the rule, but counted at most one
        # period back, so a roster imported today does not show "逾期 7000 天".
        floor = today - dt.timedelta(days=interval_days)
        due = today if anchor is None or anchor > today else max(anchor, floor)
        visited = False
    return RuleStatus(due, _state(today, due, warn_days, visited), max(0, (today - due).days), visited)


def _state(today: dt.date, due: dt.date, warn_days: int, visited: bool) -> str:
    if today > due:
        return DueState.OVERDUE.value
    if today == due:
        return DueState.DUE.value
    if today >= due - dt.timedelta(days=warn_days):
        return DueState.COMING_UP.value
    return DueState.DONE.value if visited else DueState.NOT_DUE.value


STATE_LABELS = {s.value: s.label for s in DueState}


def state_label(state: str, overdue_days: int = 0) -> str:
    """未到期 / 即将到期 / 到期 / 逾期 N 天 / 本期已访."""
    if state == "overdue":
        return f"逾期 {overdue_days} 天"
    return STATE_LABELS[state]


def who_phrase(name: str, min_age: int | None, living_alone: bool, via_criteria: bool) -> str:
    """Who the rule covers, in words: "独居80岁以上" for the criteria, else the rule's name."""
    if not via_criteria or (min_age is None and not living_alone):
        return name
    return ("独居" if living_alone else "") + (f"{min_age}岁以上" if min_age is not None else "")


def frequency_phrase(interval_days: int, once: bool) -> str:
    return f"迁入后{interval_days}天内走访一次" if once else f"每{interval_days}天一次"


def last_visit_phrase(today: dt.date, last_visit: dt.date | None, mode: str | None,
                      anchor: dt.date | None = None, once: bool = False) -> str:
    if once and anchor is not None and (last_visit is None or last_visit < anchor):
        return f"{anchor.isoformat()} 迁入，尚未走访"
    if last_visit is None:
        return "从未走访"
    days = (today - last_visit).days
    how = f"{mode_label(mode)}走访" if mode else "走访"
    if days == 0:
        return f"今天{how}"
    if days < 0:
        return f"{last_visit.isoformat()} {how}"
    return f"上次{how} {days} 天前"


def reason(today: dt.date, who: str, interval_days: int, last_visit: dt.date | None,
           mode: str | None, anchor: dt.date | None = None, once: bool = False) -> str:
    """"独居80岁以上每30天一次；上次入户走访 41 天前"."""
    return f"{who}{frequency_phrase(interval_days, once)}；{last_visit_phrase(today, last_visit, mode, anchor, once)}"
