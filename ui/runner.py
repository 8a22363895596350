"""The one DB worker thread, and `run_op` to hand it work from the GUI.

Threads: `DbRunner` owns one Python thread ("db-worker") that holds the
`Database` and runs ops in order, one at a time; results come back to the GUI
thread through a queued Qt signal. Ops must not touch widgets; callbacks run on
the GUI thread and must not touch the database. A callback whose parent widget
was deleted meanwhile is dropped.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from kiosk.db.engine import Database

log = logging.getLogger(__name__)

Op = Callable[[Database], Any]
Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


@dataclass
class _Job:
    """One op handed to the worker, with the callbacks for its result."""

    parent: QObject | None
    op: Op
    success: Success | None
    failure: Failure | None


class DbRunner(QObject):
    """Runs ops on the db-worker thread; emits `idle` when its queue drains."""

    _finished = Signal(object, object, object)  # job, result, error
    idle = Signal()
    failed = Signal(object)  # an error no caller handled

    def __init__(self, db_factory: Callable[[], Database]) -> None:
        super().__init__()
        self._factory = db_factory
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._pending = 0
        self._finished.connect(self._deliver)
        self._thread = threading.Thread(target=self._loop, name="db-worker", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(self, parent: QObject | None, op: Op, success: Success | None = None,
               failure: Failure | None = None) -> None:
        self._pending += 1
        self._jobs.put(_Job(parent, op, success, failure))

    def _loop(self) -> None:
        db: Database | None = None
        while (job := self._jobs.get()) is not None:
            try:
                if db is None:
                    db = self._factory()
                result, error = job.op(db), None
            except BaseException as exc:  # handed to the GUI thread, never lost
                result, error = None, exc
            self._finished.emit(job, result, error)
        if db is not None:
            db.dispose()

    def _deliver(self, job: _Job, result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        try:
            if job.parent is not None and not shiboken6.isValid(job.parent):
                return
            if error is None:
                if job.success is not None:
                    job.success(result)
            elif job.failure is not None:
                job.failure(error)
            else:
                log.error("op failed", exc_info=error)
                self.failed.emit(error)
        finally:
            if self._pending == 0:
                self.idle.emit()

    def stop(self, timeout: float = 5.0) -> None:
        self._jobs.put(None)
        self._thread.join(timeout)


_runner: DbRunner | None = None


def install_runner(runner: DbRunner) -> None:
    global _runner
    _runner = runner


def current_runner() -> DbRunner:
    if _runner is None:
        raise RuntimeError("no DbRunner installed")
    return _runner


def run_op(parent: QObject | None, op: Op, success: Success | None = None,
           failure: Failure | None = None) -> None:
    """Run `op(db)` on the DB worker; then `success(result)` or `failure(error)` on the GUI."""
    current_runner().submit(parent, op, success, failure)


class Poll(QObject):
    """Run an op every `interval_ms` on the DB worker, never more than one at a time.

    While the database is slow or unreachable a tick whose previous op has not
    come back is skipped, so polls never pile up in front of a user's action.
    """

    def __init__(self, parent: QObject, interval_ms: int, op: Op, success: Success,
                 failure: Failure | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QTimer

        self._op, self._success, self._failure = op, success, failure
        self.in_flight = False
        self._again = False  # asked while in flight: that read may predate an action
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.run_now)

    def start(self) -> None:
        self.run_now()
        self.timer.start()

    def run_now(self) -> None:
        if self.in_flight:
            self._again = True
            return
        self.in_flight = True
        run_op(self, self._op, self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.in_flight = False
        self._success(result)
        self._rerun()

    def _failed(self, error: BaseException) -> None:
        self.in_flight = False
        if self._failure is not None:
            self._failure(error)
        self._rerun()

    def _rerun(self) -> None:
        if self._again:
            self._again = False
            self.run_now()
