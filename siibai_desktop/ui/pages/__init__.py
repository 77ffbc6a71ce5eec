"""The pages of the left navigation, in order. Each page module defines

    PAGE_ORDER: int, PAGE_TITLE: str      (the same as its line below; a test keeps them equal)
    def create_page(ctx: AppContext) -> QWidget

The list is written out, not discovered, so that start-up imports no page module until
its page is first shown (certificates and reports pull in reportlab: 0.4 s).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from ...domain.roles import Permission

# (order, title, module, permission needed to see the page or None)
PAGES: tuple[tuple[int, str, str, Permission | None], ...] = (
    (1, "工作台", "dashboard_page", None),
    (10, "花名册", "roster_page", None),
    (20, "必访清单", "due_page", None),
    (25, "集中走访", "visit_day_page", None),
    (30, "民情诉求", "needs_page", None),
    (40, "三必知", "registers_page", None),
    (50, "证明开具", "certificates_page", None),
    (60, "报表", "reports_page", None),
    (80, "走访规则", "visit_rules_page", None),
    (90, "账户", "accounts_page", None),
    (92, "备份", "backup_page", Permission.BACKUP),
    (95, "审计日志", "audit_page", Permission.VIEW_AUDIT),
)


@dataclass(frozen=True)
class PageSpec:
    order: int
    title: str
    module_name: str
    permission: Permission | None

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module_name}")


def discover_pages() -> list[PageSpec]:
    """Every page, in navigation order (modules are imported only when used)."""
    return [PageSpec(*entry) for entry in sorted(PAGES)]
