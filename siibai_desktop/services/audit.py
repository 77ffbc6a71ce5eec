"""The audit trail for services: record events, browse, export, verify.

Changes to records are logged automatically (db.audit). Call `record` for what is not a
change: exports, prints, certificates issued / reprinted / voided, views of full
numbers. Pass the Session when inside a transaction (the entry then commits or rolls
back with the work), or the Database for a transaction of its own.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..db import audit as _audit
from ..db.engine import Database
from ..db.models.accounts import AuditEntry
from ..domain.roles import Permission
from .policy import SessionUser, require

ACTION_LABELS = {
    "create": "新增", "update": "修改", "delete": "删除",
    "login": "登录", "login_failed": "登录失败", "logout": "退出登录", "account_locked": "账户锁定",
    "account_unlocked": "账户解锁", "screen_locked": "闲置锁屏", "screen_unlocked": "解除锁屏",
    "password_changed": "修改密码", "password_reset": "重置密码",
    "export": "导出", "print": "打印", "certificate_issued": "开具证明",
    "certificate_reprinted": "补打证明", "certificate_voided": "作废证明",
    "reveal_full_id": "查看完整证件号", "full_numbers": "导出/打印完整号码",
    "import": "导入花名册", "backup": "备份", "restore": "恢复备份", "audit_export": "导出审计日志",
}


def record(target_db: Database | Session, action: str, target: str = "", detail: Any = None,
           actor: str | None = None) -> int:
    """Append one audit entry; return its number. `actor` defaults to the logged-in user."""
    if isinstance(target_db, Session):
        db = target_db.info.get("db")
        who = actor or (db.actor if db else _audit.SYSTEM_ACTOR)
        now = db.clock.now() if db else dt.datetime.now()
        return _audit.append(target_db.connection(), now, who, action, target, detail)
    with target_db.transaction() as session:
        return _audit.append(session.connection(), target_db.clock.now(), actor or target_db.actor,
                             action, target, detail)


def verify_audit(db: Database) -> _audit.VerifyResult:
    """Check the whole hash chain; the result names the first broken entry."""
    with db.engine.connect() as conn:
        return _audit.verify(conn)


@dataclass
class AuditFilter:
    text: str = ""            # in actor, target or detail
    actor: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    action_label: str
    target: str
    detail: str


def _query(flt: AuditFilter):
    stmt = select(AuditEntry)
    if flt.text.strip():
        like = f"%{flt.text.strip()}%"
        stmt = stmt.where(or_(AuditEntry.actor.like(like), AuditEntry.target.like(like),
                              AuditEntry.detail.like(like)))
    if flt.actor:
        stmt = stmt.where(AuditEntry.actor == flt.actor)
    if flt.action:
        stmt = stmt.where(AuditEntry.action == flt.action)
    if flt.date_from:
        stmt = stmt.where(AuditEntry.at >= dt.datetime.combine(flt.date_from, dt.time()))
    if flt.date_to:
        stmt = stmt.where(AuditEntry.at < dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time()))
    return stmt


def list_entries(db: Database, user: SessionUser, flt: AuditFilter | None = None,
                 limit: int = 500, offset: int = 0) -> list[AuditRow]:
    """Newest first. Administrators only."""
    require(user, Permission.VIEW_AUDIT)
    flt = flt or AuditFilter()
    with db.reading() as session:
        rows = session.scalars(_query(flt).order_by(AuditEntry.id.desc()).limit(limit).offset(offset))
        return [AuditRow(e.id, e.at, e.actor, e.action, ACTION_LABELS.get(e.action, e.action),
                         e.target, e.detail) for e in rows]


def count_entries(db: Database, user: SessionUser, flt: AuditFilter | None = None) -> int:
    require(user, Permission.VIEW_AUDIT)
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(_query(flt or AuditFilter()).subquery())) or 0


def actors(db: Database, user: SessionUser) -> list[str]:
    require(user, Permission.VIEW_AUDIT)
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor)))


def export_entries(db: Database, user: SessionUser, path: Path, flt: AuditFilter | None = None) -> int:
    """Write the filtered log to a CSV file (opens in Excel); return the number of lines."""
    require(user, Permission.VIEW_AUDIT)
    flt = flt or AuditFilter()
    with db.reading() as session:
        entries = [AuditRow(e.id, e.at, e.actor, e.action, ACTION_LABELS.get(e.action, e.action), e.target,
                            e.detail + "\t" + e.hash) for e in session.scalars(_query(flt).order_by(AuditEntry.id))]
    path = Path(path)
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(["序号", "时间", "操作人", "操作", "对象", "详情", "校验值"])
        for e in entries:
            detail, _, digest = e.detail.rpartition("\t")
            out.writerow([e.id, e.at.isoformat(sep=" "), e.actor, e.action_label, e.target, detail, digest])
    record(db, "audit_export", path.name, {"count": len(entries)}, actor=user.username)
    return len(entries)
