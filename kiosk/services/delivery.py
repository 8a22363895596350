"""The sync worker's reads and writes of the outbox, each its own short transaction.

Kept apart from the worker (sync/worker.py) so the rules about what a row may
become live beside the data: only a pending row changes; an attempt is committed
before its request leaves; a result is written once; the status cursor moves in
the same transaction as the updates it covers; one worker at a time holds the
lease (several terminals share one PostgreSQL database). Thread: the sync
worker's thread or the `kiosk sync run` process.
"""
from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update

from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.models import Dossier, Outbox, PortalUpload, SyncState

LEASE = "worker_lease"


@dataclass(frozen=True)
class DueRow:
    id: uuid.UUID
    record_type: str
    created_at: datetime
    payload: str
    payload_sha256: str
    attempts: int
    record_id: uuid.UUID


@dataclass(frozen=True)
class Outcome:
    """A result to store: `state` one of the outbox states, errors as the portal gave them."""

    id: uuid.UUID
    state: str
    portal_ref: str | None = None
    errors: tuple[dict[str, str], ...] = ()
    dossier_id: uuid.UUID | None = None  # the dossier the row carries, to keep its portal_ref


def due_rows(db: Database, now: datetime, limit: int, after: datetime | None = None,
             skip: Sequence[uuid.UUID] = ()) -> list[DueRow]:
    """The oldest pending rows whose wait is over, at most `limit` (from ix_outbox_pending)."""
    query = (select(Outbox.id, Outbox.record_type, Outbox.created_at, Outbox.payload,
                    Outbox.payload_sha256, Outbox.attempts, Outbox.record_id)
             .where(Outbox.state == "pending",
                    or_(Outbox.next_attempt_at.is_(None), Outbox.next_attempt_at <= now))
             .order_by(Outbox.created_at, Outbox.id).limit(limit))
    if after is not None:
        query = query.where(Outbox.created_at >= after)
    if skip:
        query = query.where(Outbox.id.not_in(list(skip)))
    with db.read() as s:
        return [DueRow(*row) for row in s.execute(query).all()]


_T = Outbox.__table__
# one row per id (the primary key), as an executemany: given `id IN (...) AND state = ?`
# SQLite's planner picks the state index and scans every pending row of a large backlog
_BUMP = (update(_T).where(_T.c.id == bindparam("b_id"), _T.c.state == "pending")
         .values(attempts=_T.c.attempts + 1, last_attempt_at=bindparam("b_at")))
_DEFER = (update(_T).where(_T.c.id == bindparam("b_id"), _T.c.state == "pending")
          .values(next_attempt_at=bindparam("b_until"), last_error=bindparam("b_error")))


_SETTLE = (update(_T).where(_T.c.id == bindparam("b_id"), _T.c.state == "pending")
           .values(state=bindparam("b_state"), portal_ref=bindparam("b_ref"),
                   last_error=bindparam("b_error"), done_at=bindparam("b_done"),
                   next_attempt_at=None))
_D = Dossier.__table__
_DOSSIER_REF = (update(_D).where(_D.c.id == bindparam("b_id"), _D.c.portal_ref.is_(None))
                .values(portal_ref=bindparam("b_ref")))


def record_attempt(db: Database, ids: Sequence[uuid.UUID], now: datetime) -> None:
    """Committed before the request leaves: a crash after it still shows the try."""
    with db.write() as s:
        s.connection().execute(_BUMP, [{"b_id": i, "b_at": now} for i in ids])


def record_outcomes(db: Database, outcomes: Iterable[Outcome], now: datetime,
                    values: dict[str, str | None] | None = None) -> None:
    """Write each item's result (a row already settled by another worker is left alone),
    and the sync_state `values` that go with it, in one transaction."""
    outcomes = list(outcomes)
    rows = [{"b_id": o.id, "b_state": o.state, "b_ref": o.portal_ref,
             "b_error": json.dumps(list(o.errors), ensure_ascii=False) if o.errors else None,
             "b_done": now if o.state in ("accepted", "duplicate") else None}
            for o in outcomes]
    if not rows:
        return
    delivered = [{"b_id": o.dossier_id, "b_ref": o.portal_ref} for o in outcomes
                 if o.dossier_id is not None and o.portal_ref
                 and o.state in ("accepted", "duplicate")]
    with db.write() as s:
        conn = s.connection()
        conn.execute(_SETTLE, rows)
        if delivered:
            conn.execute(_DOSSIER_REF, delivered)
        if values:
            _set(s, values)


def defer(db: Database, ids: Sequence[uuid.UUID], until: datetime, error: str) -> None:
    """This row waits on its own (it made its batch fail); the others go on."""
    with db.write() as s:
        s.connection().execute(_DEFER, [{"b_id": i, "b_until": until, "b_error": error[:500]}
                                        for i in ids])


def quarantine(db: Database, row_id: uuid.UUID, reason: str) -> None:
    """The local copy cannot be read or sent as it is: staff look at it; the rest goes on."""
    with db.write() as s:
        s.execute(update(Outbox).where(Outbox.id == row_id, Outbox.state == "pending")
                  .values(state="quarantined", last_error=reason[:500], next_attempt_at=None))


def uploaded(db: Database, hashes: Iterable[str]) -> set[str]:
    wanted = sorted(set(hashes))
    if not wanted:
        return set()
    with db.read() as s:
        return set(s.scalars(select(PortalUpload.sha256).where(PortalUpload.sha256.in_(wanted))))


def mark_uploaded(db: Database, sha256: str, now: datetime) -> None:
    with db.write() as s:
        if s.get(PortalUpload, sha256) is None:
            s.add(PortalUpload(sha256=sha256, uploaded_at=now))


def set_values(db: Database, values: dict[str, str | None]) -> None:
    with db.write() as s:
        _set(s, values)


def _set(s: Any, values: dict[str, str | None]) -> None:
    for name, value in values.items():
        row = s.get(SyncState, name)
        if row is None:
            s.add(SyncState(name=name, value=value))
        elif row.value != value:
            row.value = value
            row.updated_at = utc_now()


def status_cursor(db: Database) -> str | None:
    with db.read() as s:
        return s.scalar(select(SyncState.value).where(SyncState.name == "status_cursor"))


def store_status_page(db: Database, updates: Sequence[Any], next_cursor: str | None,
                      now: datetime) -> int:
    """Store pulled statuses (unknown ones as they are) and the cursor, all or nothing.

    Returns how many updates named a record of ours."""
    known = 0
    with db.write() as s, s.no_autoflush:
        ids = list({u.id for u in updates})
        rows = {r.id: r for r in s.scalars(select(Outbox).where(Outbox.id.in_(ids)))} \
            if ids else {}
        dossier_ids = [r.record_id for r in rows.values() if r.record_type == "dossier"]
        dossiers = {d.id: d for d in s.scalars(select(Dossier).where(
            Dossier.id.in_(dossier_ids)))} if dossier_ids else {}
        for update_ in updates:
            row = rows.get(update_.id)
            if row is None:
                continue
            known += 1
            at = update_.updated_at or now
            if row.portal_status_at is not None and row.portal_status_at > at:
                continue  # an older update repeated: the newer status stays
            row.portal_status, row.portal_status_at = update_.status, at
            if update_.portal_ref and not row.portal_ref:
                row.portal_ref = update_.portal_ref
            dossier = dossiers.get(row.record_id) if row.record_type == "dossier" else None
            if dossier is not None:
                dossier.portal_status, dossier.portal_status_at = update_.status, at
                dossier.portal_ref = dossier.portal_ref or update_.portal_ref
        if next_cursor is not None:
            _set(s, {"status_cursor": next_cursor})
    return known


def _dead_here(holder: str, owner: str) -> bool:
    """The holder is a process of this same terminal that no longer runs (killed, crashed):
    its lease need not be waited out. Owners are "<terminal>:<pid>"."""
    terminal, _, pid = holder.rpartition(":")
    mine, _, _ = owner.rpartition(":")
    if not terminal or terminal != mine or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's: leave it
        return False
    return False


def take_lease(db: Database, owner: str, now: datetime, seconds: float) -> bool:
    """One worker at a time per database: take the lease if free, expired, ours, or held by
    a dead process of this terminal (a worker killed mid-run does not block its restart)."""
    value = f"{owner}|{(now + timedelta(seconds=seconds)).isoformat()}"
    with db.write() as s:
        row = s.get(SyncState, LEASE, with_for_update=True)
        if row is None:
            s.add(SyncState(name=LEASE, value=value))
            return True
        holder, _, until = (row.value or "").partition("|")
        try:
            expired = datetime.fromisoformat(until) <= now
        except ValueError:
            expired = True
        if holder and holder != owner and not expired and not _dead_here(holder, owner):
            return False
        row.value, row.updated_at = value, now
        return True


def release_lease(db: Database, owner: str) -> None:
    with db.write() as s:
        s.execute(update(SyncState).where(SyncState.name == LEASE,
                                          SyncState.value.like(f"{owner}|%"))
                  .values(value=None))


def oldest_pending(db: Database) -> datetime | None:
    with db.read() as s:
        return s.scalar(select(Outbox.created_at).where(Outbox.state == "pending")
                        .order_by(Outbox.created_at).limit(1))


def pending_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Outbox)
                        .where(Outbox.state == "pending")) or 0
