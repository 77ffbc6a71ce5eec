"""The write guard at the session level: ORM statements as well as flushes, the account
columns a 只读 user may touch on their own row and no others, and installing it once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, event, func, insert, select, update

from siibai_desktop.db import write_guard
from siibai_desktop.db.models import Resident
from siibai_desktop.db.models.accounts import User
from siibai_desktop.db.models.certificates import CertificateCounter
from siibai_desktop.services.policy import PermissionDenied
from tests.accounts_builders import ACCOUNTS, log_in, office_accounts
from tests.visit_builders import household


@pytest.fixture
def reader_db(db):
    office_accounts(db)
    household(db, "302", people=[("王阿婆", dt.date(1941, 3, 1), None)])
    log_in(db, "只读")
    return db


def notes(db) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(Resident.notes)))


def test_orm_update_and_delete_statements_are_refused(reader_db):
    with pytest.raises(PermissionDenied, match="无权修改数据"):
        with reader_db.transaction() as session:
            session.execute(update(Resident).values(notes="改了"))
    with pytest.raises(PermissionDenied):
        with reader_db.transaction() as session:
            session.execute(delete(Resident))
    assert notes(reader_db) == [""]


def test_core_insert_on_a_table_through_the_session_is_refused(reader_db):
    table = CertificateCounter.__table__
    with pytest.raises(PermissionDenied) as refused:
        with reader_db.transaction() as session:
            session.execute(insert(table).values(template_id=1, year=2026, last_number=0))
    assert refused.value.refused_write == "insert certificate_counters"
    with reader_db.reading() as session:
        assert session.scalar(select(func.count()).select_from(table)) == 0


def test_a_read_only_user_cannot_raise_their_own_role_or_touch_another_account(reader_db):
    reader, staff = ACCOUNTS["只读"][0], ACCOUNTS["工作人员"][0]
    with pytest.raises(PermissionDenied):
        with reader_db.transaction() as session:
            session.scalar(select(User).where(User.username == reader)).role = "admin"
    with pytest.raises(PermissionDenied):
        with reader_db.transaction() as session:
            session.scalar(select(User).where(User.username == staff)).password_hash = "x"
    with reader_db.reading() as session:
        assert session.scalar(select(User.role).where(User.username == reader)) == "readonly"


def test_reading_and_the_own_sign_in_columns_pass(reader_db, clock):
    reader = ACCOUNTS["只读"][0]
    clock.advance(minutes=5)
    with reader_db.transaction() as session:
        me = session.scalar(select(User).where(User.username == reader))
        me.last_login_at = clock.now()
        assert session.scalar(select(func.count()).select_from(Resident)) == 1
    with reader_db.reading() as session:
        assert session.scalar(select(User.last_login_at).where(User.username == reader)) == clock.now()


def test_installing_twice_listens_once(db):
    write_guard.install(db._sessions)
    write_guard.install(db._sessions)
    assert event.contains(db._sessions, "before_flush", write_guard._check_flush)
    assert event.contains(db._sessions, "do_orm_execute", write_guard._check_statement)
