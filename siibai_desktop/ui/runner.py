"""Moves service calls off the GUI thread and brings results back to it.

`Runner.run(fn, on_done, on_error)` calls `fn()` on a worker thread; the callbacks run
on the GUI thread. Tests use `SyncRunner`, which calls everything at once (as Picard does).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from ..services.database import DatabaseFault
from ..services.errors import UserError


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            exc.__traceback_text__ = traceback.format_exc()
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "操作未完成") -> None:
    """A user's mistake gets its Chinese message; a bug gets a short notice and the details."""
    if isinstance(exc, (UserError, DatabaseFault)):
        QMessageBox.warning(parent, title, str(exc))
    else:
        box = QMessageBox(QMessageBox.Icon.Critical, title, f"程序出错，数据未被修改。\n{type(exc).__name__}: {exc}",
                          parent=parent)
        box.setDetailedText(getattr(exc, "__traceback_text__", "") or "".join(traceback.format_exception(exc)))
        box.exec()


class Runner(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self._jobs: set[_Job] = set()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, parent: QWidget | None = None) -> None:
        job = _Job(fn)
        job.setAutoDelete(False)
        self._jobs.add(job)

        def finish(result: Any) -> None:
            self._jobs.discard(job)
            if on_done:
                on_done(result)

        def fail(exc: BaseException) -> None:
            self._jobs.discard(job)
            if on_error:
                on_error(exc)
            else:
                show_error(parent, exc)

        job.signals.done.connect(finish)
        job.signals.failed.connect(fail)
        self.pool.start(job)

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run at once on this thread (quick reads where a round trip is not worth it)."""
        return fn()


class SyncRunner(Runner):
    """Runs jobs immediately on the calling thread: deterministic tests."""

    def run(self, fn, on_done=None, on_error=None, parent=None) -> None:
        try:
            result = fn()
        except Exception as exc:
            if on_error:
                on_error(exc)
            else:
                show_error(parent, exc)
            return
        if on_done:
            on_done(result)
