"""All ORM models. Every module in this package is imported so that Alembic and
`Base.metadata` see every table; features add a module rather than editing this one."""

from __future__ import annotations

import importlib
import pkgutil

from ..base import Base

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    importlib.import_module(f"{__name__}.{_info.name}")

from .roster import (  # noqa: E402  (re-exported for convenience)
    Building, Committee, Compound, Household, LifeEvent, Resident, ResidentTag, Tag,
)
from .staff import Grid, Staff  # noqa: E402

__all__ = [
    "Base", "Building", "Committee", "Compound", "Grid", "Household", "LifeEvent",
    "Resident", "ResidentTag", "Staff", "Tag",
]
