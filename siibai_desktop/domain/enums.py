"""Closed sets of values. The database stores the code (English); the user sees `label`."""

from __future__ import annotations

import enum


class Labelled(str, enum.Enum):
    """A str enum whose members carry a Chinese label: Member = ("code", "标签")."""

    def __new__(cls, code: str, label: str):
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def from_label(cls, text: str):
        text = (text or "").strip()
        for member in cls:
            if text in (member.label, member.value):
                return member
        raise ValueError(text)

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class Sex(Labelled):
    MALE = ("M", "男")
    FEMALE = ("F", "女")


class ResidenceStatus(Labelled):
    REGISTERED = ("registered", "户籍在册")
    REGISTERED_ELSEWHERE = ("registered_elsewhere", "人户分离")
    NON_LOCAL = ("non_local", "外来人员")


class ResidentState(Labelled):
    CURRENT = ("current", "在册")
    MOVED_OUT = ("moved_out", "已迁出")
    DIED = ("died", "已故")


class LifeEventKind(Labelled):
    MOVED_IN = ("moved_in", "迁入")
    MOVED_OUT = ("moved_out", "迁出")
    DIED = ("died", "死亡")
    MOVED_HOUSEHOLD = ("moved_household", "户内迁移")
    SPLIT = ("split", "分户")


class HouseholdType(Labelled):
    FAMILY = ("family", "家庭户")
    COLLECTIVE = ("collective", "集体户")
    RENTED = ("rented", "租户")


class Relation(Labelled):
    HEAD = ("head", "户主")
    SPOUSE = ("spouse", "配偶")
    CHILD = ("child", "子女")
    CHILD_IN_LAW = ("child_in_law", "儿媳/女婿")
    GRANDCHILD = ("grandchild", "孙子女")
    PARENT = ("parent", "父母")
    SIBLING = ("sibling", "兄弟姐妹")
    TENANT = ("tenant", "租客")
    OTHER = ("other", "其他")


class StaffRole(Labelled):
    SECRETARY = ("secretary", "书记")
    DIRECTOR = ("director", "主任")
    STAFF = ("staff", "社工")
