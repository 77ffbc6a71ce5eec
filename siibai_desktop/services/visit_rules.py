"""The 7必访 rules stored as data: read them, edit them, add the office's own rules on the
settings page, and turn a rule off or on. Rules are never deleted: a rule that was in use
is turned off (停用), so what it explained about past lists stays readable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..db.engine import Database
from ..db.models import Tag
from ..db.models.visits import VisitRule
from ..db.write_guard import check_may_write
from ..domain.text import clean_text
from ..domain.visits import VisitMode, join_codes, parse_modes
from .errors import ConflictError, NotFound, ValidationFailed


@dataclass(frozen=True)
class RuleInfo:
    id: int
    version: int
    code: str
    name: str
    tag_id: int | None
    tag_name: str | None
    min_age: int | None
    living_alone: bool
    moved_in_within_days: int | None
    interval_days: int
    counting_modes: tuple[str, ...]
    warn_days: int
    active: bool
    sort_order: int
    description: str

    @property
    def once(self) -> bool:
        """One-off rule (new residents): due once after moving in, not every interval."""
        return self.moved_in_within_days is not None

    @property
    def has_criteria(self) -> bool:
        return self.min_age is not None or self.living_alone or self.moved_in_within_days is not None

    @property
    def mode_labels(self) -> str:
        return "、".join(VisitMode(m).label for m in self.counting_modes)


@dataclass
class RuleInput:
    name: str
    tag_id: int | None
    interval_days: int
    counting_modes: tuple[str, ...] | list[str] | str
    warn_days: int
    active: bool = True
    min_age: int | None = None
    living_alone: bool = False
    moved_in_within_days: int | None = None
    description: str = ""


def rules_in(session: Session, active_only: bool = False) -> list[RuleInfo]:
    """Rules in display order, read inside an open session."""
    stmt = (select(VisitRule, Tag.name).outerjoin(Tag, VisitRule.tag_id == Tag.id)
            .order_by(VisitRule.sort_order, VisitRule.id))
    if active_only:
        stmt = stmt.where(VisitRule.active.is_(True))
    return [
        RuleInfo(
            id=r.id, version=r.version, code=r.code, name=r.name, tag_id=r.tag_id, tag_name=tag_name,
            min_age=r.min_age, living_alone=bool(r.living_alone), moved_in_within_days=r.moved_in_within_days,
            interval_days=r.interval_days, counting_modes=parse_modes(r.counting_modes), warn_days=r.warn_days,
            active=bool(r.active), sort_order=r.sort_order, description=r.description,
        )
        for r, tag_name in session.execute(stmt)
    ]


def list_rules(db: Database, active_only: bool = False) -> list[RuleInfo]:
    """Every 7必访 rule, in the order the settings page shows them."""
    with db.reading() as session:
        return rules_in(session, active_only)


NAME_MAX = 40  # the column's width
OFFICE_CODE = "office_"  # codes of rules an office adds: office_1, office_2, …


def _check(session: Session, data: RuleInput, rule_id: int | None = None) -> dict[str, str]:
    """{field: Chinese message} for what is wrong with `data` (cleaned in place); `rule_id`
    is the rule being edited (its own name is not a duplicate), None for a new rule."""
    errors: dict[str, str] = {}
    data.name = clean_text(data.name)
    if not data.name:
        errors["name"] = "规则名称不能为空"
    elif len(data.name) > NAME_MAX:
        errors["name"] = f"规则名称不能超过 {NAME_MAX} 个字"
    elif session.scalar(select(VisitRule.id).where(VisitRule.name == data.name, VisitRule.id != (rule_id or 0))):
        errors["name"] = f"已有名为“{data.name}”的规则，请换一个名称"
    modes = data.counting_modes
    data.counting_modes = parse_modes(modes) if isinstance(modes, str) else parse_modes(",".join(modes))
    if not data.counting_modes:
        errors["counting_modes"] = "至少选择一种计入的走访方式"
    if not isinstance(data.interval_days, int) or data.interval_days < 1 or data.interval_days > 3660:
        errors["interval_days"] = "走访周期应为 1 到 3660 天"
    if not isinstance(data.warn_days, int) or data.warn_days < 0 or data.warn_days > 365:
        errors["warn_days"] = "提前提醒天数应为 0 到 365 天"
    elif not errors.get("interval_days") and data.warn_days >= data.interval_days:
        errors["warn_days"] = "提前提醒天数应小于走访周期"
    if data.min_age is not None and not 0 <= data.min_age <= 130:
        errors["min_age"] = "年龄应为 0 到 130 岁"
    if data.moved_in_within_days is not None and not 1 <= data.moved_in_within_days <= 3660:
        errors["moved_in_within_days"] = "迁入天数应为 1 到 3660 天"
    if data.tag_id is not None and session.get(Tag, data.tag_id) is None:
        errors["tag_id"] = "该标签不存在"
    if data.tag_id is None and data.min_age is None and not data.living_alone and data.moved_in_within_days is None:
        errors["tag_id"] = "请至少设置一个条件：标签、年龄、独居或迁入天数"
    return errors


STALE_RULE = "该规则已被其他人修改，请重新载入后再改。"


def _rule_as_read(session: Session, rule_id: int, expected_version: int) -> VisitRule:
    """The rule, if nobody has saved it since the caller read `expected_version`."""
    rule = session.get(VisitRule, rule_id)
    if rule is None:
        raise NotFound("该走访规则不存在")
    if rule.version != expected_version:
        raise ConflictError(STALE_RULE)
    return rule


def update_rule(db: Database, rule_id: int, data: RuleInput, expected_version: int) -> None:
    """Save an edited rule; refused if someone else saved it since it was read."""
    try:
        with db.transaction() as session:
            rule = _rule_as_read(session, rule_id, expected_version)
            errors = _check(session, data, rule_id)
            if errors:
                raise ValidationFailed(errors)
            rule.name = data.name
            rule.tag_id = data.tag_id
            rule.min_age = data.min_age
            rule.living_alone = data.living_alone
            rule.moved_in_within_days = data.moved_in_within_days
            rule.interval_days = data.interval_days
            rule.counting_modes = join_codes(data.counting_modes)
            rule.warn_days = data.warn_days
            rule.active = data.active
            rule.description = clean_text(data.description)
    except StaleDataError as exc:
        raise ConflictError(STALE_RULE) from exc


def add_rule(db: Database, data: RuleInput) -> int:
    """An office's own rule (e.g. 失独家庭 every 30 days), checked as an edit is; listed
    after the existing rules, with a new code office_<n>. Returns its id."""
    check_may_write(db, "add_rule")  # a 只读 user hears that first, not what is wrong with the form
    try:
        with db.transaction() as session:
            errors = _check(session, data)
            if errors:
                raise ValidationFailed(errors)
            codes = session.scalars(select(VisitRule.code).where(VisitRule.code.like(OFFICE_CODE + "%")))
            number = 1 + max((int(c[len(OFFICE_CODE):]) for c in codes if c[len(OFFICE_CODE):].isdigit()),
                             default=0)
            last = session.scalar(select(func.max(VisitRule.sort_order))) or 0
            rule = VisitRule(
                code=f"{OFFICE_CODE}{number}", name=data.name, tag_id=data.tag_id, min_age=data.min_age,
                living_alone=data.living_alone, moved_in_within_days=data.moved_in_within_days,
                interval_days=data.interval_days, counting_modes=join_codes(data.counting_modes),
                warn_days=data.warn_days, active=data.active, sort_order=last + 1,
                description=clean_text(data.description),
            )
            session.add(rule)
            session.flush()
            return rule.id
    except IntegrityError as exc:  # another PC added a rule at the same moment and took the code
        raise ConflictError("刚才有其他人也新增了规则，请再保存一次。") from exc


def set_rule_active(db: Database, rule_id: int, active: bool, expected_version: int) -> None:
    """Turn a rule on or off (启用 / 停用). An inactive rule puts nobody on the due list;
    it stays stored with its history and can be turned on again."""
    check_may_write(db, "set_rule_active")
    try:
        with db.transaction() as session:
            _rule_as_read(session, rule_id, expected_version).active = active
    except StaleDataError as exc:
        raise ConflictError(STALE_RULE) from exc


def rule_input(rule: RuleInfo) -> RuleInput:
    """A form pre-filled from a stored rule."""
    return RuleInput(
        name=rule.name, tag_id=rule.tag_id, interval_days=rule.interval_days,
        counting_modes=rule.counting_modes, warn_days=rule.warn_days, active=rule.active,
        min_age=rule.min_age, living_alone=rule.living_alone,
        moved_in_within_days=rule.moved_in_within_days, description=rule.description,
    )
