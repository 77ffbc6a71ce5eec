"""Import rules: one transaction, updates instead of duplicates, households by address and
relation, remembered column mappings, the error file."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
import python_calamine
import xlsxwriter
from sqlalchemy import func, select, text

from siibai_desktop.db.models import Household, Resident, ResidentTag
from siibai_desktop.services import roster_import
from siibai_desktop.services.audit import AuditFilter, list_entries
from siibai_desktop.services.database import open_app_database
from siibai_desktop.services.households import add_household
from siibai_desktop.services.policy import SessionUser
from siibai_desktop.services.residents import add_resident, get_resident
from siibai_desktop.services.roster_columns import IGNORED, remember_mapping, saved_mapping
from siibai_desktop.services.roster_import import (
    ImportCancelled, apply_import, import_roster, preview_import, save_error_file,
)
from siibai_desktop.services.search import ResidentQuery, search_residents
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id


def write(path, headers, rows, title=None):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名单")
    start = 0
    if title:
        sheet.write_string(0, 0, title)
        start = 1
    sheet.write_row(start, 0, headers)
    for i, row in enumerate(rows, start=start + 1):
        for j, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(i, j, value)
            elif value is not None:
                sheet.write(i, j, value)
    book.close()
    return path


def roster_snapshot(db):
    with db.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(Resident)),
            s.scalar(select(func.count()).select_from(Household)),
            s.scalar(select(func.count()).select_from(ResidentTag)),
            sorted(s.execute(select(Resident.id, Resident.name, Resident.phone, Resident.version)).all()),
        )


def big_file(tmp_path, n=5000):
    rows = []
    for i in range(n):
        born = dt.date(1940, 1, 1) + dt.timedelta(days=i * 3)
        rows.append([f"居民{i}", make_id(born, male=i % 2 == 0, seq=i % 400), f"枫桥苑 {i // 40 + 1}号 {i % 40 + 101}",
                     "户主" if i % 3 == 0 else "子女", "党员" if i % 10 == 0 else ""])
    return write(tmp_path / "big.xlsx", ["姓名", "身份证号", "地址", "与户主关系", "标签"], rows)


def test_cancel_in_the_middle_leaves_nothing(demo_db, tmp_path):
    path = big_file(tmp_path)
    before = roster_snapshot(demo_db)
    preview = preview_import(demo_db, path)
    seen = []

    def cancel():
        return len(seen) >= 2  # after the writing has begun

    def progress(done, total, stage):
        if stage == "写入花名册":
            seen.append(done)

    with pytest.raises(ImportCancelled, match="没有任何改动"):
        apply_import(demo_db, preview, progress=progress, cancel=cancel)
    assert seen and roster_snapshot(demo_db) == before


def _crash_after_residents(monkeypatch):
    """The residents are written; writing their tags then fails."""
    real = roster_import._insert_rows
    calls = []

    def failing(session, model, columns, rows):
        calls.append(model)
        real(session, model, columns, rows)
        if model.__name__ == "ResidentTag":
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(roster_import, "_insert_rows", failing)
    return calls


def test_a_crash_in_the_middle_leaves_nothing(demo_db, tmp_path, monkeypatch):
    path = big_file(tmp_path, 600)
    before = roster_snapshot(demo_db)
    calls = _crash_after_residents(monkeypatch)
    with pytest.raises(RuntimeError):
        import_roster(demo_db, path)
    assert calls and roster_snapshot(demo_db) == before


def _indexes(db):
    with db.reading() as s:
        return sorted(s.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index'")).all())


@pytest.mark.sqlite_only
def test_a_first_big_import_rebuilds_the_indexes_and_a_crash_keeps_them(db, tmp_path, monkeypatch):
    # 6,000 rows into an empty roster: the indexes are dropped during the load and built again
    path = big_file(tmp_path, 6000)
    indexes, before = _indexes(db), roster_snapshot(db)
    assert any(name == "ix_residents_search" for name, _sql in indexes)
    calls = _crash_after_residents(monkeypatch)
    with pytest.raises(RuntimeError):
        import_roster(db, path)
    assert calls and roster_snapshot(db) == before and _indexes(db) == indexes
    monkeypatch.undo()
    result = import_roster(db, path)
    assert result.residents_created == 6000 and _indexes(db) == indexes
    with db.reading() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        plan = " ".join(r[-1] for r in s.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM residents WHERE birth_date > '1950-01-01'")))
        assert "ix_residents_birth" in plan  # the rebuilt index is used


def test_two_pcs_importing_the_same_file_at_once_bring_each_resident_in_once(db, db_url, clock, tmp_path):
    # both previews are made before either import writes; then both import at the same moment
    path = big_file(tmp_path, 300)
    other = open_app_database(db_url, clock=clock)
    try:
        previews = [preview_import(db, path), preview_import(other, path)]
        results, failures = [None, None], []
        start = threading.Barrier(2)

        def run(i, database):
            start.wait()
            try:
                results[i] = apply_import(database, previews[i])
            except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
                failures.append(exc)

        threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate((db, other))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        other.close()
    assert failures == []
    assert sorted(r.residents_created for r in results) == [0, 300]
    assert sorted(r.households_created for r in results)[0] == 0  # the second finds the first's households
    snapshot = roster_snapshot(db)
    assert snapshot[0] == 300 and snapshot[1] == max(r.households_created for r in results)


def test_existing_resident_is_updated_not_duplicated_and_preview_shows_changes(db, tmp_path):
    hid = add_household(db, HouseholdInput(compound="枫桥苑", building="12", room="0502"))
    number = make_id(dt.date(1950, 5, 5))
    rid = add_resident(db, ResidentInput(household_id=hid, name="张三", id_number=number, phone="13800000000",
                                         relation="head")).id
    path = write(tmp_path / "u.xlsx", ["姓名", "身份证号", "联系电话", "小区", "地址", "与户主关系"], [
        ["张三", number, "13911112222", "枫桥苑", "12号0502室", "户主"],
        ["李四", make_id(dt.date(1952, 2, 2), male=False, seq=5), "", "枫桥苑", "12号0502室", "配偶"],
    ])
    preview = preview_import(db, path)
    zhang, li = preview.rows
    assert zhang.existing_id == rid and li.existing_id is None
    assert ("电话", "13800000000", "13911112222") in zhang.changes
    assert preview.counts() == {"rows_read": 2, "residents_created": 1, "residents_updated": 1,
                                "residents_unchanged": 0, "households_created": 0, "rows_rejected": 0}
    result = apply_import(db, preview)
    assert (result.residents_created, result.residents_updated, result.households_created) == (1, 1, 0)
    detail = get_resident(db, rid)
    assert detail.phone == "13911112222" and detail.version == 2 and detail.household_id == hid
    # the audit trail keeps the import: file, counts, the new residents, the change (phones masked)
    admin = SessionUser(None, "admin", "管理员", "admin")
    entry, = list_entries(db, admin, AuditFilter(action="import"))
    assert entry.action_label == "导入花名册" and entry.target == "u.xlsx"
    logged = json.loads(entry.detail)
    assert logged["residents_created"] == 1 and logged["residents_updated"] == 1
    assert logged["修改"] == [{"居民": rid, "变化": [["电话", "138****0000", "139****2222"]]}]
    assert "13911112222" not in entry.detail
    assert {r.household_id for r in search_residents(db, ResidentQuery())} == {hid}
    # importing the same file again changes nothing and duplicates nobody
    again = import_roster(db, path)
    assert (again.residents_created, again.residents_updated, again.residents_unchanged) == (0, 0, 2)
    assert len(search_residents(db, ResidentQuery())) == 2
    assert get_resident(db, rid).version == 2  # nothing new: not even the version moves


def test_empty_cells_never_blank_what_the_roster_knows(db, tmp_path):
    hid = add_household(db, HouseholdInput(compound="枫桥苑", building="1", room="101"))
    number = make_id(dt.date(1950, 5, 5))
    rid = add_resident(db, ResidentInput(household_id=hid, name="张三", id_number=number, phone="13800000000",
                                         relation="head", residence_status="non_local")).id
    import_roster(db, write(tmp_path / "e.xlsx", ["姓名", "身份证号", "联系电话", "地址", "户籍状态"],
                            [["张三", number, "", "枫桥苑1号101室", ""]]))
    detail = get_resident(db, rid)
    assert (detail.phone, detail.residence_status, detail.relation) == ("13800000000", "non_local", "head")


def test_households_by_address_and_relation_never_by_surname(db, tmp_path):
    ids = [make_id(dt.date(1950 + i, 1, 1), seq=i) for i in range(6)]
    path = write(tmp_path / "h.xlsx", ["姓名", "身份证号", "地址", "与户主关系"], [
        ["张一", ids[0], "枫桥苑1号101室", "户主"],
        ["李二", ids[1], "枫桥苑1号101室", "妻子"],     # other surname, same household
        ["张三", ids[2], "枫桥苑1号102室", "户主"],     # same surname, other household
        ["王四", ids[3], "枫桥苑1号101室", "户主"],     # second 户主 at 101: a household of its own
        ["王五", ids[4], "枫桥苑1号101室", "子女"],     # follows the household above it
        ["赵六", ids[5], "枫桥苑1号103室", ""],
    ])
    result = import_roster(db, path)
    assert result.households_created == 4
    rows = {r.name: r.household_id for r in search_residents(db, ResidentQuery())}
    assert rows["张一"] == rows["李二"] != rows["张三"]
    assert rows["王四"] == rows["王五"] != rows["张一"]


def test_household_number_column_keeps_split_households_apart(db, tmp_path):
    ids = [make_id(dt.date(1960 + i, 1, 1), seq=i) for i in range(4)]
    path = write(tmp_path / "k.xlsx", ["户号", "姓名", "身份证号", "地址", "与户主关系"], [
        [7, "甲", ids[0], "枫桥苑1号101室", "户主"],
        [9, "乙", ids[1], "枫桥苑1号101室", "户主"],
        [7, "丙", ids[2], "枫桥苑1号101室", "子女"],
        [9, "丁", ids[3], "枫桥苑1号101室", "子女"],
    ])
    import_roster(db, path)
    rows = {r.name: r.household_id for r in search_residents(db, ResidentQuery())}
    assert rows["甲"] == rows["丙"] != rows["乙"] == rows["丁"]


def test_same_id_twice_second_is_the_error(db, tmp_path):
    number = make_id(dt.date(1950, 1, 1))
    path = write(tmp_path / "d.xlsx", ["姓名", "身份证号", "地址"], [
        ["甲", number, "枫桥苑1号101室"], ["乙", number, "枫桥苑1号102室"]], title="花名册")
    preview = preview_import(db, path)
    first, second = preview.rows
    assert first.status == "ok"
    assert second.errors[0].row == 4 and second.errors[0].column == "身份证号"
    assert "与第 3 行身份证号重复" in second.errors[0].message


def test_warnings_do_not_block(db, tmp_path):
    number = make_id(dt.date(1950, 1, 1), male=True)
    path = write(tmp_path / "w.xlsx", ["姓名", "身份证号", "性别", "出生日期", "地址", "电话"], [
        ["甲", number, "女", "1951-01-01", "枫桥苑1号101室", "62345678"]])
    result = import_roster(db, path)
    assert result.residents_created == 1 and result.exit_code == 0
    messages = " ".join(w.message for w in result.warnings)
    assert "性别与身份证号不符" in messages and "出生日期与身份证号不符" in messages and "区号" in messages


def test_unmapped_columns_are_reported_and_mapping_is_remembered(db, tmp_path):
    headers = ["姓名", "身份证号", "住处", "楼组长电话", "爱好"]
    path = write(tmp_path / "m.xlsx", headers, [["甲", make_id(dt.date(1950, 1, 1)), "枫桥苑1号101室", "", "下棋"]])
    preview = preview_import(db, path)
    assert preview.unmapped_columns == ["住处", "楼组长电话", "爱好"]
    assert "地址为空" in preview.rows[0].errors[0].message
    mapping = dict(preview.mapping) | {2: "address", 3: IGNORED}
    remember_mapping(preview.headers, mapping)
    assert saved_mapping(preview.headers) == mapping
    again = preview_import(db, path)  # the next file with the same headers
    assert again.mapping == mapping and again.rows[0].status == "ok"
    assert again.unmapped_columns == ["楼组长电话", "爱好"]


def test_error_file_holds_rejected_rows_as_they_were_plus_reason(db, tmp_path):
    path = write(tmp_path / "e.xlsx", ["姓名", "身份证号", "地址"], [
        ["甲", make_id(dt.date(1950, 1, 1)), "枫桥苑1号101室"],
        ["乙", 310105195001010000, "枫桥苑1号102室"],
        ["", "", "枫桥苑1号103室"],
    ])
    preview = preview_import(db, path)
    out = tmp_path / "errors.xlsx"
    assert save_error_file(preview, out) == 2
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0] == ["姓名", "身份证号", "地址", "错误原因"]
    assert rows[1][:3] == ["乙", 310105195001010000.0, "枫桥苑1号102室"]
    assert "身份证号：身份证号被 Excel 存成了数字" in rows[1][3]
    assert "姓名为空" in rows[2][3]
    # fixed and imported again, the error file is a roster like any other
    assert preview_import(db, out).rows[1].errors[0].message.startswith("姓名为空")


def test_exit_codes(db, tmp_path):
    good = write(tmp_path / "g.xlsx", ["姓名", "身份证号", "地址"], [["甲", make_id(dt.date(1950, 1, 1)), "枫桥苑1号101室"]])
    assert import_roster(db, good, dry_run=True).exit_code == 0
    assert roster_snapshot(db)[0] == 0  # dry run wrote nothing
    bad = write(tmp_path / "b.xlsx", ["姓名", "身份证号", "地址"], [["甲", "123", "枫桥苑1号101室"]])
    result = import_roster(db, bad)
    assert result.exit_code == 1 and result.residents_created == 0


def test_roster_changed_between_preview_and_import_is_matched_again(db, tmp_path):
    number = make_id(dt.date(1950, 5, 5))
    path = write(tmp_path / "c.xlsx", ["姓名", "身份证号", "地址", "联系电话"],
                 [["张三", number, "枫桥苑1号101室", "13911112222"]])
    preview = preview_import(db, path)
    assert preview.rows[0].existing_id is None
    hid = add_household(db, HouseholdInput(compound="枫桥苑", building="1", room="101"))
    rid = add_resident(db, ResidentInput(household_id=hid, name="张三", id_number=number)).id  # meanwhile
    result = apply_import(db, preview)
    assert (result.residents_created, result.residents_updated, result.households_created) == (0, 1, 0)
    assert get_resident(db, rid).phone == "13911112222"
    assert len(search_residents(db, ResidentQuery())) == 1
