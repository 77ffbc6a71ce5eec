"""Needs (民情诉求): statuses, the legal moves between them, sources and follow-up verdicts."""

from __future__ import annotations

from .enums import Labelled


class NeedStatus(Labelled):
    PENDING = ("pending", "待处理")
    IN_PROGRESS = ("in_progress", "处理中")
    ESCALATED = ("escalated", "已上报")
    RESOLVED = ("resolved", "已办结")
    FOLLOWED_UP = ("followed_up", "已回访")


class NeedSource(Labelled):
    VISIT = ("visit", "走访")
    CALL = ("call", "来电")
    WALK_IN = ("walk_in", "来访")
    HOTLINE = ("hotline", "12345")


class FollowUpVerdict(Labelled):
    SATISFIED = ("satisfied", "满意")
    FAIRLY = ("fairly", "基本满意")
    UNSATISFIED = ("unsatisfied", "不满意")


# Bodies a need is commonly handed up to (上报); free text is allowed as well.
ESCALATION_TARGETS = ("街道科室", "物业", "业委会", "派出所", "房管所", "城管", "市场监管所", "社区卫生服务中心")

DEFAULT_CATEGORIES = ("物业维修", "环境卫生", "安全隐患", "帮困救助", "政策咨询", "矛盾纠纷", "加装电梯", "其他")

S = NeedStatus
# Moves a person may make with "change status". 已回访 is reached only through a
# follow-up; an unsatisfied verdict reopens a need to 处理中 (see follow_up_result).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING.value: frozenset({S.IN_PROGRESS.value, S.ESCALATED.value, S.RESOLVED.value}),
    S.IN_PROGRESS.value: frozenset({S.ESCALATED.value, S.RESOLVED.value}),
    S.ESCALATED.value: frozenset({S.IN_PROGRESS.value, S.RESOLVED.value}),
    S.RESOLVED.value: frozenset({S.IN_PROGRESS.value}),
    S.FOLLOWED_UP.value: frozenset({S.IN_PROGRESS.value}),
}
OPEN_STATUSES = frozenset({S.PENDING.value, S.IN_PROGRESS.value, S.ESCALATED.value})


def can_move(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def follow_up_result(verdict: str) -> str:
    """Status after a follow-up: unsatisfied reopens the need, otherwise it is 已回访."""
    return S.IN_PROGRESS.value if verdict == FollowUpVerdict.UNSATISFIED.value else S.FOLLOWED_UP.value


def status_label(code: str | None) -> str:
    try:
        return NeedStatus(code).label
    except ValueError:
        return code or ""
