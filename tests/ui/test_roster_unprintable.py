"""A name with a character no font here can print is marked in the roster (issue 5)."""

import datetime as dt

from PySide6.QtCore import Qt

from siibai_desktop.services import households, residents
from siibai_desktop.services.pdf import fonts
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from siibai_desktop.ui.pages.roster_page import RosterPage
from tests.helpers import make_id
from tests.ui.roster_fixtures import make_ctx


def test_unprintable_name_is_marked_and_plain_names_are_not(qtbot, db):
    # a character from CJK Extension G that no installed font has
    missing = next(chr(c) for c in range(0x31350, 0x31400) if fonts.font_for_char(chr(c)) is None)
    home = households.add_household(db, HouseholdInput(compound="星港景苑", building="5", room="302"))
    residents.add_resident(db, ResidentInput(household_id=home, name=f"王{missing}",
                                             id_number=make_id(dt.date(1950, 1, 1), seq=1)))
    residents.add_resident(db, ResidentInput(household_id=home, name="张三",
                                             id_number=make_id(dt.date(1951, 1, 1), seq=2)))
    page = RosterPage(make_ctx(db))
    qtbot.addWidget(page)
    page.apply_search_now()
    model = page.model
    shown = {model.data(model.index(r, 0)): r for r in range(model.rowCount())}
    assert set(shown) == {f"王{missing} ⚠", "张三"}
    tip = model.data(model.index(shown[f"王{missing} ⚠"], 0), Qt.ItemDataRole.ToolTipRole)
    assert missing in tip and "打印" in tip
    assert model.data(model.index(shown["张三"], 0), Qt.ItemDataRole.ToolTipRole) is None
