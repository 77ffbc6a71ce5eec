"""What the other person changed, for a save refused by the optimistic lock.

`conflict_error(db, Model, id, form, "该居民")` builds a ConflictError whose `changes`
maps each differing field's Chinese label to (mine, theirs), and whose message names who
saved last and when (from the audit trail). ID numbers and phones are shown masked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sqlalchemy import select

from ..db.audit import redact
from ..db.engine import Database
from ..db.models.accounts import AuditEntry, User
from .errors import ConflictError

LABELS = {
    "name": "姓名", "id_number": "身份证号", "sex": "性别", "birth_date": "出生日期", "phone": "电话",
    "relation": "与户主关系", "residence_status": "户籍状态", "moved_in_on": "迁入日期",
    "household_id": "所在户", "notes": "备注", "room": "室号", "household_type": "户别",
    "last_verified_on": "核实日期", "state": "状态", "status": "状态", "title": "标题",
    "description": "内容", "category": "类别",
}


def _same(a: Any, b: Any) -> bool:
    return (a or None) == (b or None) or str(a or "") == str(b or "")


def _shown(field: str, value: Any) -> Any:
    value = redact(field, value)
    return "" if value is None else value


def conflict_error(db: Database, model: type, record_id: int, form: Any, what: str = "该记录",
                   labels: dict[str, str] | None = None) -> ConflictError:
    """A ConflictError describing how the saved record differs from the form being saved."""
    labels = {**LABELS, **(labels or {})}
    mine = dataclasses.asdict(form) if dataclasses.is_dataclass(form) else dict(form)
    changes: dict[str, tuple[Any, Any]] = {}
    who = when = None
    with db.reading() as session:
        current = session.get(model, record_id)
        if current is not None:
            for field, value in mine.items():
                if hasattr(current, field) and field in model.__table__.c:
                    theirs = getattr(current, field)
                    if not _same(value, theirs):
                        changes[labels.get(field, field)] = (_shown(field, value), _shown(field, theirs))
        last = session.execute(
            select(AuditEntry.actor, AuditEntry.at)
            .where(AuditEntry.target == f"{model.__table__.name}#{record_id}")
            .where(AuditEntry.action.in_(("update", "delete")))
            .order_by(AuditEntry.id.desc()).limit(1)
        ).first()
        if last is not None:
            name = session.scalar(select(User.display_name).where(User.username == last.actor))
            who, when = name or last.actor, last.at
    if current is None:
        return ConflictError(f"{what}已被其他人删除。", {})
    by = f"已被 {who} 于 {when:%m-%d %H:%M} 修改" if who and isinstance(when, dt.datetime) else "已被其他人修改"
    return ConflictError(f"{what}{by}，您的修改没有保存。请重新载入后再改。", changes)
