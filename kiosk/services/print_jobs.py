"""Print jobs as database rows: queued in the issuing transaction, printed later, never lost.

States: pending -> printing (claimed) -> done, or back to pending with the
error (staff see it and retry or reprint). A claim is one conditional UPDATE,
so two threads or terminals never print the same job; a claim older than
CLAIM_TIMEOUT (the printing process died) can be taken again. Jobs belong to
the terminal that made them: a retry at a counter never prints a kiosk's
ticket on the counter's printer. Tickets left unprinted expire with their day.
Printing itself happens in printers/ (off the GUI thread); this module only
reads and marks rows.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session

from kiosk.clock import VN_TZ, business_date, utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import PrintJob
from kiosk.services import audit
from kiosk.settings import PRINTER_USES

NEVER_TRIED = timedelta(minutes=1)
KINDS = ("ticket", "receipt", "slip", "account_help", "report", "test")


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
        """What staff must see: tried and failed, or never tried for a minute (the printing
        process died before it started)."""
        if self.state != "pending":
            return False
        return self.last_error is not None or utc_now() - self.created_at > NEVER_TRIED

    @property
    def fault(self) -> str | None:
        """The fault code of the last failure: offline, out_of_paper, config, failed."""
        return self.last_error.split(":", 1)[0] if self.last_error else None


def _info(job: PrintJob) -> PrintJobInfo:
    return PrintJobInfo(job.id, job.kind, job.printer, job.state, job.attempts, job.last_error,
                        dict(job.data), job.subject_id, job.created_at, job.printed_at)


_INSERT_JOB = insert(PrintJob.__table__)  # Core: a kiosk adds one with every ticket


def add_job(session: Session, kind: str, printer: str, data: dict[str, Any],
            subject_id: str | None = None, terminal: str | None = None) -> uuid.UUID:
    """Queue a job inside the caller's transaction (commit first, print after)."""
    if kind not in KINDS:
        raise UserError("bad_print_kind", f"Unknown print job kind {kind!r}")
    if printer not in PRINTER_USES:
        raise UserError("bad_printer", f"Printer must be one of {', '.join(PRINTER_USES)}")
    job_id = uuid.uuid4()
    session.execute(_INSERT_JOB, dict(id=job_id, kind=kind, printer=printer, data=data,
                                      subject_id=subject_id, terminal=terminal))
    return job_id


def queue_job(db: Database, kind: str, printer: str, data: dict[str, Any],
              subject_id: str | None = None, terminal: str | None = None) -> uuid.UUID:
    with db.write() as s:
        return add_job(s, kind, printer, data, subject_id, terminal)


CLAIM_TIMEOUT = timedelta(minutes=3)


def _claimable(now: datetime) -> Any:
    return or_(PrintJob.state == "pending",
               and_(PrintJob.state == "printing", PrintJob.claimed_at < now - CLAIM_TIMEOUT))


def claim(db: Database, job_id: uuid.UUID) -> PrintJobInfo | None:
    """Take a job for printing, counting the attempt; None if it is printed, cancelled or
    being printed by someone else right now."""
    now = utc_now()
    with db.write() as s:
        taken = s.execute(update(PrintJob).where(PrintJob.id == job_id, _claimable(now))
                          .values(state="printing", claimed_at=now,
                                  attempts=PrintJob.attempts + 1)).rowcount
        if taken != 1:
            return None
        job = s.get(PrintJob, job_id)
        assert job is not None
        return _info(job)


def mark_done(db: Database, job_id: uuid.UUID) -> None:
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is not None and job.state == "printing":
            job.state, job.printed_at, job.last_error = "done", utc_now(), None


def mark_failed(db: Database, job_id: uuid.UUID, error: str) -> None:
    """Back to pending, with what went wrong, for a retry or a reprint."""
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is not None and job.state == "printing":
            job.state, job.last_error = "pending", error[:500]


def cancel(db: Database, job_id: uuid.UUID) -> None:
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is None:
            raise NotFound("no_such_job", f"No print job {job_id}")
        if job.state == "pending":
            job.state = "cancelled"


def reprint(db: Database, job_id: uuid.UUID, *, staff_id: int | None = None) -> uuid.UUID:
    """A new pending job with exactly the same content (a lost or damaged ticket or receipt);
    recorded in the audit trail with `staff_id`, who asked for it."""
    with db.write() as s:
        job = s.get(PrintJob, job_id)
        if job is None:
            raise NotFound("no_such_job", f"No print job {job_id}")
        new_id = add_job(s, job.kind, job.printer, dict(job.data), job.subject_id, job.terminal)
        audit.record(s, "reprint", staff_id=staff_id, subject=f"{job.kind}:{job.subject_id}",
                     details={"job": str(job.id), "new_job": str(new_id), "kind": job.kind,
                              "printer": job.printer})
        return new_id


def pending_jobs(db: Database, printer: str | None = None,
                 terminal: str | None = None) -> list[PrintJobInfo]:
    """Jobs waiting to print (or whose printing process died), oldest first. With a terminal,
    only that terminal's; a ticket counts only on the day it was taken."""
    now = utc_now()
    today = datetime.combine(business_date(now), datetime.min.time(), VN_TZ)
    with db.read() as s:
        query = select(PrintJob).where(_claimable(now), or_(PrintJob.kind != "ticket",
                                                            PrintJob.created_at >= today))
        if printer:
            query = query.where(PrintJob.printer == printer)
        if terminal:
            query = query.where(PrintJob.terminal == terminal)
        return [_info(job) for job in s.scalars(query.order_by(PrintJob.created_at))]


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
