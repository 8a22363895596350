"""From a print job row to paper: build its layout, hand it to its printer, mark the row.

`deliver` touches no database (the app runs it on the printing pool between two
DB ops: `claim` before, `mark_done`/`mark_failed` after); `print_job` does all
three in a row for the CLI and tests. Runs on any thread but the GUI thread.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.clock import as_utc
from kiosk.db.engine import Database
from kiosk.printables import AccountHelpPrint, ReceiptPrint, TicketPrint, from_data
from kiosk.services.print_jobs import PrintJobInfo, claim, mark_done, mark_failed, pending_jobs
from kiosk.services.reports import DayReport
from printers.backends import PrinterFault, PrinterRegistry
from printers.layout import Layout, Paper
from printers.layouts.account_help_layout import account_help_layout
from printers.layouts.receipt_layout import receipt_layout
from printers.layouts.report_layout import day_report_layout, test_page_layout
from printers.layouts.ticket_layout import ticket_layout

log = logging.getLogger(__name__)
PRINTER_DOWN = ("offline", "out_of_paper", "config")  # retrying its other jobs now is useless


def _report(data: dict[str, Any]) -> DayReport:
    values = dict(data)
    values["day"] = date.fromisoformat(values["day"])
    return DayReport(**values)


def layout_for(job: PrintJobInfo) -> Layout:
    """The job's layout; its paper follows the printer (A4 for `receipt`, a roll otherwise)."""
    paper = Paper.A4 if job.printer == "receipt" else Paper.ROLL_80
    try:
        if job.kind == "ticket":
            return ticket_layout(from_data(TicketPrint, job.data))
        if job.kind == "account_help":
            return account_help_layout(from_data(AccountHelpPrint, job.data), paper)
        if job.kind in ("receipt", "slip"):
            return receipt_layout(from_data(ReceiptPrint, job.data), paper)
        if job.kind == "report":
            return day_report_layout(_report(job.data), paper)
        if job.kind == "test":
            return test_page_layout(job.data["printer"], as_utc(datetime.fromisoformat(
                job.data["at"])), paper)
    except (KeyError, TypeError, ValueError) as exc:
        raise PrinterFault("failed", f"job {job.id} cannot be laid out: {exc}") from None
    raise PrinterFault("failed", f"job {job.id} has an unknown kind {job.kind!r}")


def deliver(job: PrintJobInfo, registry: PrinterRegistry) -> None:
    """Print one job; raises PrinterFault, with a message for staff, when it did not print."""
    layout = layout_for(job)
    registry.backend(job.printer).print_layout(layout, str(job.id))


@dataclass(frozen=True)
class JobOutcome:
    job_id: uuid.UUID
    printed: bool
    fault: str | None = None  # PrinterFault.code
    message: str | None = None


def print_job(db: Database, job_id: uuid.UUID, registry: PrinterRegistry) -> JobOutcome:
    job = claim(db, job_id)
    if job is None:  # already printed or cancelled: printing twice would be wrong
        return JobOutcome(job_id, False, "not_pending", "the job is not waiting to be printed")
    try:
        deliver(job, registry)
    except PrinterFault as fault:
        log.warning("print job %s failed: %s", job_id, fault.code)
        mark_failed(db, job_id, f"{fault.code}: {fault.message}")
        return JobOutcome(job_id, False, fault.code, fault.message)
    except Exception as exc:  # a bug in a layout or backend: the job waits, staff see it
        log.exception("print job %s crashed", job_id)
        mark_failed(db, job_id, f"failed: {type(exc).__name__}")
        return JobOutcome(job_id, False, "failed", type(exc).__name__)
    mark_done(db, job_id)
    return JobOutcome(job_id, True)


def print_pending(db: Database, registry: PrinterRegistry, printer: str | None = None,
                  terminal: str | None = None) -> list[JobOutcome]:
    """Retry every waiting job, oldest first; a printer that fails stops only its own jobs."""
    outcomes: list[JobOutcome] = []
    broken: set[str] = set()
    for job in pending_jobs(db, printer, terminal):
        if job.printer in broken:
            outcomes.append(JobOutcome(job.id, False, "skipped", "its printer failed just now"))
            continue
        outcome = print_job(db, job.id, registry)
        if not outcome.printed and outcome.fault in PRINTER_DOWN:
            broken.add(job.printer)
        outcomes.append(outcome)
    return outcomes
