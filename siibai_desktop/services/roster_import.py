"""Importing a roster file: preview every row, then bring the good rows in, in ONE
transaction (a cancel, an error or a crash leaves the roster exactly as before).

    preview = preview_import(db, path)             # reads and checks; changes nothing
    result = apply_import(db, preview, progress=..., cancel=...)

Residents already on the roster (same ID number) are updated, never duplicated; only the
cells the file fills are changed. Households are formed by address and the relation
column (a second 户主 at the same address starts a second household), never by surname.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import and_, bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.write_guard import check_may_write
from ..db.fastpath import background_inserts, indexes_rebuilt_after
from ..db.fastpath import insert_many as _insert_many, insert_rows as _insert_rows
from ..db.models import Building, Committee, Compound, Household, Resident, ResidentTag, Tag
from ..domain.address import address_sort_key, format_address
from ..domain.masking import mask_phone
from ..domain.names import search_text_for
from .audit import record
from .errors import ConflictError, UserError
from .roster_columns import FIELDS, detect_header_row, mapping_for
from .roster_match import BATCH, Cancel, Progress, active_tags, existing_residents, resolve, roster_state, tag_ids, tick
from .roster_rows import NOTE_LABEL, ParsedRow, RowParser, cell_text, warm_up
from .roster_import_types import (  # noqa: F401  (re-exported: the import's public types)
    STATUS_LABELS, HouseholdPlan, ImportCancelled, ImportPreview, ImportResult,
)
from .spreadsheet import FileRejected, Workbook, open_workbook

# Tables an import reads and writes; locked in this order by every import.
LOCKED_TABLES = ("compounds", "buildings", "households", "residents", "tags", "resident_tags")


@contextmanager
def _no_gc_pauses():
    """A big import allocates hundreds of thousands of small objects that all stay alive;
    the cyclic collector would rescan them again and again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Everything made meanwhile sits in the youngest generation: the first collection
        # after enabling would walk all of it (0.3 s for a 100,000-row file). freeze() then
        # unfreeze() moves it to the oldest generation unwalked; it is scanned there with
        # the rest of the heap when Python next does a full collection.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def read_table(workbook: Workbook, sheet: str | None) -> tuple[list[list[object]], int]:
    """The sheet's rows and the index of its header row."""
    rows = workbook.read_sheet(sheet)
    if not any(any(cell_text(c) for c in r) for r in rows):
        raise FileRejected(f"工作表“{sheet or workbook.sheet_names[0]}”是空的")
    header = detect_header_row(rows)
    if header is None:
        raise FileRejected("找不到表头：前 30 行中没有包含“姓名”等列名的一行。请确认选对了工作表")
    return rows, header


def _read_while_warming_up(workbook: Workbook, sheet: str) -> tuple[list[list[object]], int]:
    """read_table on a second thread: calamine lets go of the GIL while it unpacks the file
    (about a second for 100,000 rows), and meanwhile this thread loads the tables the row
    checks need (ID region codes, pinyin phrases), which would otherwise come after."""
    out: dict[str, object] = {}

    def read() -> None:
        try:
            out["table"] = read_table(workbook, sheet)
        except BaseException as exc:  # raised again on the caller's thread
            out["error"] = exc

    reader = threading.Thread(target=read, name="read-roster-file", daemon=True)
    reader.start()
    warm_up()
    reader.join()
    if "error" in out:
        raise out["error"]
    return out["table"]


def preview_import(db: Database, path: str | Path, sheet: str | None = None,
                   mapping: dict[int, str] | None = None, workbook: Workbook | None = None,
                   progress: Progress | None = None, cancel: Cancel | None = None,
                   table: tuple[list[list[object]], int] | None = None) -> ImportPreview:
    """Read a roster file and check every row against the rules and the roster; saves nothing.

    `mapping` (column index -> field code) overrides the remembered or guessed one;
    `table` (rows, header index) is the sheet when the caller has read it already.
    """
    with _no_gc_pauses():
        return _preview(db, path, sheet, mapping, workbook, progress, cancel, table)


def _preview(db, path, sheet, mapping, workbook, progress, cancel, table) -> ImportPreview:
    workbook = workbook or open_workbook(path)
    sheet = sheet or workbook.sheet_names[0]
    rows, header_index = table or _read_while_warming_up(workbook, sheet)
    headers = [cell_text(c) for c in rows[header_index]]
    mapping = dict(mapping) if mapping is not None else mapping_for(headers)
    if "name" not in mapping.values():
        raise UserError("请指定哪一列是“姓名”")
    with db.reading() as session:
        known = tuple(session.scalars(select(Compound.name)))
        parsed, skipped = _parse_rows(rows, header_index, headers, mapping, db.clock.today(), known,
                                      progress, cancel)
        households, new_tags = resolve(session, parsed, db.clock.today(), progress, cancel)
        state = roster_state(session)
    return ImportPreview(Path(path), sheet, workbook.sheet_names, header_index + 1, headers, mapping,
                         parsed, households, skipped, new_tags, state)


def _parse_rows(rows, header_index, headers, mapping, today, known, progress, cancel):
    parser = RowParser(headers, mapping, today, known)
    parsed: list[ParsedRow] = []
    skipped: list[tuple[int, str]] = []
    total = len(rows) - header_index - 1
    for offset, row in enumerate(rows[header_index + 1:]):
        number = header_index + offset + 2
        if offset % 2000 == 0:
            tick(progress, cancel, offset, total, "检查各行")
        reason = parser.skip_reason(row)
        if reason:
            skipped.append((number, reason))
            continue
        parsed.append(parser.parse(row, number))
    return parsed, skipped


def apply_import(db: Database, preview: ImportPreview, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> ImportResult:
    """Import the preview's good rows in one transaction. If anyone changed the roster since
    the preview, the rows are matched against it again inside the transaction first."""
    check_may_write(db, "roster import")  # the fast path writes through the raw cursor, past the write guard
    today = db.clock.today()
    with _no_gc_pauses(), db.transaction() as session:
        if db.is_sqlite:
            # Take SQLite's write lock first: nobody can change the roster between the
            # check below and the writes, and the ids handed out by _insert_many are ours.
            session.execute(update(Committee).where(Committee.id < 0).values(name=Committee.name))
            session.execute(text("PRAGMA cache_size = -131072"))  # 128 MB: indexes updated in memory
        else:
            # PostgreSQL: an import on another PC, or an edit of the roster, waits until this
            # one commits (as SQLite's write lock does), so the check below is the truth.
            session.execute(text(f"LOCK TABLE {', '.join(LOCKED_TABLES)} IN SHARE ROW EXCLUSIVE MODE"))
        if roster_state(session) != preview.roster_state:  # the roster changed since the preview
            preview.households, preview.new_tags = resolve(session, preview.rows, today, progress, cancel)
        counts = preview.counts()
        created = _write(session, preview, today, progress, cancel)
        record(session, "import", preview.path.name, _audit_detail(preview, counts, created))
        tick(progress, cancel, 1, 1, "提交")
        if db.is_sqlite:
            session.execute(text("PRAGMA cache_size = -2000"))  # the pooled connection back to normal
    return _result(preview, counts, dry_run=False)


def _result(preview: ImportPreview, counts: dict[str, int], dry_run: bool) -> ImportResult:
    return ImportResult(counts["rows_read"], counts["residents_created"], counts["residents_updated"],
                        counts["households_created"], counts["rows_rejected"], preview.errors, preview.warnings,
                        preview.unmapped_columns, dry_run, counts["residents_unchanged"])


def dry_run_result(preview: ImportPreview) -> ImportResult:
    """What an import of this preview would do, without doing it."""
    return _result(preview, preview.counts(), dry_run=True)


def import_roster(db: Database, path: str | Path, sheet: str | None = None, dry_run: bool = False,
                  mapping: dict[int, str] | None = None, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> ImportResult:
    """Preview and import a file in one go (the command line and benchmarks)."""
    preview = preview_import(db, path, sheet, mapping, progress=progress, cancel=cancel)
    if dry_run or not preview.good_rows:
        return dry_run_result(preview) if dry_run else _result(preview, preview.counts(), False)
    return apply_import(db, preview, progress, cancel)


def _audit_detail(preview: ImportPreview, counts: dict[str, int], created: list[int]) -> dict:
    """What the audit trail keeps of an import: the file, the counts, the ids of the new
    residents, and every change made to residents already on the roster (phones masked)."""
    changed = [{"居民": r.existing_id, "变化": [[label, *(mask_phone(v) if label == "电话" else v for v in pair)]
                                               for label, *pair in r.changes if label != NOTE_LABEL]}
               for r in preview.rows if not r.errors and r.existing_id is not None and r.changes_anything]
    return {"文件": str(preview.path.name), "工作表": preview.sheet, **counts,
            "新增居民编号": f"{created[0]}–{created[-1]}" if created else "", "修改": changed}


def _write(session: Session, preview: ImportPreview, today: dt.date, progress, cancel) -> list[int]:
    """Write the preview's good rows; return the ids of the residents created."""
    plans = preview.households
    total = sum(len(p.rows) for p in plans)
    # compounds and buildings that are missing
    compounds = dict(session.execute(select(Compound.name, Compound.id)).all())
    for name in dict.fromkeys(p.address[0] for p in plans if p.existing_id is None):
        if name not in compounds:
            compounds[name] = session.scalar(insert(Compound).values(name=name, note="", version=1)
                                             .returning(Compound.id))
    buildings = {(c, r, lane, n): bid for bid, c, r, lane, n in session.execute(
        select(Building.id, Building.compound_id, Building.road, Building.lane, Building.number))}
    missing = []
    for p in plans:
        if p.existing_id is None:
            c, road, lane, number, _room = p.address
            key = (compounds[c], road, lane, number)
            if key not in buildings:
                buildings[key] = None
                missing.append({"compound_id": key[0], "road": road, "lane": lane, "number": number, "version": 1})
    if missing:
        ids = _insert_many(session, Building, missing)
        for row, bid in zip(missing, ids):
            buildings[(row["compound_id"], row["road"], row["lane"], row["number"])] = bid
    # households
    new_plans = [p for p in plans if p.existing_id is None]
    if new_plans:
        values = []
        for p in new_plans:
            c, road, lane, number, room = p.address
            values.append({
                "building_id": buildings[(compounds[c], road, lane, number)], "room": room,
                "household_type": "family", "phone": "", "notes": "", "address_text": _address_text(p.address),
                "address_sort": address_sort_key(*p.address), "version": 1,
            })
        with indexes_rebuilt_after(session, Household, len(values)):
            ids = _insert_many(session, Household, values)
    else:
        ids = []
    # the plans stay as previewed (a failed import can be tried again): new ids kept aside
    made = dict(zip(map(id, new_plans), ids))
    household_of = {id(p): p.existing_id if p.existing_id is not None else made[id(p)] for p in plans}
    old_ids = [p.existing_id for p in plans if p.existing_id is not None]
    old_texts: dict[int, str] = {}
    for start in range(0, len(old_ids), BATCH):
        old_texts.update(session.execute(select(Household.id, Household.address_text)
                                         .where(Household.id.in_(old_ids[start:start + BATCH]))).all())
    # tags that do not exist yet become office tags
    tag_of = tag_ids(session)
    for name in preview.new_tags:
        tag_of[name] = session.scalar(insert(Tag).values(
            name=name, is_system=False, description="导入花名册时新建", sort_order=1000, version=1,
        ).returning(Tag.id))

    done = 0
    updates, links = [], []
    existing = existing_residents(session, [r.id_number for p in plans for r in p.rows if r.existing_id])
    active = active_tags(session, [e.id for e in existing.values()], today)
    creating = sum(1 for p in plans for r in p.rows if r.existing_id is None)
    chunk, chunk_tags = [], []

    created: list[int] = []

    def send(add) -> None:  # new residents go to the writing thread 5,000 at a time
        ids = add(chunk)
        created.extend(ids)
        for rid, names in zip(ids, chunk_tags):
            for t in dict.fromkeys(names):
                links.append((rid, tag_of[t], today, "导入", 1))
        chunk.clear()
        chunk_tags.clear()
        tick(progress, cancel, done, total, "写入花名册")

    with indexes_rebuilt_after(session, Resident, creating), \
            background_inserts(session, Resident, RESIDENT_COLUMNS) as add:
        for p in plans:
            hid = household_of[id(p)]
            address = old_texts[hid] if p.existing_id is not None else _address_text(p.address)
            for r in p.rows:
                done += 1
                if done % 2000 == 0:
                    tick(progress, cancel, done, total, "写入花名册")
                if r.existing_id is None:
                    chunk.append(_new_values(r, hid, address))
                    chunk_tags.append(r.tags)
                    if len(chunk) == 5000:
                        send(add)
                elif r.changes_anything:  # an unchanged resident keeps its version: no false conflicts
                    old = existing[r.id_number]
                    updates.append(_update_values(r, old, hid, address))
                    for t in dict.fromkeys(r.tags):
                        if tag_of[t] not in active.get(old.id, ()):
                            links.append((old.id, tag_of[t], today, "导入", 1))
        if chunk:
            send(add)
    if updates:
        table = Resident.__table__
        stmt = (update(table).where(and_(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version")))
                .values({**{k: bindparam(k) for k in updates[0] if not k.startswith("b_")},
                         "updated_at": func.current_timestamp()}))
        changed = 0
        for start in range(0, len(updates), 5000):
            changed += session.connection().execute(stmt, updates[start:start + 5000]).rowcount
        if changed != len(updates):
            raise ConflictError("导入期间有人修改了花名册中的居民，请重新导入")
    if links:
        with indexes_rebuilt_after(session, ResidentTag, len(links)):
            _insert_rows(session, ResidentTag, LINK_COLUMNS, links)
    return created


@lru_cache(maxsize=4096)  # the households and then their people ask for the same text
def _address_text(address: tuple[str, str, str, str, str]) -> str:
    return format_address(*address)


RESIDENT_COLUMNS = ["household_id", "name", "sex", "birth_date", "id_number", "phone", "relation",
                    "residence_status", "moved_in_on", "state", "notes", "name_pinyin", "search_text", "version"]
LINK_COLUMNS = ["resident_id", "tag_id", "start_date", "note", "version"]


def _new_values(r: ParsedRow, household_id: int, address: str) -> list:
    """The new resident's row in RESIDENT_COLUMNS order."""
    full, search = search_text_for(r.name, r.id_number, r.phone, address)
    return [household_id, r.name, r.sex, r.birth_date, r.id_number or None, r.phone, r.relation or "other",
            r.residence_status or "registered", r.moved_in_on, "current", r.notes or "", full, search, 1]


def _update_values(r: ParsedRow, old, household_id: int, address: str) -> dict:
    name = r.name or old.name
    phone = r.phone or old.phone
    full, search = search_text_for(name, old.id_number, phone, address)
    return {
        "b_id": old.id, "b_version": old.version, "version": old.version + 1,
        "household_id": household_id, "name": name, "sex": r.sex or old.sex,
        "birth_date": r.birth_date or old.birth_date, "phone": phone, "relation": r.relation or old.relation,
        "residence_status": r.residence_status or old.residence_status,
        "moved_in_on": r.moved_in_on or old.moved_in_on, "notes": r.notes if r.notes is not None else old.notes,
        "name_pinyin": full, "search_text": search,
    }


def describe_fields() -> dict[str, str]:
    """Field code -> Chinese label, for the mapping screen."""
    return dict(FIELDS)


def save_error_file(preview: ImportPreview, out: str | Path) -> int:
    """Write the rejected rows of an import, as they were, with a reason column; return how many."""
    from .roster_export import write_error_file

    rejected = [(r.raw, "；".join(f"{e.column}：{e.message}" if e.column else e.message for e in r.errors))
                for r in preview.rows if r.errors]
    write_error_file(preview.headers, rejected, out)
    return len(rejected)
