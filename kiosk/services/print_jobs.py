"""Print jobs as database rows: queued in the issuing transaction, printed later, never lost.

A job stays `pending` until a printer has taken all of it; a failure only
records the attempt and the error (staff see it and press reprint). The
attempt is counted before the bytes leave, so a crash mid-print shows up as
an attempt without success. Printing itself happens in printers/ (off the
GUI thread); this module only reads and marks rows.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import PrintJob
from kiosk.settings import PRINTER_USES

KINDS = ("ticket", "receipt", "slip", "report", "test")


@dataclass(frozen=True)
class PrintJobInfo:
    id: uuid.UUID
    kind: str
    printer: str
    state: str
    attempts: int
    last_error: str | None
    data: dict[str, Any]
    subject_id: str | None
    created_at: datetime
    printed_at: datetime | None

    @property
    def stuck(self) -> bool:
        return self.state == "pending" and self.attempts > 0


def _info(job: PrintJob) -> PrintJobInfo:
    return PrintJobInfo(job.id, job.kind, job.printer, job.state, job.attempts, job.last_error,
                        dict(job.data), job.subject_id, job.created_at, job.printed_at)


def add_job(session: Session, kind: str, printer: str, data: dict[str, Any],
            subject_id: str | None = None) -> uuid.UUID:
    """Queue a job inside the caller's transaction (commit first, print after)."""
    if kind not in KINDS:
        raise UserError("bad_print_kind", f"Unknown print job kind {kind!r}")
    if printer not in PRINTER_USES:
        raise UserError("bad_printer", f"Printer must be one of {', '.join(PRINTER_USES)}")
    job = PrintJob(kind=kind, printer=printer, data=data, subject_id=subject_id)
    session.add(job)
    session.flush()
    return job.id


def queue_job(db: Database, kind: str, printer: str, data: dict[str, Any],
              subject_id: str | None = None) -> uuid.UUID:
    with db.write() as s:
        return add_job(s, kind, printer, data, subject_id)


def claim(db: Database, job_id: uuid.UUID) -> PrintJobInfo | None:
    """Count an attempt on a pending job and return it; None if it is no longer pending."""
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is None or job.state != "pending":
            return None
        job.attempts += 1
        s.flush()
        return _info(job)


def mark_done(db: Database, job_id: uuid.UUID) -> None:
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is not None:
            job.state, job.printed_at, job.last_error = "done", utc_now(), None


def mark_failed(db: Database, job_id: uuid.UUID, error: str) -> None:
    """The job stays pending, with what went wrong, for a retry or a reprint."""
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is not None:
            job.last_error = error[:500]


def cancel(db: Database, job_id: uuid.UUID) -> None:
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is None:
            raise NotFound("no_such_job", f"No print job {job_id}")
        if job.state == "pending":
            job.state = "cancelled"


def reprint(db: Database, job_id: uuid.UUID) -> uuid.UUID:
    """A new pending job with exactly the same content (a lost or damaged ticket or receipt)."""
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is None:
            raise NotFound("no_such_job", f"No print job {job_id}")
        return add_job(s, job.kind, job.printer, dict(job.data), job.subject_id)


def pending_jobs(db: Database, printer: str | None = None) -> list[PrintJobInfo]:
    with db.read() as s:
        query = select(PrintJob).where(PrintJob.state == "pending").order_by(PrintJob.created_at)
        if printer:
            query = query.where(PrintJob.printer == printer)
        return [_info(job) for job in s.scalars(query)]


def recent_jobs(db: Database, limit: int = 100) -> list[PrintJobInfo]:
    with db.read() as s:
        query = select(PrintJob).order_by(PrintJob.created_at.desc()).limit(limit)
        return [_info(job) for job in s.scalars(query)]


def get_job(db: Database, job_id: uuid.UUID) -> PrintJobInfo:
    with db.read() as s:
        job = s.get(PrintJob, job_id)
        if job is None:
            raise NotFound("no_such_job", f"No print job {job_id}")
        return _info(job)
