"""The import wizard driven as a person would: file → sheet → columns → preview → import;
cancel in the middle; the error file; the roster page's exchange actions."""

from __future__ import annotations

import python_calamine
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QToolBar, QWidget, QWizard

from siibai_desktop.services.search import ResidentQuery, search_residents
from siibai_desktop.ui.dialogs.import_wizard import ImportWizard
from siibai_desktop.ui.roster_exchange import export_list, install_roster_exchange
from siibai_desktop.ui.runner import Runner
from tests import exchange_files as office
from tests.ui.roster_fixtures import make_ctx, type_text

WB = QWizard.WizardButton


@pytest.fixture
def ctx(db):
    return make_ctx(db)


@pytest.fixture
def roster_file(tmp_path):
    return office.write_office_roster(tmp_path / "花名册.xlsx")


def click(qtbot, wizard, which) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_wizard(qtbot, ctx, path) -> ImportWizard:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    assert not wizard.button(WB.NextButton).isEnabled()  # no file yet
    type_text(qtbot, wizard.file_page.path_edit, str(path))
    return wizard


def to_preview(qtbot, wizard) -> None:
    click(qtbot, wizard, WB.NextButton)  # file → sheet
    assert wizard.currentPage() is wizard.sheet_page
    assert wizard.sheet_page.sheet_box.currentText() == "2026年花名册"
    assert "表头在第 3 行" in wizard.sheet_page.info.text()
    click(qtbot, wizard, WB.NextButton)  # sheet → columns
    page = wizard.mapping_page
    assert [b.currentText() for b in page.boxes[:5]] == ["不导入", "姓名", "性别", "身份证号", "出生日期"]
    click(qtbot, wizard, WB.NextButton)  # columns → preview (checked at once by the SyncRunner)
    assert wizard.currentPage() is wizard.preview_page


def test_from_file_to_imported_rows(qtbot, ctx, db, roster_file, tmp_path):
    changed = []
    ctx.bus.changed.connect(changed.append)
    wizard = open_wizard(qtbot, ctx, roster_file)
    to_preview(qtbot, wizard)
    preview = wizard.preview_page
    assert preview.model.rowCount() == 12
    assert "将新增居民 9 人" in preview.summary.text() and "错误 3 行" in preview.summary.text()
    assert "序号" in preview.unmapped.text()
    preview.filter_box.setCurrentIndex(preview.filter_box.findData("error"))
    assert [preview.model.row_at(i).row for i in range(preview.model.rowCount())] == sorted(office.ERROR_ROWS)
    assert "存成了数字" in preview.model.data(preview.model.index(0, 6))
    preview.filter_box.setCurrentIndex(preview.filter_box.findData("warning"))
    assert preview.model.rowCount() == len(office.WARNING_ROWS)
    assert search_residents(db, ResidentQuery()) == []  # nothing written before 导入

    assert wizard.button(WB.CommitButton).text() == "导入"
    click(qtbot, wizard, WB.CommitButton)
    page = wizard.import_page
    assert page.result.residents_created == 9 and "导入完成" in page.status.text()
    assert sorted(r.name for r in search_residents(db, ResidentQuery())) == sorted(office.GOOD_NAMES)
    assert changed == ["roster"]
    assert not wizard.button(WB.BackButton).isVisible()
    assert page.save_button.isVisible()
    out = tmp_path / "errors.xlsx"
    assert page.save_error_file(out) == 3 and "已保存 3 行" in page.saved.text()
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert rows[0][-1] == "错误原因" and [r[1] for r in rows[1:]] == ["吴刚", "郑重", "冯错"]
    click(qtbot, wizard, WB.FinishButton)
    assert not wizard.isVisible()


def test_cancel_in_the_middle_leaves_the_roster_unchanged(qtbot, ctx, db, roster_file, monkeypatch):
    from siibai_desktop.ui.dialogs import import_wizard

    wizard = open_wizard(qtbot, ctx, roster_file)
    to_preview(qtbot, wizard)
    page = wizard.import_page
    real = import_wizard.ImportPage._progress
    stages = []

    def progress_then_cancel(self, done, total, stage):
        stages.append(stage)
        real(self, done, total, stage)
        if stage == "写入花名册":
            qtbot.mouseClick(self.cancel_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(import_wizard.ImportPage, "_progress", progress_then_cancel)
    click(qtbot, wizard, WB.CommitButton)
    assert "写入花名册" in stages
    assert page.result is None and "已取消导入" in page.status.text()
    assert search_residents(db, ResidentQuery()) == []


def test_mapping_choice_and_import_off_the_gui_thread(qtbot, db, tmp_path):
    ctx = make_ctx(db)
    ctx.runner = Runner()
    path = tmp_path / "名单.csv"
    path.write_text("名字,住处,证件\r\n张三,枫桥苑 5号 0301,\r\n李四,枫桥苑 5号 0302,\r\n", encoding="gbk")
    wizard = open_wizard(qtbot, ctx, path)
    click(qtbot, wizard, WB.NextButton)
    click(qtbot, wizard, WB.NextButton)
    mapping = wizard.mapping_page
    assert [b.currentData() for b in mapping.boxes] == ["name", "ignore", "ignore"]
    mapping.set_field(1, "address")
    click(qtbot, wizard, WB.NextButton)
    qtbot.waitUntil(lambda: wizard.preview_page.isComplete(), timeout=10000)
    click(qtbot, wizard, WB.CommitButton)
    qtbot.waitUntil(lambda: wizard.import_page.result is not None, timeout=10000)
    assert sorted(r.address for r in search_residents(db, ResidentQuery())) == ["枫桥苑 5号0301室", "枫桥苑 5号0302室"]


def test_bad_file_is_refused_on_the_first_page(qtbot, ctx, tmp_path):
    path = tmp_path / "照片.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    wizard = open_wizard(qtbot, ctx, path)
    click(qtbot, wizard, WB.NextButton)
    assert wizard.currentPage() is wizard.file_page
    assert "不是电子表格" in wizard.file_page.message.text()


def test_missing_name_column_is_asked_for(qtbot, ctx, roster_file):
    wizard = open_wizard(qtbot, ctx, roster_file)
    click(qtbot, wizard, WB.NextButton)
    click(qtbot, wizard, WB.NextButton)
    wizard.mapping_page.set_field(1, "ignore")
    click(qtbot, wizard, WB.NextButton)
    assert wizard.currentPage() is wizard.mapping_page and "姓名" in wizard.mapping_page.message.text()
    wizard.mapping_page.set_field(1, "name")
    wizard.mapping_page.set_field(2, "name")
    click(qtbot, wizard, WB.NextButton)
    assert "两列" in wizard.mapping_page.message.text()


class FakePage(QWidget):
    """What install_roster_exchange needs from the roster page."""

    def __init__(self, query):
        super().__init__()
        self.toolbar = QToolBar(self)
        self._query = query

    def current_query(self):
        return self._query


def test_toolbar_actions_export_the_current_list_and_the_template(qtbot, demo_db, tmp_path, monkeypatch):
    ctx = make_ctx(demo_db)
    query = ResidentQuery(text="星港")
    page = FakePage(query)
    qtbot.addWidget(page)
    actions = install_roster_exchange(page, ctx)
    assert [a.text() for a in page.toolbar.actions()] == ["导入花名册…", "导出当前列表…", "下载导入模板…"]
    out = tmp_path / "list.xlsx"
    counts = []
    export_list(page, ctx, page.current_query(), out, full_id=False, on_done=counts.append)
    assert counts == [len(search_residents(demo_db, query))]
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert all("星港" in r[7] for r in rows[2:])
    template = tmp_path / "模板"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(template), "")))
    monkeypatch.setattr("siibai_desktop.ui.roster_exchange._inform", lambda *a: None)
    actions["template"].trigger()
    assert (tmp_path / "模板.xlsx").exists()


def test_roster_page_carries_the_exchange_actions_and_refreshes_after_import(qtbot, db, roster_file):
    from siibai_desktop.ui.pages.roster_page import RosterPage

    ctx = make_ctx(db)
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    texts = [a.text() for a in page.toolbar.actions()]
    assert {"导入花名册…", "导出当前列表…", "下载导入模板…"} <= set(texts)
    assert page.model.rowCount() == 0
    page.roster_exchange_actions["import"].trigger()
    wizard = page.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    type_text(qtbot, wizard.file_page.path_edit, str(roster_file))
    to_preview(qtbot, wizard)
    click(qtbot, wizard, WB.CommitButton)
    assert page.model.rowCount() == len(office.GOOD_NAMES)  # the page refreshed itself


def test_wizard_cancel_button_while_importing_stops_and_closes(qtbot, ctx, db, roster_file, monkeypatch):
    from siibai_desktop.ui.dialogs import import_wizard

    wizard = open_wizard(qtbot, ctx, roster_file)
    to_preview(qtbot, wizard)
    real = import_wizard.ImportPage._progress

    def progress_then_close(self, done, total, stage):
        real(self, done, total, stage)
        if stage == "写入花名册" and self.running:
            qtbot.mouseClick(wizard.button(WB.CancelButton), Qt.MouseButton.LeftButton)
            assert wizard.isVisible()  # waits for the import to stop first

    monkeypatch.setattr(import_wizard.ImportPage, "_progress", progress_then_close)
    click(qtbot, wizard, WB.CommitButton)
    assert not wizard.isVisible() and wizard.import_page.result is None
    assert search_residents(db, ResidentQuery()) == []
