"""Masking by default everywhere a 工作人员 looks: lists, visit sheets, exports, the
command line. No full 18-digit ID number (nor full mobile) leaves the database unless a
role that allows it states a reason, and that is logged."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from siibai_desktop.db.models import Household, Resident
from siibai_desktop.services import accounts
from siibai_desktop.services.audit import AuditFilter, list_entries
from siibai_desktop.services.policy import PermissionDenied, authorize_full_numbers, reveal_full_id
from siibai_desktop.services.search import ResidentQuery, search_residents

FULL_ID = re.compile(r"\d{17}[\dX]")
FULL_MOBILE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture
def office(demo_db):
    admin = accounts.first_run_setup(demo_db, "枫港居委会", "wangsj", "王书记", "secret123")
    accounts.create_user(demo_db, admin, "li", "李敏", "工作人员", "staffpw1")
    staff = accounts.authenticate(demo_db, "li", "staffpw1")
    with demo_db.reading() as session:
        numbers = [n for n in session.scalars(select(Resident.id_number)) if n]
    assert len(numbers) > 300
    return demo_db, admin, staff, set(numbers)


def _assert_masked(text: str, numbers: set[str]) -> None:
    assert not FULL_ID.search(text), FULL_ID.search(text).group(0)
    assert not FULL_MOBILE.search(text)
    assert not any(n in text for n in numbers)


def test_roster_list_is_masked(office):
    db, _, _, numbers = office
    rows = search_residents(db, ResidentQuery(), limit=10_000)
    assert len(rows) > 300
    _assert_masked(repr(rows), numbers)


def test_visit_sheets_are_masked(office):
    from siibai_desktop.services.sheet_data import sheet_data

    db, _, _, numbers = office
    with db.reading() as session:
        ids = list(session.scalars(select(Household.id)))
    sheets = sheet_data(db, ids, {})
    assert sheets
    _assert_masked(repr(sheets), numbers)


def test_roster_export_is_masked(office, tmp_path):
    from python_calamine import CalamineWorkbook

    from siibai_desktop.services.roster_export import export_roster

    db, _, _, numbers = office
    out = tmp_path / "花名册.xlsx"
    export_roster(db, ResidentQuery(), out)
    book = CalamineWorkbook.from_path(str(out))
    cells = " ".join(str(c) for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()
                     for c in row)
    assert "*" in cells
    _assert_masked(cells, numbers)


def test_command_line_search_is_masked(office, capsys):
    from siibai_desktop.cli.main import main

    db, _, _, numbers = office
    assert main(["residents", "search", "--db", db.url, "--limit", "5000"]) == 0
    _assert_masked(capsys.readouterr().out, numbers)


def test_staff_cannot_export_full_numbers_and_readonly_cannot_view_them(office):
    db, admin, staff, _ = office
    with pytest.raises(PermissionDenied, match="工作人员"):
        authorize_full_numbers(db, staff, "上报街道", "花名册导出")
    accounts.create_user(db, admin, "ro", "", "只读", "readonly1")
    reader = accounts.authenticate(db, "ro", "readonly1")
    with pytest.raises(PermissionDenied):
        reveal_full_id(db, reader, 1, "核对身份")


def test_full_numbers_need_a_reason_and_are_logged(office):
    db, admin, staff, numbers = office
    with pytest.raises(PermissionDenied, match="事由"):
        authorize_full_numbers(db, admin, "", "花名册导出")
    authorize_full_numbers(db, admin, "上报街道低保复核", "花名册导出", count=400)
    full = reveal_full_id(db, staff, 1, "开具居住证明")
    assert full.id_number in numbers
    logged = list_entries(db, admin, AuditFilter(text="上报街道低保复核")) + \
        list_entries(db, admin, AuditFilter(action="reveal_full_id"))
    assert {e.actor for e in logged} == {"wangsj", "li"}
