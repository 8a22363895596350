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

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from kiosk.services.print_jobs import PrintJobInfo, claim, mark_done, mark_failed, pending_jobs
from printers.backends import PrinterFault, PrinterRegistry
from printers.spooler import deliver
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

    def print_job(self, job_id: uuid.UUID) -> None:
        run_op(self, lambda db: claim(db, job_id), self._claimed,
               lambda error: self.finished.emit(job_id, False, "failed", str(error)))

    def retry_pending(self, printer: str | None = None) -> None:
        terminal = self.terminal
        run_op(self, lambda db: pending_jobs(db, printer, terminal),
               lambda jobs: [self.print_job(job.id) for job in jobs])

    def _claimed(self, job: PrintJobInfo | None) -> None:
        if job is None:
            return  # printed, cancelled, or being printed by another thread or terminal
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
