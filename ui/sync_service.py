"""The app's sync: the worker's cycles on a pool thread, results back by signal.

Threads: a cycle (`SyncWorker.run_cycle`, with its own database connection and
HTTP session) runs on this module's one-thread QThreadPool; the GUI thread only
starts cycles (a timer, or "Send now") and receives `progress`, `finished` and
`failed` through queued signals. Nothing here waits for the network on the GUI
thread. Started by ui/app.py on the counter and admin PCs when a portal is set;
the worker's lease keeps two PCs of one office from sending at once.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from kiosk.errors import UserError
from sync.worker import Progress, RunSummary, SyncWorker

log = logging.getLogger(__name__)
WorkerFactory = Callable[[threading.Event, Progress], SyncWorker]


class _Bridge(QObject):
    progress = Signal(int, int)
    done = Signal(object)  # RunSummary, or the exception that ended the cycle


class _Cycle(QRunnable):
    def __init__(self, service: SyncService) -> None:
        super().__init__()
        self.service = service

    def run(self) -> None:
        bridge = self.service._bridge
        try:
            worker = self.service._worker_for_thread()
            bridge.done.emit(worker.run_cycle())
        except Exception as exc:  # noqa: BLE001 - a bug or a setting: shown, never lost
            if not isinstance(exc, UserError):
                log.exception("sync cycle crashed")
            bridge.done.emit(exc)


class SyncService(QObject):
    """Runs a cycle every `interval_s` seconds and on `sync_now()`, one at a time."""

    progress = Signal(int, int)  # settled, total of this cycle
    finished = Signal(object)  # RunSummary
    failed = Signal(object)  # the exception (UserError: a setting to fix)
    running_changed = Signal(bool)

    def __init__(self, make_worker: WorkerFactory, interval_s: float) -> None:
        super().__init__()
        self._make_worker = make_worker
        self._worker: SyncWorker | None = None
        self._stop = threading.Event()
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self._bridge = _Bridge()
        self._bridge.progress.connect(self.progress)
        self._bridge.done.connect(self._done)
        self.running = False
        self.last: RunSummary | None = None
        self.timer = QTimer(self, interval=int(interval_s * 1000))
        self.timer.timeout.connect(self.sync_now)

    def _worker_for_thread(self) -> SyncWorker:
        if self._worker is None:  # built on the pool thread: its connections live there
            self._worker = self._make_worker(self._stop, self._bridge.progress.emit)
        return self._worker

    def start(self) -> None:
        self.timer.start()
        self.sync_now()

    def sync_now(self) -> bool:
        """Start a cycle unless one is running; False when one already is."""
        if self.running or self._stop.is_set():
            return False
        self.running = True
        self.running_changed.emit(True)
        self.pool.start(_Cycle(self))
        return True

    def _done(self, result: object) -> None:
        self.running = False
        self.running_changed.emit(False)
        if isinstance(result, RunSummary):
            self.last = result
            self.finished.emit(result)
        else:
            if isinstance(result, UserError):
                self._worker = None  # settings may be fixed before the next try
            self.failed.emit(result)

    def stop(self, msecs: int = 10_000) -> bool:
        """Stop the timer and ask a running cycle to end after its current request."""
        self.timer.stop()
        self._stop.set()
        done = self.pool.waitForDone(msecs)
        if self._worker is not None:
            self._worker.adapter.close()
            self._worker.db.dispose()
        return done


_service: SyncService | None = None


def make_sync_service(settings) -> SyncService:  # noqa: ANN001 - kiosk.settings.Settings
    """The app's service: its own Database and the adapter the settings name."""
    from kiosk.db.engine import Database
    from sync.connect import make_worker

    def factory(stop: threading.Event, progress: Progress) -> SyncWorker:
        return make_worker(Database(settings.db_url), settings, stop=stop, progress=progress)

    return SyncService(factory, settings["sync.interval_seconds"])


def install_sync(service: SyncService | None) -> None:
    global _service
    _service = service


def current_sync() -> SyncService | None:
    """The running service, or None on a terminal that does not send (no portal set)."""
    return _service
