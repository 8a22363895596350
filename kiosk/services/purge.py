"""Retention: personal data removed some days after the portal reports a record done.

Under Vietnam's personal data rules data is kept only as long as it serves its
purpose. Once the portal reports a dossier or an account request `done` (or
`returned`) and `privacy.purge_after_days` have passed, `purge` clears what
names a person: the applicant's name, id number, date of birth, phone, e-mail
and address, the form's answers, the scanned papers (files too, unless another
kept dossier names the same scan), the payload kept in the outbox and the data
of its print jobs. What statistics need stays: procedure, dates, fee, counter,
code and statuses. Idempotent (a purged record has nothing left to clear);
`dry_run` counts without changing. Thread: the CLI or the DB worker.
"""
from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select, update

from kiosk.attachments import path_of
from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import AccountRequest, Dossier, DossierDocument, Outbox, PrintJob

log = logging.getLogger(__name__)
FINISHED = ("done", "returned")  # portal-api.md statuses after which the data has served
PURGED_PAYLOAD = json.dumps({"purged": True})
CHUNK = 500


@dataclass(frozen=True)
class PurgeResult:
    dossiers: int
    account_requests: int
    outbox_rows: int
    print_jobs: int
    scans_deleted: int
    cutoff: datetime
    dry_run: bool

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "cutoff": self.cutoff.isoformat()}


def purge(db: Database, *, days: int, data_folder: Path | None, now: datetime | None = None,
          dry_run: bool = False, staff_id: int | None = None) -> PurgeResult:
    if days < 0:
        raise UserError("bad_purge_days", "The number of days cannot be negative")
    cutoff = (now or utc_now()) - timedelta(days=days)
    with db.write() as s:
        done_dossiers = list(s.scalars(select(Dossier.id).where(
            Dossier.portal_status.in_(FINISHED), Dossier.portal_status_at < cutoff,
            or_(Dossier.applicant_full_name != "", Dossier.applicant_id_number.is_not(None)))))
        done_requests = list(s.scalars(
            select(AccountRequest.id).join(Outbox, Outbox.record_id == AccountRequest.id)
            .where(Outbox.record_type == "account_request", Outbox.portal_status.in_(FINISHED),
                   Outbox.portal_status_at < cutoff, AccountRequest.full_name != "")
            .distinct()))
        records = done_dossiers + done_requests
        # the payload is encrypted (docs/SECURITY.md): compared once decrypted, not in SQL
        outbox_ids = [row_id for row_id, payload in s.execute(select(Outbox.id, Outbox.payload)
                      .where(Outbox.record_id.in_(records))) if payload != PURGED_PAYLOAD] \
            if records else []
        subjects = [str(r) for r in records]
        job_ids = list(s.scalars(select(PrintJob.id).where(
            PrintJob.subject_id.in_(subjects), PrintJob.state.in_(("done", "cancelled")))))\
            if subjects else []
        scans = _scans_only_these(s, done_dossiers)
        if not dry_run:
            for start in range(0, len(done_dossiers), CHUNK):
                _clear_dossiers(s, done_dossiers[start:start + CHUNK])
            for start in range(0, len(done_requests), CHUNK):
                s.execute(update(AccountRequest)
                          .where(AccountRequest.id.in_(done_requests[start:start + CHUNK]))
                          .values(full_name="", id_number="", id_number_hash=None,
                                  date_of_birth=None, phone=None, email=None, answers={},
                                  outcome_note=None))
            for start in range(0, len(outbox_ids), CHUNK):
                s.execute(update(Outbox).where(Outbox.id.in_(outbox_ids[start:start + CHUNK]))
                          .values(payload=PURGED_PAYLOAD, last_error=None))
            for start in range(0, len(job_ids), CHUNK):
                s.execute(update(PrintJob).where(PrintJob.id.in_(job_ids[start:start + CHUNK]))
                          .values(data={}))
            _audit(s, staff_id, len(done_dossiers), len(done_requests), days)
    deleted = 0 if dry_run or data_folder is None else _delete_scans(data_folder, scans)
    result = PurgeResult(len(done_dossiers), len(done_requests), len(outbox_ids), len(job_ids),
                         deleted if not dry_run else len(scans), cutoff, dry_run)
    log.info("purge%s: %d dossiers, %d account requests", " (dry run)" if dry_run else "",
             result.dossiers, result.account_requests)
    return result


def _clear_dossiers(s, ids: list) -> None:  # noqa: ANN001 - a Session
    s.execute(update(Dossier).where(Dossier.id.in_(ids)).values(
        applicant_full_name="", applicant_name_folded="", applicant_id_number=None,
        applicant_id_hash=None, applicant_date_of_birth=None, applicant_phone=None,
        applicant_email=None, applicant_address=None, answers={}))
    s.execute(update(DossierDocument).where(DossierDocument.dossier_id.in_(ids))
              .values(attachment_sha256=None, attachment_path=None))


def _scans_only_these(s, ids: list) -> list[str]:  # noqa: ANN001 - a Session
    """Stored scan paths of these dossiers that no other dossier names."""
    if not ids:
        return []
    rows = s.execute(select(DossierDocument.attachment_sha256, DossierDocument.attachment_path)
                     .where(DossierDocument.dossier_id.in_(ids),
                            DossierDocument.attachment_path.is_not(None))).all()
    if not rows:
        return []
    shas = {sha for sha, _ in rows}
    shared = set(s.scalars(select(DossierDocument.attachment_sha256).where(
        DossierDocument.attachment_sha256.in_(shas), DossierDocument.dossier_id.not_in(ids))))
    return sorted({path for sha, path in rows if sha not in shared})


def _delete_scans(folder: Path, paths: list[str]) -> int:
    deleted = 0
    for relative in paths:
        try:
            path_of(folder, relative).unlink()
            deleted += 1
        except FileNotFoundError:
            continue
        except (OSError, UserError) as exc:
            log.warning("a purged scan could not be deleted: %s", type(exc).__name__)
    return deleted


def _audit(s, staff_id: int | None, dossiers: int, requests: int, days: int) -> None:  # noqa: ANN001
    try:
        from kiosk.services.audit import record
    except ImportError:  # the audit trail is not installed in this build
        return
    record(s, "purge", staff_id=staff_id, subject=None,
           details={"dossiers": dossiers, "account_requests": requests, "days": days})
