"""Matching a roster file's checked rows against the roster: who is already on it (by ID
number), which households the rows form (by address and relation, never by surname) and
which existing households take them, and what each row would change. Read-only; the
preview shows it and the import writes it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..db.models import Building, Compound, Household, Resident, ResidentTag, Tag
from ..domain.address import format_address
from ..domain.enums import Relation, ResidenceStatus, Sex
from .roster_import_types import HouseholdPlan, ImportCancelled
from .roster_rows import NOTE_LABEL, ParsedRow

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]
BATCH = 500  # ids per IN (...) query


def tag_ids(session: Session) -> dict[str, int]:
    """Tag id by name, and by code for system tags: what a file's 标签 cell may say."""
    out = {name: tid for tid, name in session.execute(select(Tag.id, Tag.name))}
    out.update({code: tid for tid, code in session.execute(select(Tag.id, Tag.code).where(Tag.code.is_not(None)))})
    return out


def tick(progress: Progress | None, cancel: Cancel | None, done: int, total: int, stage: str) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled()
    if progress is not None:
        progress(done, total, stage)


def roster_state(session: Session) -> tuple:
    """Counts, last ids and version sums of the tables rows are matched against: equal
    states mean nobody added, changed or removed anything in between."""
    out: list = []
    for model in (Resident, Household, Building, Compound, Tag, ResidentTag):
        out.extend(session.execute(select(func.count(model.id), func.max(model.id), func.sum(model.version))).one())
    return tuple(out)


def existing_residents(session: Session, numbers: list[str]) -> dict[str, object]:
    """Residents on the roster holding these ID numbers, by number: one query per batch,
    or one query in all when the file covers a good part of the roster anyway."""
    columns = select(
        Resident.id, Resident.version, Resident.id_number, Resident.name, Resident.sex, Resident.birth_date,
        Resident.phone, Resident.relation, Resident.residence_status, Resident.moved_in_on, Resident.notes,
        Resident.household_id, Resident.state,
    )
    if not numbers:
        return {}
    on_roster = session.scalar(select(func.count(Resident.id))) or 0
    if on_roster == 0:
        return {}
    if len(numbers) * 4 >= on_roster:
        wanted = set(numbers)
        return {r.id_number: r for r in session.execute(columns.where(Resident.id_number.is_not(None)))
                if r.id_number in wanted}
    out = {}
    for start in range(0, len(numbers), BATCH):
        for r in session.execute(columns.where(Resident.id_number.in_(numbers[start:start + BATCH]))):
            out[r.id_number] = r
    return out


def household_addresses(session: Session) -> tuple[dict[tuple, list[int]], dict[int, str]]:
    by_address: dict[tuple, list[int]] = defaultdict(list)
    texts: dict[int, str] = {}
    for hid, compound, road, lane, number, room, address_text in session.execute(
        select(Household.id, Compound.name, Building.road, Building.lane, Building.number, Household.room,
               Household.address_text)
        .join(Building, Household.building_id == Building.id).join(Compound, Building.compound_id == Compound.id)
        .order_by(Household.id)
    ):
        by_address[(compound, road, lane, number, room)].append(hid)
        texts[hid] = address_text
    return by_address, texts


def active_tags(session: Session, resident_ids: list[int], today: dt.date) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(resident_ids), BATCH):
        chunk = resident_ids[start:start + BATCH]
        for rid, tid in session.execute(select(ResidentTag.resident_id, ResidentTag.tag_id).where(
            ResidentTag.resident_id.in_(chunk), ResidentTag.start_date <= today,
            or_(ResidentTag.end_date.is_(None), ResidentTag.end_date > today),
        )):
            out[rid].add(tid)
    return out


def resolve(session: Session, rows: list[ParsedRow], today: dt.date, progress, cancel):
    """Match rows to residents and households on the roster; record what each would change."""
    tick(progress, cancel, 0, 1, "对照花名册")
    good = [r for r in rows if not r.errors]
    existing = existing_residents(session, [r.id_number for r in good if r.id_number])
    tags = tag_ids(session)
    by_address, address_texts = household_addresses(session) if existing or _any_db_households(session) else ({}, {})
    active = active_tags(session, [e.id for e in existing.values()], today)
    tag_names = {tid: name for name, tid in tags.items()}

    # households: address + relation (+ 户号 when the file has one)
    plans: list[HouseholdPlan] = []
    by_key: dict[tuple, HouseholdPlan] = {}
    slots: dict[tuple, list[HouseholdPlan]] = defaultdict(list)
    for r in good:
        is_head = r.relation == Relation.HEAD.value
        if r.household_key:
            key = (r.address, r.household_key)
            plan = by_key.get(key)
            if plan is None:
                plan = by_key[key] = HouseholdPlan(r.address, keyed=True)
                plans.append(plan)
                slots[r.address].append(plan)
        else:
            at = slots[r.address]
            if not at or (is_head and at[-1].has_head) or at[-1].keyed:
                at.append(HouseholdPlan(r.address))
                plans.append(at[-1])
            plan = at[-1]
        plan.has_head = plan.has_head or is_head
        plan.rows.append(r)
        r.existing_id = existing[r.id_number].id if r.id_number in existing else None
    for address, at in slots.items():
        free = list(by_address.get(address, ()))
        for plan in at:  # a household already holding one of its people keeps them
            for r in plan.rows:
                current = existing[r.id_number].household_id if r.existing_id else None
                if current in free:
                    plan.existing_id = current
                    free.remove(current)
                    break
        for plan in at:
            if plan.existing_id is None and free:
                plan.existing_id = free.pop(0)
    new_tags: list[str] = []
    for index, plan in enumerate(plans):
        for r in plan.rows:
            r.household_index = index
            for t in r.tags:
                if t not in tags and t not in new_tags:
                    new_tags.append(t)
            r.changes = ([] if r.existing_id is None else
                         _changes(r, existing[r.id_number], plan, address_texts, active, tags, tag_names))
    return plans, new_tags


def _any_db_households(session: Session) -> bool:
    return session.scalar(select(Household.id).limit(1)) is not None


def _fmt(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _changes(r: ParsedRow, old, plan: HouseholdPlan, address_texts, active, tags, tag_names):
    out = []

    def note(label, before, after, shown=None):
        if after not in (None, "") and after != before:
            out.append((label, _fmt(shown(before) if shown else before), _fmt(shown(after) if shown else after)))

    note("姓名", old.name, r.name)
    note("性别", old.sex, r.sex, lambda v: Sex(v).label if v else "")
    note("出生日期", old.birth_date, r.birth_date)
    note("电话", old.phone, r.phone)
    note("与户主关系", old.relation, r.relation, lambda v: Relation(v).label if v else "")
    note("户籍状态", old.residence_status, r.residence_status, lambda v: ResidenceStatus(v).label if v else "")
    note("迁入日期", old.moved_in_on, r.moved_in_on)
    note("备注", old.notes, r.notes)
    if plan.existing_id != old.household_id:
        target = address_texts.get(plan.existing_id) if plan.existing_id else format_address(*plan.address) + "（新户）"
        out.append(("所在户", address_texts.get(old.household_id, ""), target))
    added = [t for t in r.tags if t not in tags or tags[t] not in active.get(old.id, ())]
    if added:
        have = "、".join(sorted(tag_names[t] for t in active.get(old.id, ()) if t in tag_names))
        out.append(("标签", have, "、".join(filter(None, [have, *added]))))
    if old.state != "current":
        out.append((NOTE_LABEL, "已不在册", "不变（导入不改变迁出/死亡状态）"))
    return out
