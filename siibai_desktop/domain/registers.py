"""The 3必知 registers' closed sets: conflicts, community resources, environmental problems."""

from __future__ import annotations

from .enums import Labelled


class ConflictKind(Labelled):
    NEIGHBOUR = ("neighbour", "邻里纠纷")
    FAMILY = ("family", "家庭纠纷")
    PROPERTY = ("property", "物业纠纷")
    GROUP = ("group", "群体性矛盾")
    INSTABILITY = ("instability", "不稳定因素")
    OTHER = ("other", "其他")


class ConflictStatus(Labelled):
    OPEN = ("open", "排查中")
    MEDIATING = ("mediating", "调解中")
    ESCALATED = ("escalated", "已上报")
    RESOLVED = ("resolved", "已化解")


class RiskLevel(Labelled):
    LOW = ("low", "一般")
    MEDIUM = ("medium", "较大")
    HIGH = ("high", "重大")


class ResourceKind(Labelled):
    PARTNER_ORG = ("partner_org", "共建单位")
    VOLUNTEER_TEAM = ("volunteer_team", "志愿者队伍")
    SKILLED_RESIDENT = ("skilled_resident", "能人达人")


class EnvironmentKind(Labelled):
    GROUP_RENTAL = ("group_rental", "群租")
    CORRIDOR_CLUTTER = ("corridor_clutter", "楼道堆物")
    ILLEGAL_BUILDING = ("illegal_building", "违建")
    FACILITY_DAMAGE = ("facility_damage", "设施损坏")
    SANITATION = ("sanitation", "环境卫生")
    PARKING = ("parking", "乱停车")
    OTHER = ("other", "其他")


class IssueStatus(Labelled):
    OPEN = ("open", "待处理")
    HANDLING = ("handling", "处理中")
    RESOLVED = ("resolved", "已解决")


CLOSED_CONFLICT = {ConflictStatus.RESOLVED.value}
CLOSED_ISSUE = {IssueStatus.RESOLVED.value}
