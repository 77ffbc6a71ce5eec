"""The audit trail: an append-only, hash-chained log written in the same transaction as
the change it describes.

Every ORM change is recorded generically (an `after_flush` hook on the Database's
sessions reads each object's attribute history), so new features are audited without
doing anything. Other events (logins, exports, prints, certificates, views of full ID
numbers) are written with `append`. Each entry's hash is SHA-256 over the previous
entry's hash and its own content; `verify` walks the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, event, inspect, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..domain.masking import mask_id_number, mask_phone
from .models.accounts import AuditEntry, AuditHead

SYSTEM_ACTOR = "系统"
# Bookkeeping columns that change on every save and say nothing to a reader.
IGNORED_FIELDS = frozenset({
    "version", "created_at", "updated_at", "search_text", "name_pinyin", "address_sort",
    "failed_attempts", "last_login_at", "locked_until",
})
_SKIP_CLASSES = (AuditEntry, AuditHead)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def redact(field: str, value: Any) -> Any:
    """What the log keeps of a value: passwords never, ID numbers and phones masked."""
    if value is None:
        return None
    if field == "password" or field.endswith("password_hash"):
        return "******"
    if "id_number" in field:
        return mask_id_number(str(value))
    if "phone" in field:
        return mask_phone(str(value))
    return _plain(value)


def entry_hash(prev_hash: str, entry_id: int, at: dt.datetime, actor: str, action: str,
               target: str, detail: str) -> str:
    content = json.dumps([entry_id, at.isoformat(sep=" "), actor, action, target, detail],
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def _detail_text(detail: Any) -> str:
    if detail is None:
        return ""
    if isinstance(detail, str):
        return detail
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


def append(conn: Connection, at: dt.datetime, actor: str, action: str, target: str = "",
           detail: Any = None) -> int:
    """Add one entry inside the caller's transaction; return its number."""
    return append_many(conn, at, actor, [(action, target, detail)])[-1]


def append_many(conn: Connection, at: dt.datetime, actor: str,
                entries: list[tuple[str, str, Any]]) -> list[int]:
    """Add entries (action, target, detail) in order, in one round of statements."""
    at = at.replace(microsecond=0, tzinfo=None)
    actor = (actor or SYSTEM_ACTOR)[:50]
    # Taking the head row first is the lock that keeps concurrent writers in one chain.
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + len(entries)))
    last, prev = conn.execute(select(AuditHead.seq, AuditHead.last_hash).where(AuditHead.id == 1)).one()
    seq = last - len(entries)
    rows = []
    for action, target, detail in entries:
        seq += 1
        text, target = _detail_text(detail), (target or "")[:100]
        digest = entry_hash(prev, seq, at, actor, action, target, text)
        rows.append({"id": seq, "at": at, "actor": actor, "action": action, "target": target, "detail": text,
                     "prev_hash": prev, "hash": digest})
        prev = digest
    conn.execute(insert(AuditEntry), rows)
    conn.execute(update(AuditHead).where(AuditHead.id == 1).values(last_hash=prev))
    return [r["id"] for r in rows]


def _session_actor_and_time(session: Session) -> tuple[str, dt.datetime]:
    db = session.info.get("db")
    if db is None:
        return SYSTEM_ACTOR, dt.datetime.now()
    return getattr(db, "actor", SYSTEM_ACTOR) or SYSTEM_ACTOR, db.clock.now()


def _target(obj: Any) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return f"{obj.__table__.name}#{'/'.join(str(k) for k in key)}"


def _columns(obj: Any):
    return [a for a in inspect(obj).mapper.column_attrs if a.key not in IGNORED_FIELDS]


def _changes(obj: Any) -> dict[str, list[Any]]:
    out = {}
    state = inspect(obj)
    for attr in _columns(obj):
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        before = hist.deleted[0] if hist.deleted else None
        after = hist.added[0] if hist.added else None
        if before != after:
            out[attr.key] = [redact(attr.key, before), redact(attr.key, after)]
    return out


def _values(obj: Any) -> dict[str, Any]:
    data = inspect(obj).dict
    return {a.key: redact(a.key, data[a.key]) for a in _columns(obj)
            if a.key != "id" and data.get(a.key) is not None}


def _after_flush(session: Session, _ctx) -> None:
    records = []
    for obj in session.new:
        if not isinstance(obj, _SKIP_CLASSES) and hasattr(obj, "__table__"):
            records.append(("create", _target(obj), {"table": obj.__table__.name, "values": _values(obj)}))
    for obj in session.dirty:
        if isinstance(obj, _SKIP_CLASSES) or not hasattr(obj, "__table__"):
            continue
        changes = _changes(obj)
        if changes:
            records.append(("update", _target(obj), {"table": obj.__table__.name, "changes": changes}))
    for obj in session.deleted:
        if not isinstance(obj, _SKIP_CLASSES) and hasattr(obj, "__table__"):
            records.append(("delete", _target(obj), {"table": obj.__table__.name, "values": _values(obj)}))
    if not records:
        return
    actor, at = _session_actor_and_time(session)
    append_many(session.connection(), at, actor, records)


def install(sessions: sessionmaker) -> None:
    """Audit every flush of sessions made by this factory."""
    if not event.contains(sessions, "after_flush", _after_flush):
        event.listen(sessions, "after_flush", _after_flush)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    count: int
    first_bad_id: int | None = None
    reason: str = ""

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计日志完整：共 {self.count} 条记录，校验全部通过。"
        return f"审计日志第 {self.first_bad_id} 条记录起已被改动或删除：{self.reason}"


def verify(conn: Connection) -> VerifyResult:
    """Walk the chain in order; report the first entry whose hash or link is wrong."""
    prev, expected, count = "", 1, 0
    table = AuditEntry.__table__
    for e in conn.execute(select(table).order_by(table.c.id)):
        if e.id != expected:
            return VerifyResult(False, count, expected, f"缺少第 {expected} 条记录")
        if e.prev_hash != prev:
            return VerifyResult(False, count, e.id, "与上一条记录的链接不符")
        if entry_hash(prev, e.id, e.at, e.actor, e.action, e.target, e.detail) != e.hash:
            return VerifyResult(False, count, e.id, "记录内容与其校验值不符")
        prev, expected, count = e.hash, expected + 1, count + 1
    head = conn.execute(select(AuditHead.seq, AuditHead.last_hash).where(AuditHead.id == 1)).first()
    if head is not None and (head.seq != count or head.last_hash != prev):
        return VerifyResult(False, count, count + 1, "日志末尾的记录被删除")
    return VerifyResult(True, count)
