"""Two PCs editing the same record: the second save is refused, nothing is overwritten,
and the error says what the other person changed. Runs on SQLite and on PostgreSQL
(`make test` with SIIBAI_TEST_DATABASE_URL, as .ci/run does)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy.orm.exc import StaleDataError

from siibai_desktop.db.models import Resident
from siibai_desktop.services import accounts
from siibai_desktop.services.database import open_app_database
from siibai_desktop.services.errors import ConflictError
from siibai_desktop.services.households import add_household, get_household, update_household
from siibai_desktop.services.residents import add_resident, get_resident, update_resident
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from tests.helpers import make_id


@pytest.fixture
def two_pcs(db, db_url, clock):
    accounts.first_run_setup(db, "枫港居委会", "wang", "王书记", "secret123")
    admin = accounts.authenticate(db, "wang", "secret123")
    accounts.create_user(db, admin, "li", "李敏", "staff", "staffpw1")
    other = open_app_database(db_url, clock=clock)
    accounts.authenticate(other, "li", "staffpw1")
    yield db, other
    other.close()


def _form(detail, **changes) -> ResidentInput:
    data = ResidentInput(household_id=detail.household_id, name=detail.name, id_number=detail.id_number or "",
                         phone=detail.phone, relation=detail.relation, residence_status=detail.residence_status,
                         sex=detail.sex, birth_date=detail.birth_date, notes=detail.notes)
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def test_second_save_of_a_resident_is_refused_with_what_changed(two_pcs):
    pc1, pc2 = two_pcs
    hid = add_household(pc1, HouseholdInput(compound="星港景苑", building="5", room="302"))
    rid = add_resident(pc1, ResidentInput(household_id=hid, name="张三", id_number=make_id(dt.date(1950, 3, 4)),
                                          phone="13812345678")).id
    mine, theirs = get_resident(pc1, rid), get_resident(pc2, rid)
    update_resident(pc2, rid, _form(theirs, phone="13900001111", notes="电话已换"), theirs.version)
    with pytest.raises(ConflictError) as info:
        update_resident(pc1, rid, _form(mine, name="张三丰"), mine.version)
    err = info.value
    assert "李敏" in str(err) and "没有保存" in str(err)
    assert err.changes["姓名"] == ("张三丰", "张三")
    assert err.changes["备注"] == ("", "电话已换")
    assert err.changes["电话"] == ("138****5678", "139****1111")  # masked, never full numbers
    saved = get_resident(pc1, rid)
    assert (saved.name, saved.phone, saved.notes) == ("张三", "13900001111", "电话已换")
    # Reload and redo works.
    update_resident(pc1, rid, _form(saved, name="张三丰"), saved.version)
    assert get_resident(pc2, rid).name == "张三丰"


def test_second_save_of_a_household_is_refused(two_pcs):
    pc1, pc2 = two_pcs
    hid = add_household(pc1, HouseholdInput(compound="星港景苑", building="5", room="302"))
    a, b = get_household(pc1, hid), get_household(pc2, hid)
    update_household(pc2, hid, HouseholdInput(compound="星港景苑", building="5", room="302", notes="独居"), b.version)
    with pytest.raises(ConflictError) as info:
        update_household(pc1, hid, HouseholdInput(compound="星港景苑", building="5", room="303"), a.version)
    assert info.value.changes["室号"] == ("303", "302")
    assert get_household(pc1, hid).room == "302"


def test_overlapping_transactions_cannot_overwrite_each_other(two_pcs):
    """Both PCs read inside open transactions; the later commit fails (version column)."""
    pc1, pc2 = two_pcs
    hid = add_household(pc1, HouseholdInput(compound="星港景苑", building="5"))
    rid = add_resident(pc1, ResidentInput(household_id=hid, name="张三")).id
    s1 = pc1._sessions()
    s2 = pc2._sessions()
    try:
        r1, r2 = s1.get(Resident, rid), s2.get(Resident, rid)
        r2.notes = "第二台电脑"
        s2.commit()
        r1.notes = "第一台电脑"
        with pytest.raises(StaleDataError):
            s1.commit()
    finally:
        s1.close()
        s2.close()
    assert get_resident(pc1, rid).notes == "第二台电脑"


def test_audit_chain_stays_whole_when_two_pcs_write_at_once(two_pcs):
    from siibai_desktop.services.audit import record, verify_audit

    pc1, pc2 = two_pcs
    errors = []

    def write(db, n):
        try:
            for i in range(15):
                record(db, "print", f"pc{n}-sheet{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(db, n)) for n, db in enumerate((pc1, pc2, pc1))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    result = verify_audit(pc1)
    assert result.ok, result.message
