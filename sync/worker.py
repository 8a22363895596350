"""The sync worker: pending outbox rows to the portal in batches, statuses back.

Rules (portal-api.md, and what ODK Collect, CommCare and DHIS2 learned): a row's
payload is the frozen text hashed when it was queued; the attempt is committed
before the request leaves; `duplicate` is success; `rejected` and `conflict` go
to staff; a row whose local copy cannot be read is quarantined; a row that makes
its batch fail is sent alone and then waits on its own, never blocking the
rest; transient failures back off with full jitter and honour Retry-After; the
worker never gives up on a pending row. Attachments go before the dossiers that
name them. One worker per database at a time (a lease in sync_state).

Thread: whichever thread calls it (`kiosk sync run`'s main thread, or the app's
sync thread); it touches the database only through kiosk/services/delivery.py.
"""
from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.services import delivery
from kiosk.services.delivery import DueRow, Outcome
from kiosk.services.outbox import payload_sha256
from sync.adapter import (OutgoingItem, PortalAdapter, PortalAuthFailed, PortalError,
                          PortalRefused, PortalTooLarge, PortalUnavailable)

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (settled this run, settled + pending at start)


@dataclass
class SyncConfig:
    attachments_folder: Path  # the data folder: scans live in <folder>/attachments/
    owner: str = "sync"  # who holds the lease: terminal and process
    backoff_base: float = 1.0  # seconds; the n-th failure in a row waits up to base * 2**n
    backoff_cap: float = 300.0
    max_failures: int = 5  # failures in a row that end one cycle (the loop goes on later)
    suspect_after: int = 5  # a row tried this often goes in ever smaller batches, at last alone
    lease_seconds: float = 120.0
    status_page: int = 500


@dataclass
class RunSummary:
    sent: int = 0  # items put on the wire (a resend counts again)
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    conflict: int = 0
    quarantined: int = 0
    pending: int = 0
    status_updates: int = 0
    portal_up: bool = True
    error: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class _Cycle:
    summary: RunSummary = field(default_factory=RunSummary)
    failures: int = 0
    total: int = 0
    settled: int = 0
    leased_at: datetime | None = None


class SyncWorker:
    def __init__(self, db: Database, adapter: PortalAdapter, config: SyncConfig, *,
                 clock: Callable[[], datetime] = utc_now, rng: random.Random | None = None,
                 progress: Progress | None = None, stop: threading.Event | None = None) -> None:
        self.db, self.adapter, self.config = db, adapter, config
        self.clock = clock
        self.rng = rng or random.Random()
        self.progress = progress
        self.stop = stop or threading.Event()

    # -- the loop ----------------------------------------------------------------------
    def run_forever(self, interval: float, on_cycle: Callable[[RunSummary], None] | None = None
                    ) -> None:
        """Cycles until `stop` is set: every `interval` s, sooner while work is left."""
        failed_cycles = 0
        while not self.stop.is_set():
            summary = self.run_cycle()
            if on_cycle is not None:
                on_cycle(summary)
            failed_cycles = failed_cycles + 1 if summary.error else 0
            wait = self.backoff(failed_cycles) if summary.error else interval
            self.stop.wait(wait)

    def run_cycle(self) -> RunSummary:
        """Health check, push everything due, pull statuses. Never raises for the portal."""
        cycle = _Cycle(leased_at=self.clock())
        summary = cycle.summary
        if not delivery.take_lease(self.db, self.config.owner, cycle.leased_at,
                                   self.config.lease_seconds):
            summary.error = "another terminal is sending"
            summary.pending = delivery.pending_count(self.db)
            return summary
        try:
            if not self.adapter.health():
                summary.portal_up = False
                summary.error = "portal unreachable"
            else:
                if self._push(cycle) and not self.stop.is_set():
                    self._pull(cycle)
        except PortalAuthFailed as exc:
            summary.error = f"credentials refused: {exc}"
        except PortalError as exc:  # one no rule above covers: a 413 to a status request
            summary.error = str(exc)
        finally:
            delivery.release_lease(self.db, self.config.owner)
        summary.pending = delivery.pending_count(self.db)
        self._note(summary)
        return summary

    def _note(self, summary: RunSummary) -> None:
        now = self.clock().isoformat()
        values: dict[str, str | None] = {"last_run_at": now,
                                         "last_run": json.dumps(summary.as_dict())}
        if summary.error:
            values.update(last_error=summary.error, last_error_at=now)
            log.warning("sync cycle: %s (%d pending)", summary.error, summary.pending)
        else:
            values["last_success_at"] = now
        delivery.set_values(self.db, values)
        oldest = delivery.oldest_pending(self.db)
        if oldest is not None and self.clock() - oldest > timedelta(days=1):
            log.warning("a record has waited more than a day to reach the portal")

    def backoff(self, failures: int, retry_after: float | None = None) -> float:
        """Full jitter: uniform(base, min(cap, base * 2**failures)), at least Retry-After."""
        base, cap = self.config.backoff_base, self.config.backoff_cap
        delay = self.rng.uniform(base, min(cap, base * 2 ** min(failures, 20)))
        return max(delay, retry_after or 0.0)

    # -- push --------------------------------------------------------------------------
    def _push(self, cycle: _Cycle) -> bool:
        """Send until nothing is due; False when the portal kept failing or the lease went."""
        cycle.total = delivery.pending_count(self.db)
        while not self.stop.is_set():
            batch = self._next_batch(cycle)
            if batch is None:
                return True
            if not batch:
                continue  # all quarantined: take the next ones
            try:
                self._send(batch, cycle)
                cycle.failures = 0
            except PortalUnavailable as exc:
                cycle.failures += 1
                cycle.summary.error = str(exc)
                delivery.set_values(self.db, {"last_error": str(exc),
                                              "last_error_at": self.clock().isoformat()})
                if cycle.failures >= self.config.max_failures:
                    return False
                self.stop.wait(self.backoff(cycle.failures, exc.retry_after))
            else:
                cycle.summary.error = None
            if not self._renew_lease(cycle):
                cycle.summary.error = "another terminal took over sending"
                return False
        return True

    def _renew_lease(self, cycle: _Cycle) -> bool:
        """Every quarter of the lease's life, not every batch (a write saved per batch)."""
        now = self.clock()
        if cycle.leased_at is not None and \
                (now - cycle.leased_at).total_seconds() < self.config.lease_seconds / 4:
            return True
        cycle.leased_at = now
        return delivery.take_lease(self.db, self.config.owner, now, self.config.lease_seconds)

    def _next_batch(self, cycle: _Cycle) -> list[DueRow] | None:
        """Up to the adapter's limits, oldest first; None when nothing is due."""
        rows = delivery.due_rows(self.db, self.clock(), self.adapter.max_items)
        if not rows:
            return None
        batch: list[DueRow] = []
        size, limit = 300, self.adapter.max_items
        for row in rows:
            problem = self._unreadable(row)
            if problem:
                delivery.quarantine(self.db, row.id, problem)
                cycle.summary.quarantined += 1
                cycle.settled += 1
                continue
            if not batch:
                limit = self._batch_limit(row)
            elif len(batch) >= limit or self._batch_limit(row) < limit \
                    or size + len(row.payload.encode()) + 200 > self.adapter.max_bytes:
                break
            batch.append(row)
            size += len(row.payload.encode()) + 200
        return self._with_attachments(batch, cycle)

    def _batch_limit(self, row: DueRow) -> int:
        """A full batch; once tried `suspect_after` times, half as many at each further try,
        then alone: a row that makes its batch fail is found in a few tries, while rows that
        were only unlucky (faults, lost answers, a crash) are not sent one by one."""
        over = row.attempts - self.config.suspect_after
        return self.adapter.max_items if over < 0 else max(1, self.adapter.max_items >> (over + 1))

    def _unreadable(self, row: DueRow) -> str | None:
        if payload_sha256(row.payload) != row.payload_sha256:
            return "the stored payload no longer matches its hash"
        try:
            payload = json.loads(row.payload)
        except ValueError:
            return "the stored payload is not JSON"
        if not isinstance(payload, dict):
            return "the stored payload is not a JSON object"
        if len(row.payload.encode()) + 500 > self.adapter.max_bytes:
            return "the record is larger than the portal accepts in one request"
        return None

    def _with_attachments(self, batch: list[DueRow], cycle: _Cycle) -> list[DueRow]:
        """Upload the scans the batch names and the portal lacks; drop rows whose scan is gone."""
        wanted: dict[str, list[DueRow]] = {}
        for row in batch:
            if row.record_type != "dossier":
                continue
            for document in json.loads(row.payload).get("documents") or []:
                sha = document.get("attachment_sha256") if isinstance(document, dict) else None
                if isinstance(sha, str) and sha:
                    wanted.setdefault(sha, []).append(row)
        if not wanted:
            return batch
        missing = set(wanted) - delivery.uploaded(self.db, wanted)
        lost: set[object] = set()
        for sha in sorted(missing):
            data = self._read_scan(sha)
            if data is None:
                for row in wanted[sha]:
                    if row.id not in lost:
                        lost.add(row.id)
                        delivery.quarantine(self.db, row.id, f"scan {sha[:12]}… is missing "
                                            "or damaged in the data folder")
                        cycle.summary.quarantined += 1
                        cycle.settled += 1
                continue
            self.adapter.upload_attachment(sha, data)  # PortalUnavailable: the batch waits
            delivery.mark_uploaded(self.db, sha, self.clock())
        return [row for row in batch if row.id not in lost]

    def _read_scan(self, sha: str) -> bytes | None:
        folder = self.config.attachments_folder / "attachments" / sha[:2]
        for path in sorted(folder.glob(f"{sha}.*")) if folder.is_dir() else ():
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if hashlib.sha256(data).hexdigest() == sha:
                return data
        return None

    def _send(self, batch: Sequence[DueRow], cycle: _Cycle) -> None:
        items = [OutgoingItem(r.id, r.record_type, r.created_at, r.payload, r.payload_sha256)
                 for r in batch]
        delivery.record_attempt(self.db, [r.id for r in batch], self.clock())
        cycle.summary.sent += len(items)
        before = self.clock()
        try:
            answer = self.adapter.send_batch(items)
        except PortalTooLarge:
            if len(batch) == 1:
                delivery.quarantine(self.db, batch[0].id, "the portal says the record is too large")
                cycle.summary.quarantined += 1
                return
            self._split(batch, cycle)
            return
        except PortalRefused as exc:
            if len(batch) == 1:  # this row alone breaks the request: it waits, the rest go on
                row = batch[0]
                delivery.defer(self.db, [row.id], self.clock() + self._item_wait(row), str(exc))
                return
            self._split(batch, cycle)
            return
        except PortalUnavailable as exc:
            if len(batch) == 1 and self._batch_limit(batch[0]) == 1:  # isolated: it waits alone
                row = batch[0]
                delivery.defer(self.db, [row.id], self.clock() + self._item_wait(row), str(exc))
            raise
        after = self.clock()
        dossiers = {r.id: r.record_id for r in batch if r.record_type == "dossier"}
        outcomes = [Outcome(r.id, r.status, r.portal_ref, r.errors, dossiers.get(r.id))
                    for r in answer.results]
        values: dict[str, str | None] = {"last_success_at": after.isoformat()}
        if answer.server_time is not None:
            offset = (answer.server_time - (before + (after - before) / 2)).total_seconds()
            values["clock_offset_s"] = f"{offset:.1f}"
        delivery.record_outcomes(self.db, outcomes, after, values)
        for outcome in outcomes:
            setattr(cycle.summary, outcome.state, getattr(cycle.summary, outcome.state) + 1)
        cycle.settled += len(outcomes)
        if self.progress is not None:
            self.progress(cycle.settled, max(cycle.total, cycle.settled))

    def _split(self, batch: Sequence[DueRow], cycle: _Cycle) -> None:
        half = len(batch) // 2
        self._send(batch[:half], cycle)
        self._send(batch[half:], cycle)

    def _item_wait(self, row: DueRow) -> timedelta:
        return timedelta(seconds=min(3600.0, self.backoff(row.attempts + 1)))

    # -- pull --------------------------------------------------------------------------
    def _pull(self, cycle: _Cycle) -> None:
        cursor = delivery.status_cursor(self.db)
        failures = 0
        while not self.stop.is_set():
            try:
                page = self.adapter.status_updates(cursor, self.config.status_page)
            except PortalUnavailable as exc:
                failures += 1
                if failures >= self.config.max_failures:
                    cycle.summary.error = f"status updates: {exc}"
                    return
                self.stop.wait(self.backoff(failures, exc.retry_after))
                continue
            except PortalRefused as exc:  # e.g. a cursor the portal forgot: start over
                log.warning("status cursor refused (%s); asking from the start", exc)
                if cursor is None:
                    cycle.summary.error = f"status updates: {exc}"
                    return
                cursor = None
                continue
            failures = 0
            cycle.summary.status_updates += delivery.store_status_page(
                self.db, page.updates, page.next_cursor, self.clock())
            if not page.updates or page.next_cursor in (None, cursor):
                return
            cursor = page.next_cursor
