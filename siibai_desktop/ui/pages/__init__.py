"""The pages of the left navigation. Each module here defines:

    PAGE_ORDER: int           position in the navigation
    PAGE_TITLE: str           Chinese title shown in the navigation
    def create_page(ctx: AppContext) -> QWidget

Features add a module; the main window finds them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class PageSpec:
    order: int
    title: str
    module: ModuleType


def discover_pages() -> list[PageSpec]:
    specs = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "create_page"):
            specs.append(PageSpec(module.PAGE_ORDER, module.PAGE_TITLE, module))
    return sorted(specs, key=lambda s: s.order)
