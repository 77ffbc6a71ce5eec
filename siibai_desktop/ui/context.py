"""What every page gets: the open database, the job runner, and the refresh signal."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from ..domain.roles import Permission
from ..services.database import Database
from ..services.policy import TEST_STAFF_USER, SessionUser
from .runner import Runner


class Bus(QObject):
    """Screens that care refresh when data changes (the Anki 'operation' idea, small)."""

    changed = Signal(str)  # what changed: "roster", "visits", "needs", ...


@dataclass
class AppContext:
    """`user` is who logged in. The app always passes it; a context built without one
    (tests) gets TEST_STAFF_USER: a 工作人员, never an administrator.

    `full_id_allowed` stays False: screens, sheets and exports are masked for everyone.
    Full numbers are shown one at a time (ui/dialogs/reveal_dialog.py) or exported
    (ask_full_numbers) only with a role that allows it and a stated reason, logged.
    """

    db: Database
    runner: Runner
    bus: Bus = field(default_factory=Bus)
    full_id_allowed: bool = False
    user: SessionUser = TEST_STAFF_USER

    def can(self, permission: Permission) -> bool:
        return self.user.can(permission)
