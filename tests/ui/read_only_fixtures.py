"""An office whose data was entered by a 工作人员, a context for someone logged in through
the real login (as 只读 or 工作人员), and reading what a greyed-out control says or whether
a click opened a dialog. The fixtures built from these are in tests/ui/conftest.py."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from siibai_desktop.services import accounts, certificates, registers
from siibai_desktop.services.needs import NeedInput, add_need, list_categories
from siibai_desktop.services.staff import add_staff
from siibai_desktop.services.visit_day import plan_visit_day
from siibai_desktop.ui.context import AppContext
from siibai_desktop.ui.runner import SyncRunner
from tests.accounts_builders import log_in, office_accounts
from tests.ui.roster_fixtures import small_roster

READ_ONLY = "只读账户不能修改数据"
NO_EXPORT = "当前账户无权导出数据，请联系管理员"
NO_CERTIFICATE = "当前账户无权开具、补打或作废证明，请联系管理员"
NEXT_THURSDAY = dt.date(2026, 11, 26)


def entered_office(db) -> dict:
    """Ids by name: 张三, 李四, 王五 (低保), a need, a plan for next Thursday, a conflict, a certificate."""
    office_accounts(db)
    staff = log_in(db, "工作人员")
    ids = small_roster(db)
    chen = add_staff(db, "陈静")
    category = next(c.id for c in list_categories(db) if c.name == "物业维修")
    ids["need"] = add_need(db, NeedInput(ids["h2"], category, "厨房水管漏水", owner_staff_id=chen), who="陈静")
    ids["plan"] = plan_visit_day(db, NEXT_THURSDAY)
    registers.add_conflict(db, registers.ConflictInput(title="车棚充电纠纷", parties="3号楼业主与物业"))
    template = next(t for t in certificates.list_templates(db) if t.name == "居住证明")
    issued = certificates.issue_certificate(
        db, certificates.CertificateRequest(template.id, ids["张三"], "办理子女入学", {}, ""))
    ids["certificate"], ids["verify_code"] = issued.serial, issued.verify_code
    accounts.logout(db, staff)
    return ids


def context_for(db, role: str) -> AppContext:
    return AppContext(db=db, runner=SyncRunner(), user=log_in(db, role))


def greyed_out(control, reason: str = READ_ONLY) -> bool:
    """Disabled, and hovering it says why."""
    return not control.isEnabled() and control.toolTip() == reason


def dialogs_opened(qtbot, trigger) -> list[list[str]]:
    """Run `trigger()`; every modal dialog or popup menu it opens is read (its button
    texts) and closed. An empty list: nothing opened."""
    seen: list[list[str]] = []

    def close_any():
        popup = QApplication.activePopupWidget()
        if popup is not None:
            seen.append([a.text() for a in popup.actions()])
            popup.close()
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            seen.append([b.text() for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()])
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(close_any)
    timer.start(20)
    try:
        trigger()
        qtbot.wait(80)
    finally:
        timer.stop()
    return seen
