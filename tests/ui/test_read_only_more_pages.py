"""A 只读 account on 三必知, 走访规则, 证明开具, 报表, 工作台 and the main window: reads,
checks a certificate and prints a report, changes nothing. A 工作人员 keeps every action."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog

from siibai_desktop.ui.main_window import MainWindow
from siibai_desktop.ui.pages.certificates_page import CertificatesPage
from siibai_desktop.ui.pages.dashboard_page import DashboardPage
from siibai_desktop.ui.pages.due_page import DuePage
from siibai_desktop.ui.pages.needs_page import NeedsPage
from siibai_desktop.ui.pages.registers_page import RegistersPage
from siibai_desktop.ui.pages.reports_page import ReportsPage
from siibai_desktop.ui.pages.roster_page import RosterPage
from siibai_desktop.ui.pages.visit_day_page import VisitDayPage
from siibai_desktop.ui.pages.visit_rules_page import VisitRulesPage
from tests.ui.read_only_fixtures import NO_CERTIFICATE, NO_EXPORT, READ_ONLY, greyed_out
from tests.ui.roster_fixtures import type_text


def shown(qtbot, page, size=(1280, 800)):
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    return page


def test_registers_are_read_but_not_added_to_or_edited(qtbot, reader):
    page = shown(qtbot, RegistersPage(reader))
    tab = page.conflicts
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == "车棚充电纠纷"
    for each in (page.conflicts, page.resources, page.issues):
        assert greyed_out(each.add_button) and greyed_out(each.edit_button)
    tab.table.selectRow(0)
    rect = tab.table.visualItemRect(tab.table.item(0, 0))
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [d for d in tab.findChildren(QDialog) if d.isVisible()] == []


def test_visit_rules_are_shown_in_a_form_that_cannot_be_saved(qtbot, reader):
    page = shown(qtbot, VisitRulesPage(reader))
    assert page.model.rowCount() >= 7 and page.form.name_edit.text() == page.model.rows[0].name
    assert greyed_out(page.save_button) and not page.form.isEnabled()
    assert greyed_out(page.add_button) and greyed_out(page.toggle_button) and greyed_out(page.form.new_tag_button)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)          # a greyed-out button does nothing
    assert not page.adding and page.form.name_edit.text() == page.model.rows[0].name


def test_certificates_are_previewed_and_verified_but_not_issued(qtbot, reader, office):
    page = shown(qtbot, CertificatesPage(reader), (1200, 800))
    issue = page.issue_tab
    qtbot.keyClicks(issue.search_edit, "zs")
    qtbot.keyClick(issue.search_edit, Qt.Key.Key_Return)
    assert issue.results.count() == 1 and "张三" in issue.results.item(0).text()
    type_text(qtbot, issue.purpose_edit, "办理子女入学")
    issue.refresh_preview()
    assert issue.draft is not None and "张三" in issue.draft.body           # the preview still shows
    assert greyed_out(issue.issue_button, NO_CERTIFICATE)
    ledger = page.ledger_tab
    assert ledger.table.rowCount() == 1 and ledger.table.item(0, 2).text() == office["certificate"]
    assert greyed_out(ledger.reprint_button, NO_CERTIFICATE) and greyed_out(ledger.void_button, NO_CERTIFICATE)
    qtbot.keyClicks(ledger.code_edit, office["verify_code"])
    qtbot.mouseClick(ledger.verify_button, Qt.MouseButton.LeftButton)
    assert office["certificate"] in ledger.verdict.text()
    assert greyed_out(page.template_tab.new_button) and greyed_out(page.template_tab.save_button)
    settings = page.settings_tab
    assert greyed_out(settings.save_button) and greyed_out(settings.choose_seal)
    assert settings.signing_edit.isReadOnly()


def test_reports_run_and_save_as_pdf_but_not_excel(qtbot, reader, tmp_path, monkeypatch):
    page = shown(qtbot, ReportsPage(reader))
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.report is not None and page.pdf_button.isEnabled()
    assert greyed_out(page.xlsx_button, NO_EXPORT)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "月报"), ""))
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "月报.pdf").read_bytes()[:4] == b"%PDF" and "已保存" in page.status.text()


def test_dashboard_lists_open_without_their_record_or_verify_buttons(qtbot, reader):
    page = shown(qtbot, DashboardPage(reader))
    for key in ("overdue", "unverified", "unvisited"):
        dialog = page.open_list(key)
        qtbot.addWidget(dialog)
        assert dialog.table.rowCount() >= 1 and dialog.action_button is None, key


def test_main_window_for_read_only_hides_the_admin_pages_and_keeps_the_own_password(qtbot, reader):
    window = MainWindow(reader)
    qtbot.addWidget(window)
    titles = [s.title for s in window.specs]
    assert "花名册" in titles and "备份" not in titles and "审计日志" not in titles
    accounts = window.show_page("账户")
    assert accounts.table is None and accounts.change_button.isEnabled()


def test_staff_keeps_every_action(qtbot, staff):
    roster = shown(qtbot, RosterPage(staff))
    type_text(qtbot, roster.search_box, "zs")
    roster.apply_search_now()
    roster.table.selectRow(0)
    assert roster.read_only_notice is None
    for action in (roster.add_household_action, roster.add_resident_action, *roster.resident_actions,
                   *roster.roster_exchange_actions.values()):
        assert action.isEnabled() and action.toolTip() != READ_ONLY, action.text()
    assert shown(qtbot, DuePage(staff)).record_button.isEnabled()
    needs = shown(qtbot, NeedsPage(staff))
    assert all(b.isEnabled() for b in (needs.add_button, needs.change_button, needs.follow_button))
    day = shown(qtbot, VisitDayPage(staff))
    assert day.plan_button.isEnabled() and day.add_button.isEnabled() and day.entry.isEnabled()
    registers = shown(qtbot, RegistersPage(staff))
    assert registers.conflicts.add_button.isEnabled() and registers.conflicts.edit_button.isEnabled()
    rules_page = shown(qtbot, VisitRulesPage(staff))
    assert rules_page.save_button.isEnabled() and rules_page.add_button.isEnabled()
    assert rules_page.toggle_button.isEnabled() and rules_page.form.new_tag_button.isEnabled()
    certificates = shown(qtbot, CertificatesPage(staff))
    assert certificates.issue_tab.issue_button.isEnabled() and certificates.ledger_tab.void_button.isEnabled()
    reports = shown(qtbot, ReportsPage(staff))
    qtbot.mouseClick(reports.run_button, Qt.MouseButton.LeftButton)
    assert reports.xlsx_button.isEnabled()
    dialog = shown(qtbot, DashboardPage(staff)).open_list("unverified")
    qtbot.addWidget(dialog)
    assert dialog.action_button is not None and dialog.action_button.isEnabled()
