"""Printing from the app: claim on the DB worker, print on a pool thread, mark on the DB worker.

Threads: `claim`/`mark_*` are ops on the one DB worker; `deliver` (layout and
printer I/O, which may take seconds or time out) runs on this module's
QThreadPool; results come back to the GUI thread by queued signal. Issuing a
ticket or receiving a dossier never waits for a printer: their job rows are
already committed when printing starts.
"""
from __future__ import annotations

import logging
import uuid
from collections import deque

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from kiosk.services.print_jobs import PrintJobInfo, claim, mark_done, mark_failed, pending_jobs
from printers.backends import PrinterFault, PrinterRegistry
from printers.spooler import PRINTER_DOWN, deliver
from ui.runner import run_op

log = logging.getLogger(__name__)


class _Bridge(QObject):
    delivered = Signal(object, object)  # job, PrinterFault | None


class _Delivery(QRunnable):
    def __init__(self, job: PrintJobInfo, registry: PrinterRegistry, bridge: _Bridge) -> None:
        super().__init__()
        self.job, self.registry, self.bridge = job, registry, bridge

    def run(self) -> None:
        fault: PrinterFault | None = None
        try:
            deliver(self.job, self.registry)
        except PrinterFault as exc:
            fault = exc
        except Exception as exc:  # noqa: BLE001 - a bug must leave the job waiting, not vanish
            log.exception("print job %s crashed", self.job.id)
            fault = PrinterFault("failed", type(exc).__name__)
        self.bridge.delivered.emit(self.job, fault)


class PrintPool(QObject):
    """Prints jobs by id; `finished(job_id, printed, fault_code, message)` on the GUI thread."""

    finished = Signal(object, bool, object, object)

    def __init__(self, registry: PrinterRegistry, terminal: str | None = None,
                 threads: int = 3) -> None:
        super().__init__()
        self.registry = registry
        self.terminal = terminal  # retries print only this terminal's jobs
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)
        self._bridge = _Bridge()
        self._bridge.delivered.connect(self._delivered)
        self._retries: dict[str, deque[uuid.UUID]] = {}  # printer -> jobs left to retry
        self.finished.connect(self._retry_next)

    def print_job(self, job_id: uuid.UUID) -> None:
        run_op(self, lambda db: claim(db, job_id), lambda job: self._claimed(job, job_id),
               lambda error: self.finished.emit(job_id, False, "failed", str(error)))

    def retry_pending(self, printer: str | None = None) -> None:
        """This terminal's waiting jobs, one printer's jobs one after another; a printer that
        turns out to be down keeps the rest of its jobs waiting (as `print_pending` does)."""
        terminal = self.terminal
        run_op(self, lambda db: pending_jobs(db, printer, terminal), self._queue_retries)

    def _queue_retries(self, jobs: list[PrintJobInfo]) -> None:
        for job in jobs:
            queue = self._retries.setdefault(job.printer, deque())
            if job.id not in queue:
                queue.append(job.id)
                if len(queue) == 1:
                    self.print_job(job.id)

    def _retry_next(self, job_id: uuid.UUID, printed: bool, fault: str | None,
                    _message: object) -> None:
        for queue in self._retries.values():
            if queue and queue[0] == job_id:
                queue.popleft()
                if not printed and fault in PRINTER_DOWN:
                    queue.clear()
                elif queue:
                    self.print_job(queue[0])

    def _claimed(self, job: PrintJobInfo | None, job_id: uuid.UUID | None = None) -> None:
        if job is None:  # printed, cancelled, or being printed by another thread or terminal
            if job_id is not None:
                self.finished.emit(job_id, False, "not_pending", None)
            return
        self.pool.start(_Delivery(job, self.registry, self._bridge))

    def _delivered(self, job: PrintJobInfo, fault: PrinterFault | None, tries: int = 0) -> None:
        if fault is None:
            def not_marked(error: BaseException) -> None:  # it printed: say so, keep trying
                log.warning("printed job %s not marked yet: %s", job.id, type(error).__name__)
                if tries < 10:
                    QTimer.singleShot(2000, lambda: self._delivered(job, None, tries + 1))

            run_op(self, lambda db: mark_done(db, job.id),
                   lambda _: self.finished.emit(job.id, True, None, None), not_marked)
        else:
            message = f"{fault.code}: {fault.message}"
            run_op(self, lambda db: mark_failed(db, job.id, message),
                   lambda _: self.finished.emit(job.id, False, fault.code, fault.message))

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


_pool: PrintPool | None = None


def make_print_pool(settings) -> PrintPool:  # noqa: ANN001 - kiosk.settings.Settings
    """The app's pool, its printers from settings, `system` printing through Qt."""
    from ui.system_printer import QtSystemBackend

    registry = PrinterRegistry.from_settings(settings)
    registry.register_scheme("system", QtSystemBackend)
    return PrintPool(registry, settings["terminal.id"])


def install_pool(pool: PrintPool) -> None:
    global _pool
    _pool = pool


def current_pool() -> PrintPool:
    if _pool is None:
        raise RuntimeError("no PrintPool installed")
    return _pool
