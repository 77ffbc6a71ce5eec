"""证明开具 page, driven as a person would: find a resident, fill in, see the preview, issue."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from siibai_desktop.services import certificates as C
from siibai_desktop.services.committee import CommitteeInfo, save_committee
from siibai_desktop.services.pdf import fonts
from siibai_desktop.services.pdf.layout import Text
from siibai_desktop.ui.pages.certificates_page import CertificatesPage
from siibai_desktop.ui.widgets.page_preview import page_image
from tests.ui.roster_fixtures import make_ctx, small_roster


def ime(widget, text):
    """Type Chinese as an input method does: one committed string (keyClicks is ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def page(qtbot, db):
    save_committee(db, CommitteeInfo(name="枫港居民区居民委员会", district="示范区", phone="021-62000000"))
    small_roster(db)
    widget = CertificatesPage(make_ctx(db))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def test_issue_a_residence_certificate_as_a_person_would(page, qtbot):
    tab = page.issue_tab
    qtbot.keyClicks(tab.search_edit, "zs")
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert tab.results.count() == 1 and "张三" in tab.results.item(0).text()
    assert tab.template_box.currentText() == "居住证明"
    ime(tab.purpose_edit, "办理子女入学")
    tab.refresh_preview()
    assert tab.draft is not None and "张三" in tab.draft.body and "办理子女入学" in tab.draft.body
    assert any(isinstance(i, Text) and "居住证明" in i.text for i in tab.preview.page.items)
    qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    assert "居证〔2026〕第0001号" in tab.result.text()
    assert tab.last_pdf and open(tab.last_pdf, "rb").read(4) == b"%PDF"
    assert tab.open_button.isEnabled()
    ledger = page.ledger_tab
    assert ledger.table.rowCount() == 1 and ledger.table.item(0, 1).text() == "开具"


def test_missing_purpose_is_shown_and_nothing_is_issued(page, qtbot, db, monkeypatch):
    tab = page.issue_tab
    ime(tab.search_edit, "王五")
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    tab.refresh_preview()
    assert "用途" in tab.warning.text()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    assert shown and "用途" in shown[0] and C.ledger(db) == []


def test_unprintable_name_is_marked_and_asked_about(page, qtbot, db, monkeypatch):
    missing = next((chr(c) for c in range(0x31350, 0x31360) if fonts.font_for_char(chr(c)) is None), None)
    if missing is None:
        pytest.skip("every candidate character has a font here")
    from siibai_desktop.services import residents as R
    from siibai_desktop.services.types import ResidentInput
    from tests.helpers import make_id
    hid = R.get_resident(db, 1).household_id
    R.add_resident(db, ResidentInput(household_id=hid, name=f"赵{missing}", id_number=make_id(dt.date(1960, 1, 1), seq=77)))
    tab = page.issue_tab
    ime(tab.search_edit, "赵")
    qtbot.keyClick(tab.search_edit, Qt.Key.Key_Return)
    assert tab.results.item(0).text().startswith("⚠")
    ime(tab.purpose_edit, "办事")
    tab.refresh_preview()
    assert missing in tab.warning.text()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    assert asked and missing in asked[0] and C.ledger(db) == []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(tab.issue_button, Qt.MouseButton.LeftButton)
    assert "第0001号" in tab.result.text()


def test_ledger_reprint_void_and_verify(page, qtbot, db, monkeypatch):
    issued = C.issue_certificate(db, C.CertificateRequest(C.template_by_name(db, "居住证明").id, 1, "办理入学"))
    ledger = page.ledger_tab
    ledger.reload()
    ledger.table.selectRow(0)
    qtbot.mouseClick(ledger.reprint_button, Qt.MouseButton.LeftButton)
    assert "已补打" in ledger.message.text()
    assert [ledger.table.item(i, 1).text() for i in range(ledger.table.rowCount())][0] == "补打"
    qtbot.keyClicks(ledger.code_edit, issued.verify_code)
    qtbot.mouseClick(ledger.verify_button, Qt.MouseButton.LeftButton)
    assert "真实有效" in ledger.verdict.text() and "张三" in ledger.verdict.text()
    ledger.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("用途写错", True))
    qtbot.mouseClick(ledger.void_button, Qt.MouseButton.LeftButton)
    assert "已作废" in ledger.message.text()
    qtbot.mouseClick(ledger.verify_button, Qt.MouseButton.LeftButton)
    assert "作废" in ledger.verdict.text()
    ledger.code_edit.setText(issued.verify_code[:-2] + "ZZ")
    qtbot.mouseClick(ledger.verify_button, Qt.MouseButton.LeftButton)
    assert "核验未通过" in ledger.verdict.text()


def test_office_adds_a_template_with_live_preview(page, qtbot):
    tab = page.template_tab
    page.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    ime(tab.name_edit, "困难证明")
    ime(tab.title_edit, "家庭困难证明")
    ime(tab.prefix_edit, "困证")
    tab.body_edit.setPlainText("兹证明{姓名}家庭{困难情况}。")
    tab.refresh_preview()
    texts = [i.text for i in tab.preview.page.items if isinstance(i, Text)]
    assert "家庭困难证明" in texts and any("【困难情况】" in t for t in texts)
    image = page_image(tab.preview.page, 300)
    assert not image.isNull() and image.width() == 300
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "已保存"
    issue = page.issue_tab
    assert issue.template_box.findText("困难证明") >= 0
    issue.template_box.setCurrentIndex(issue.template_box.findText("困难证明"))
    assert list(issue.field_edits) == ["困难情况"]
