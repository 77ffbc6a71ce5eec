"""The audit trail: every change with before/after, other events, append-only, tamper-evident."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from siibai_desktop.services import accounts
from siibai_desktop.services.audit import AuditFilter, export_entries, list_entries, record, verify_audit
from siibai_desktop.services.households import add_household, get_household, update_household
from siibai_desktop.services.policy import PermissionDenied, reveal_full_id
from siibai_desktop.services.residents import add_resident, get_resident, update_resident
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id

import datetime as dt


@pytest.fixture
def admin(db):
    return accounts.first_run_setup(db, "枫港居委会", "boss", "王书记", "secret123")


def _entries(db, admin, **flt):
    return list_entries(db, admin, AuditFilter(**flt))


def test_every_change_is_logged_with_who_what_and_before_after(db, admin):
    hid = add_household(db, HouseholdInput(compound="星港景苑", building="5", room="302", lane="314", road="长宁支路"))
    number = make_id(dt.date(1950, 3, 4))
    rid = add_resident(db, ResidentInput(household_id=hid, name="张三", id_number=number, phone="13812345678")).id
    detail = get_resident(db, rid)
    data = ResidentInput(household_id=hid, name="张三丰", id_number=number, phone="13812345678")
    update_resident(db, rid, data, detail.version)

    created = _entries(db, admin, action="create", text="residents#")
    assert created and created[0].actor == "boss" and created[0].target == f"residents#{rid}"
    updated = _entries(db, admin, action="update", text=f"residents#{rid}")
    assert len(updated) == 1
    changes = json.loads(updated[0].detail)["changes"]
    assert changes == {"name": ["张三", "张三丰"]}
    # The log itself never holds a full ID number or phone.
    everything = " ".join(e.detail for e in _entries(db, admin))
    assert number not in everything and "13812345678" not in everything


def test_household_change_is_logged(db, admin):
    hid = add_household(db, HouseholdInput(compound="星港景苑", building="5", room="302"))
    info = get_household(db, hid)
    update_household(db, hid, HouseholdInput(compound="星港景苑", building="5", room="303"), info.version)
    (entry,) = _entries(db, admin, action="update", text=f"households#{hid}")
    assert json.loads(entry.detail)["changes"]["room"] == ["302", "303"]


def test_a_failed_change_leaves_no_audit_entry(db, admin):
    from siibai_desktop.services.errors import ValidationFailed

    before = len(_entries(db, admin))
    with pytest.raises(ValidationFailed):
        add_resident(db, ResidentInput(household_id=999, name=""))
    assert len(_entries(db, admin)) == before


@pytest.mark.parametrize("action", ["export", "print", "certificate_issued", "certificate_reprinted",
                                    "certificate_voided"])
def test_services_record_exports_prints_and_certificates(db, admin, action):
    record(db, action, "花名册.xlsx", {"rows": 12})
    (entry,) = _entries(db, admin, action=action)
    assert entry.actor == "boss" and json.loads(entry.detail) == {"rows": 12}
    assert verify_audit(db).ok


def test_viewing_a_full_id_number_needs_a_reason_and_is_logged(db, admin):
    hid = add_household(db, HouseholdInput(compound="星港景苑", building="5"))
    number = make_id(dt.date(1950, 3, 4))
    rid = add_resident(db, ResidentInput(household_id=hid, name="张三", id_number=number)).id
    with pytest.raises(PermissionDenied, match="事由"):
        reveal_full_id(db, admin, rid, " ")
    full = reveal_full_id(db, admin, rid, "核对低保申请材料")
    assert full.id_number == number
    (entry,) = _entries(db, admin, action="reveal_full_id")
    assert entry.target == f"residents#{rid}" and "核对低保申请材料" in entry.detail
    accounts.create_user(db, admin, "ro", "只读者", "只读", "readonly1")
    reader = accounts.authenticate(db, "ro", "readonly1")
    with pytest.raises(PermissionDenied, match="只读"):
        reveal_full_id(db, reader, rid, "想看看")


def test_the_app_cannot_edit_or_delete_the_log(db, admin):
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="审计日志只能追加"):
            with db.engine.begin() as conn:
                conn.execute(text(sql))
    assert verify_audit(db).ok


def _disable_guard(conn, dialect):
    if dialect == "sqlite":
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
    else:
        conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))


def test_a_tampered_entry_is_detected_and_named(db, admin):
    for n in range(5):
        record(db, "export", f"file{n}.xlsx")
    assert verify_audit(db).ok
    target = list_entries(db, admin, AuditFilter(text="file2.xlsx"))[0].id
    with db.engine.begin() as conn:
        _disable_guard(conn, db.engine.dialect.name)
        conn.execute(text("UPDATE audit_log SET actor = '别人' WHERE id = :id"), {"id": target})
    result = verify_audit(db)
    assert not result.ok and result.first_bad_id == target
    assert f"第 {target} 条" in result.message


def test_a_deleted_entry_is_detected(db, admin):
    for n in range(4):
        record(db, "print", f"sheet{n}")
    last = list_entries(db, admin, limit=1)[0].id
    with db.engine.begin() as conn:
        _disable_guard(conn, db.engine.dialect.name)
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": last - 2})
    assert verify_audit(db).first_bad_id == last - 2
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id >= :id"), {"id": last - 2})
    result = verify_audit(db)
    assert not result.ok and "末尾" in result.reason


def test_only_administrators_browse_and_export(db, admin, tmp_path):
    accounts.create_user(db, admin, "li", "李敏", "staff", "staffpw1")
    staff = accounts.authenticate(db, "li", "staffpw1")
    with pytest.raises(PermissionDenied):
        list_entries(db, staff)
    n = export_entries(db, admin, tmp_path / "audit.csv")
    content = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    assert n >= 3 and content.startswith("序号,时间,操作人") and "登录" in content
    assert _entries(db, admin, action="audit_export")


def test_filters_by_date_actor_and_text(db, admin, clock):
    record(db, "export", "early.xlsx")
    clock.advance(days=2)
    record(db, "export", "late.xlsx")
    later = list_entries(db, admin, AuditFilter(date_from=clock.today()))
    assert [e.target for e in later] == ["late.xlsx"]
    assert list_entries(db, admin, AuditFilter(text="early"))[0].target == "early.xlsx"


def test_roster_export_is_logged(demo_db, tmp_path):
    from siibai_desktop.services.roster_export import export_roster
    from siibai_desktop.services.search import ResidentQuery

    admin = accounts.first_run_setup(demo_db, "枫港居委会", "boss", "王书记", "secret123")
    export_roster(demo_db, ResidentQuery(), tmp_path / "花名册.xlsx")
    (entry,) = _entries(demo_db, admin, action="export")
    assert entry.target == "花名册.xlsx" and json.loads(entry.detail)["count"] > 300  # current residents


def test_certificates_issued_reprinted_and_voided_are_logged(db, admin):
    from siibai_desktop.services import certificates as C

    hid = add_household(db, HouseholdInput(compound="星港景苑", building="5", room="302"))
    rid = add_resident(db, ResidentInput(household_id=hid, name="张三", id_number=make_id(dt.date(1950, 3, 4)),
                                         relation="head")).id
    template = C.template_by_name(db, "居住证明").id
    issued = C.issue_certificate(db, C.CertificateRequest(template, rid, "办理入学"))
    C.reprint_certificate(db, issued.id)
    C.void_certificate(db, issued.serial, "信息有误")
    trail = " ".join(f"{e.action} {e.target} {e.detail}" for e in _entries(db, admin, actor="boss"))
    assert f"certificates#{issued.id}" in trail
    for kind in ("issue", "reprint", "void"):
        assert f'"action": "{kind}"' in trail, kind
    assert verify_audit(db).ok


def test_saved_reports_are_logged_as_print_or_export(demo_db, admin_on_demo, tmp_path):
    from siibai_desktop.services import reports as R

    report = R.run_report(demo_db, "elderly90", dt.date(2026, 10, 1))
    R.save_report(report, tmp_path / "月报.pdf", db=demo_db)
    R.save_report(report, tmp_path / "月报.xlsx", db=demo_db)
    assert [e.target for e in _entries(demo_db, admin_on_demo, action="print")] == ["月报.pdf"]
    assert [e.target for e in _entries(demo_db, admin_on_demo, action="export")] == ["月报.xlsx"]


@pytest.fixture
def admin_on_demo(demo_db):
    return accounts.first_run_setup(demo_db, "枫港居委会", "boss", "王书记", "secret123")
