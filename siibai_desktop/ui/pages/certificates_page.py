"""证明开具: issue certificates, the ledger and verification, templates, seal and settings."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ..certificates import texts as T
from ..certificates.issue_tab import IssueTab
from ..certificates.ledger_tab import LedgerTab
from ..certificates.settings_tab import SettingsTab
from ..certificates.template_tab import TemplateTab
from ..context import AppContext

PAGE_ORDER = 50
PAGE_TITLE = "证明开具"


class CertificatesPage(QWidget):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.issue_tab = IssueTab(ctx)
        self.ledger_tab = LedgerTab(ctx)
        self.template_tab = TemplateTab(ctx)
        self.settings_tab = SettingsTab(ctx)
        self.tabs.addTab(self.issue_tab, T.TAB_ISSUE)
        self.tabs.addTab(self.ledger_tab, T.TAB_LEDGER)
        self.tabs.addTab(self.template_tab, T.TAB_TEMPLATES)
        self.tabs.addTab(self.settings_tab, T.TAB_SETTINGS)
        QVBoxLayout(self).addWidget(self.tabs)


def create_page(ctx: AppContext) -> QWidget:
    return CertificatesPage(ctx)
