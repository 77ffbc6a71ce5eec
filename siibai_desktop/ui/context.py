"""What every page gets: the open database, the job runner, and the refresh signal."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from ..services.database import Database
from .runner import Runner


class Bus(QObject):
    """Screens that care refresh when data changes (the Anki 'operation' idea, small)."""

    changed = Signal(str)  # what changed: "roster", "visits", "needs", ...


@dataclass
class AppContext:
    db: Database
    runner: Runner
    bus: Bus = field(default_factory=Bus)
    full_id_allowed: bool = False  # the trust issue decides who may see full numbers
