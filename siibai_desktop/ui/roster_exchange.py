"""Roster exchange on the roster page: 导入花名册…, 导出当前列表…, 下载导入模板….

`install_roster_exchange(page, ctx)` adds the three actions to `page.toolbar`; the page
provides `current_query()` (the list as shown, with its search and filters).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ..services.committee import get_committee
from ..services.errors import UserError
from ..services.search import ResidentQuery
from ..domain.roles import Permission
from .context import AppContext
from .dialogs.reveal_dialog import ask_full_numbers
from .runner import show_error
from .widgets.buttons import MB, message_box
from .widgets.permissions import gate

if TYPE_CHECKING:
    from .dialogs.import_wizard import ImportWizard

# The wizard and the exporter (xlsxwriter, calamine) load on first use, not with the roster page.

TEXT = {
    "import": "导入花名册…",
    "import_tip": "从 Excel / WPS / CSV 花名册导入居民",
    "export": "导出当前列表…",
    "export_tip": "把当前查找、筛选出的居民导出为 Excel",
    "template": "下载导入模板…",
    "template_tip": "生成一份空白花名册，按它填写后即可导入",
    "xlsx_filter": "Excel 文件 (*.xlsx)",
    "export_name": "{committee}花名册_{date}.xlsx",
    "template_name": "花名册导入模板.xlsx",
    "full_title": "导出身份证号",
    "full_question": "是否导出完整的身份证号和电话？\n选“否”则隐去中间几位（对外提供名单时请选“否”）。",
    "exporting": "正在导出…",
    "cancel": "取消",
    "exported": "已导出 {n} 人：{path}",
    "template_saved": "已生成导入模板：{path}",
    "done_title": "完成",
}


class _Relay(QObject):
    progress = Signal(int, int, str)


def _ask_path(parent: QWidget, title: str, name: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / name), TEXT["xlsx_filter"])
    if not path:
        return None
    path = Path(path)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def _inform(parent: QWidget, text: str) -> None:
    message_box(parent, QMessageBox.Icon.Information, TEXT["done_title"], text).exec()


def open_import_wizard(page: QWidget, ctx: AppContext, path: str | None = None) -> ImportWizard | None:
    """Show the import wizard (not modal, so the roster stays visible); None for a user
    who may not change data."""
    from .dialogs.import_wizard import ImportWizard

    if not ctx.can(Permission.EDIT):
        return None

    wizard = ImportWizard(ctx, parent=page, path=path)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.show()
    return wizard


def export_list(parent: QWidget, ctx: AppContext, query: ResidentQuery, path: Path, full_id: bool,
                on_done=None) -> None:
    """Export a resident list off the GUI thread, with a progress dialog that can cancel."""
    from ..services.roster_export import ExportCancelled, export_roster

    dialog = QProgressDialog(TEXT["exporting"], TEXT["cancel"], 0, 0, parent)
    dialog.setWindowTitle(TEXT["export"].rstrip("…"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    cancelled = threading.Event()
    dialog.canceled.connect(cancelled.set)
    relay = _Relay(dialog)
    relay.progress.connect(lambda done, total, _s: (dialog.setMaximum(max(total, 1)), dialog.setValue(done)))

    def finished(count: int) -> None:
        dialog.reset()
        dialog.deleteLater()
        if on_done:
            on_done(count)
        else:
            _inform(parent, TEXT["exported"].format(n=count, path=path))

    def failed(exc: BaseException) -> None:
        dialog.reset()
        dialog.deleteLater()
        if not isinstance(exc, ExportCancelled):
            show_error(parent, exc)

    ctx.runner.run(lambda: export_roster(ctx.db, query, path, full_id=full_id, progress=relay.progress.emit,
                                         cancel=cancelled.is_set), finished, failed, parent=parent)


def _export_current(page, ctx: AppContext) -> None:
    if not ctx.can(Permission.EXPORT):
        return
    committee = get_committee(ctx.db)
    name = TEXT["export_name"].format(committee=committee.name if committee else "",
                                      date=ctx.db.clock.today().strftime("%Y%m%d"))
    path = _ask_path(page, TEXT["export"], name)
    if path is None:
        return
    full_id = False
    if ctx.full_id_allowed or ctx.can(Permission.EXPORT_FULL_ID):
        box = message_box(page, QMessageBox.Icon.Question, TEXT["full_title"], TEXT["full_question"], MB.Yes | MB.No)
        box.setDefaultButton(MB.No)
        # full numbers only with a stated reason, written to the audit trail
        full_id = box.exec() == MB.Yes and ask_full_numbers(page, ctx, "花名册导出")
    export_list(page, ctx, page.current_query(), path, full_id)


def _save_template(page) -> None:
    path = _ask_path(page, TEXT["template"], TEXT["template_name"])
    if path is None:
        return
    from ..services.roster_export import export_template

    try:
        export_template(path)
    except UserError as exc:
        show_error(page, exc)
        return
    _inform(page, TEXT["template_saved"].format(path=path))


def install_roster_exchange(page, ctx: AppContext) -> dict[str, QAction]:
    """Add 导入花名册…, 导出当前列表…, 下载导入模板… to the page's toolbar; returns them by key."""
    actions = {}
    for key, handler in (("import", lambda: open_import_wizard(page, ctx)),
                         ("export", lambda: _export_current(page, ctx)),
                         ("template", lambda: _save_template(page))):
        action = QAction(TEXT[key], page)
        action.setToolTip(TEXT[f"{key}_tip"])
        action.setObjectName(f"roster_exchange_{key}")
        action.triggered.connect(handler)
        page.toolbar.addAction(action)
        actions[key] = action
    gate(ctx, Permission.EDIT, actions["import"])    # an import changes the roster
    gate(ctx, Permission.EXPORT, actions["export"])  # the blank template holds no data: everyone
    page.roster_exchange_actions = actions
    return actions
