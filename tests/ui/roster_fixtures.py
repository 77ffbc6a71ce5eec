"""Builders shared by the roster screen tests: a context whose jobs run at once, a few
residents added through the services, and reading what the table shows."""

from __future__ import annotations

import datetime as dt

from siibai_desktop.services import households, residents, tags
from siibai_desktop.services.types import HouseholdInput, ResidentInput
from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.runner import SyncRunner
from tests.helpers import make_id

ZHANG_SAN_ID = make_id(dt.date(1950, 3, 4), male=True, seq=21)


def make_ctx(db) -> AppContext:
    return AppContext(db=db, runner=SyncRunner())


def small_roster(db) -> dict[str, int]:
    """张三 and 李四 at 星港景苑, 王五 (低保, 86) at 枫桥苑; returns ids by name and households."""
    h1 = households.add_household(db, HouseholdInput(compound="星港景苑", road="长宁支路", lane="314",
                                                     building="5", room="302"))
    h2 = households.add_household(db, HouseholdInput(compound="枫桥苑", road="武夷路", lane="20",
                                                     building="3", room="101"))
    ids = {"h1": h1, "h2": h2}
    ids["张三"] = residents.add_resident(db, ResidentInput(
        household_id=h1, name="张三", id_number=ZHANG_SAN_ID, phone="13812345678", relation="head")).id
    ids["李四"] = residents.add_resident(db, ResidentInput(
        household_id=h1, name="李四", id_number=make_id(dt.date(1990, 6, 1), male=False, seq=33),
        relation="spouse")).id
    ids["王五"] = residents.add_resident(db, ResidentInput(
        household_id=h2, name="王五", id_number=make_id(dt.date(1940, 1, 9), male=True, seq=45),
        relation="head")).id
    tags.assign_tag(db, ids["王五"], tags.tag_id_by_name(db, "低保"))
    return ids


def table_rows(model) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]


def names(page) -> list[str]:
    return [row[0] for row in table_rows(page.model)]


def type_text(qtbot, widget, text: str) -> None:
    """Type as a person would: ASCII key by key, Chinese committed by the input method
    (QTest cannot press keys for characters outside ASCII)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    widget.setFocus()
    for word in text:
        if word.isascii():
            qtbot.keyClicks(widget, word)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(word)
            QApplication.sendEvent(widget, event)


def drive_modal(trigger, fill) -> list:
    """Run `trigger()` (which opens a modal dialog) and let `fill(dialog)` act in it.
    The dialog is always closed afterwards, so a failing `fill` cannot hang the test."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen, errors = [], []

    def act():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, act)
            return
        seen.append(dialog)
        try:
            fill(dialog)
        except BaseException as exc:  # reported after the dialog is gone
            errors.append(exc)
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, act)
    trigger()
    if errors:
        raise errors[0]
    return seen
