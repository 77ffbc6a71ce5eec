"""Form fields with any text a person could type or paste: saved, or refused with a
ValidationFailed naming the field in Chinese; never a crash, and nothing half-saved."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from siibai_desktop.services.errors import ValidationFailed
from siibai_desktop.services.households import add_household
from siibai_desktop.services.residents import add_resident
from siibai_desktop.services.types import HouseholdInput, ResidentInput

# Any character a keyboard or a pasted text can bring, NUL included (PostgreSQL cannot
# store it; the database layer drops it).
TYPED = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
FORM = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FORM
@given(name=TYPED, id_number=TYPED, phone=TYPED, sex=st.sampled_from([None, "", "M", "F", "男", "x"]),
       relation=st.sampled_from(["head", "spouse", "other", "", "户主"]),
       birth=st.one_of(st.none(), st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2100, 1, 1))))
def test_resident_form_saves_or_names_what_is_wrong(db, name, id_number, phone, sex, relation, birth):
    if not hasattr(test_resident_form_saves_or_names_what_is_wrong, "hid"):
        test_resident_form_saves_or_names_what_is_wrong.hid = {}
    hid = test_resident_form_saves_or_names_what_is_wrong.hid.get(db.url)
    if hid is None:
        hid = add_household(db, HouseholdInput(compound="星港景苑", building="5", room="302"))
        test_resident_form_saves_or_names_what_is_wrong.hid = {db.url: hid}
    data = ResidentInput(household_id=hid, name=name, id_number=id_number, phone=phone, sex=sex,
                         relation=relation, birth_date=birth)
    try:
        result = add_resident(db, data)
    except ValidationFailed as exc:
        assert exc.errors and all(any("\u4e00" <= c <= "\u9fff" for c in m) for m in exc.errors.values())
    else:
        assert result.id > 0


@FORM
@given(compound=TYPED, building=TYPED, room=TYPED, phone=TYPED, lane=TYPED)
def test_household_form_saves_or_names_what_is_wrong(db, compound, building, room, phone, lane):
    data = HouseholdInput(compound=compound, building=building, room=room, phone=phone, lane=lane)
    try:
        assert add_household(db, data) > 0
    except ValidationFailed as exc:
        assert exc.errors
