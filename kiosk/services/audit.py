"""The audit trail: an append-only, hash-chained record of what staff did.

Why: an office must be able to show who signed in, called, received, reprinted,
purged or changed settings, and that nobody edited that record afterwards. Each
row carries the SHA-256 of the row before it (`prev_hash`) and its own `hash`,
computed over every stored field but `id`: the time, the staff member, the
action, the subject, the details and `prev_hash` itself. So editing any of them
breaks that row's hash, and deleting, reordering or slipping in a row breaks the
link of the row after it. `id` only orders the chain (PostgreSQL sequences leave
gaps after a rollback, so ids need not be consecutive). What a bare chain cannot
show is the newest rows being cut off, or the whole tail recomputed by someone
with write access: for that, note the `last_hash` that `verify` reports (on the
day's report, say) and compare later.

`record(session, ...)` appends inside the caller's transaction, so an action and
its audit row commit together or not at all; call it last, after the action's
own row locks are taken. Appenders are serialised so two terminals never fork
the chain: on PostgreSQL by a transaction advisory lock taken before the last
hash is read; on SQLite the write transaction (BEGIN IMMEDIATE) already holds
the database's write lock.

Details never hold personal data of citizens (no names, id numbers, phones,
addresses): only ids and codes (dossier code, ticket label, outbox id). Keys
that name such data are refused.

Thread: whichever runs the action, the UI's DB worker or the CLI; `verify` and
`export_csv` stream in chunks and are meant for the CLI or a worker, never the
GUI thread.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TextIO

from sqlalchemy import Row, select, text
from sqlalchemy.orm import Session

from kiosk.clock import VN_TZ, utc_now
from kiosk.db.engine import Database
from kiosk.models import AuditLog, StaffUser

log = logging.getLogger(__name__)

# What is recorded, and by which function:
ACTIONS = (
    "sign_in",          # staff.authenticate succeeded; subject: the user name
    "sign_in_failed",   # staff.authenticate refused (reason: bad_secret, locked_out, ...)
    "sign_out",         # the UI signed a member of staff out (use `append`)
    "call",             # tickets.call_next / call_number / recall; subject: the ticket label
    "receive",          # reception.receive; subject: the dossier code
    "reprint",          # print_jobs.reprint; subject: kind:subject of the job
    "purge",            # old personal data removed (the purge command)
    "settings_change",  # office bank account, announcements, holidays
    "staff_change",     # a staff account added, or its password or PIN changed
    "account_outcome",  # what came of account help (reserved: not hooked yet)
    "sync_resend",      # sync_overview.resend_fixed; subject: record_type:record_id
)
GENESIS = ""  # the prev_hash of the first row
HASH_FORMAT = "kiosk-audit-1"  # first element of what is hashed; a new format, a new tag
AUDIT_LOCK_KEY = 0x6B696F736B617564  # "kioskaud": pg_advisory_xact_lock of appenders
CHUNK = 5000
# keys that would carry a citizen's personal data (or a secret); refused at any depth
FORBIDDEN_KEYS = frozenset({
    "full_name", "name_folded", "id_number", "citizen_id", "cccd", "date_of_birth", "phone",
    "email", "address", "answers", "applicant", "password", "pin", "secret",
})
SUBJECT_MAX = 100


class AuditError(ValueError):
    """A programming error in what is recorded (unknown action, personal data, a float)."""


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int  # rows checked: all of them, or up to and including the first bad one
    first_bad_id: int | None
    problem: str | None  # content_changed | chain_broken
    last_hash: str | None = None  # the newest row's hash, to note down when ok

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "first_bad_id": self.first_bad_id,
                "problem": self.problem, "last_hash": self.last_hash}


def _check_value(value: Any, where: str) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise AuditError(f"audit details key {key!r} at {where} is not a string")
            if key.lower() in FORBIDDEN_KEYS:
                raise AuditError(f"audit details must not hold {key!r} (personal data)")
            _check_value(inner, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, inner in enumerate(value):
            _check_value(inner, f"{where}[{index}]")
    elif isinstance(value, float):  # JSONB and JSON read numbers back differently
        raise AuditError(f"audit details at {where}: store a float as text or an integer")
    elif value is not None and not isinstance(value, (str, int, bool)):
        raise AuditError(f"audit details at {where}: {type(value).__name__} is not JSON; "
                         "pass str(value)")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)


def _at_text(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, at: datetime, staff_id: int | None, action: str,
               subject: str | None, details: dict[str, Any]) -> str:
    """SHA-256 over every stored field but the id, as canonical JSON."""
    body = _canonical([HASH_FORMAT, prev_hash, _at_text(at), staff_id, action, subject,
                       details])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(session: Session, action: str, *, staff_id: int | None = None,
           subject: str | None = None, details: dict[str, Any] | None = None) -> AuditLog:
    """Append one entry inside the caller's (write) transaction; it commits with it."""
    if action not in ACTIONS:
        raise AuditError(f"unknown audit action {action!r}")
    details = dict(details or {})
    _check_value(details, "details")
    details = json.loads(_canonical(details))  # what is stored is exactly what is hashed
    subject = None if subject is None else str(subject)[:SUBJECT_MAX]
    session.flush()  # the action's own writes first: the lock below is held only to commit
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})
    prev = session.scalar(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1))
    prev_hash = GENESIS if prev is None else prev
    at = utc_now()
    row = AuditLog(at=at, staff_id=staff_id, action=action, subject=subject, details=details,
                   prev_hash=prev_hash,
                   hash=entry_hash(prev_hash, at, staff_id, action, subject, details))
    session.add(row)
    session.flush()
    return row


def append(db: Database, action: str, *, staff_id: int | None = None,
           subject: str | None = None, details: dict[str, Any] | None = None) -> int:
    """An entry in a transaction of its own (an action with no other write: sign-out)."""
    with db.write() as s:
        return record(s, action, staff_id=staff_id, subject=subject, details=details).id


_COLUMNS = (AuditLog.id, AuditLog.at, AuditLog.staff_id, AuditLog.action, AuditLog.subject,
            AuditLog.details, AuditLog.prev_hash, AuditLog.hash)


def _rows(session: Session, *where: Any, chunk: int = CHUNK,
          extra: tuple[Any, ...] = ()) -> Iterator[Row[Any]]:
    """Rows in chain order, `chunk` at a time (keyset on id: 1M rows never sit in memory)."""
    after: int | None = None
    while True:
        query = select(*_COLUMNS, *extra).where(*where)
        if extra:
            query = query.outerjoin(StaffUser, StaffUser.id == AuditLog.staff_id)
        if after is not None:
            query = query.where(AuditLog.id > after)
        batch = session.execute(query.order_by(AuditLog.id).limit(chunk)).all()
        yield from batch
        if len(batch) < chunk:
            return
        after = batch[-1].id


def verify(db: Database, *, chunk: int = CHUNK) -> VerifyResult:
    """Walk the chain from the first row; stop at the first row whose content does not match
    its hash (content_changed: edited) or whose prev_hash is not the hash of the row before
    (chain_broken: a row deleted, moved or slipped in before it)."""
    count, expected, last_id = 0, GENESIS, None
    with db.read() as s:
        try:
            for row in _rows(s, chunk=chunk):
                count += 1
                if _hash_of(row) != row.hash:
                    log.warning("audit row %s does not match its hash", row.id)
                    return VerifyResult(False, count, row.id, "content_changed")
                if row.prev_hash != expected:
                    log.warning("audit chain broken before row %s", row.id)
                    return VerifyResult(False, count, row.id, "chain_broken")
                expected, last_id = row.hash, row.id
        except (ValueError, TypeError):  # a time or JSON edited into something unreadable
            s.rollback()
            bad = _first_unreadable(s, last_id, chunk)
            log.warning("audit row %s cannot be read back", bad)
            return VerifyResult(False, count + 1, bad, "content_changed")
    return VerifyResult(True, count, None, None, expected or None)


def _hash_of(row: Row[Any]) -> str | None:
    if not isinstance(row.details, dict) or not isinstance(row.at, datetime):
        return None
    try:
        return entry_hash(row.prev_hash, row.at, row.staff_id, row.action, row.subject,
                          row.details)
    except (TypeError, ValueError):
        return None


def _first_unreadable(session: Session, after: int | None, chunk: int) -> int | None:
    """The row of the failed chunk (the one after `after`) that cannot be read."""
    query = select(AuditLog.id).order_by(AuditLog.id).limit(chunk)
    if after is not None:
        query = query.where(AuditLog.id > after)
    for row_id in session.scalars(query).all():
        try:
            session.execute(select(*_COLUMNS).where(AuditLog.id == row_id)).one()
        except (ValueError, TypeError):
            return row_id
    return None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, VN_TZ).astimezone(UTC)


CSV_HEADER = ("id", "at", "staff_id", "staff", "action", "subject", "details", "prev_hash",
              "hash")


def export_csv(db: Database, out: TextIO, start: date | None = None,
               end: date | None = None, *, chunk: int = CHUNK) -> int:
    """Write the entries (business dates start..end inclusive, in Vietnam time) as CSV with
    a header, oldest first; returns how many rows were written. Times are UTC ISO 8601."""
    where = []
    if start is not None:
        where.append(AuditLog.at >= _day_start(start))
    if end is not None:
        where.append(AuditLog.at < _day_start(end + timedelta(days=1)))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    written = 0
    with db.read() as s:
        for row in _rows(s, *where, chunk=chunk, extra=(StaffUser.username,)):
            writer.writerow((row.id, _at_text(row.at), "" if row.staff_id is None else row.staff_id,
                             row.username or "", row.action, row.subject or "",
                             _canonical(row.details), row.prev_hash, row.hash))
            written += 1
    return written
