"""What every screen's header says about the network and sync, read from the database.

The sync worker writes `sync_state`; this only reads it, so a terminal without
the worker (a kiosk pointing at the office server) shows the same truth.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kiosk.clock import as_utc
from kiosk.db.engine import Database
from kiosk.models import SyncState
from kiosk.services.outbox import outbox_counts

@dataclass(frozen=True)
class TerminalStatus:
    portal_configured: bool
    pending: int
    needs_staff: int
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None

    @property
    def online(self) -> bool:
        """The last contact with the portal succeeded (no newer error)."""
        if self.last_success_at is None:
            return False
        return self.last_error_at is None or self.last_error_at <= self.last_success_at


def _when(value: str | None) -> datetime | None:
    return as_utc(datetime.fromisoformat(value)) if value else None


def terminal_status(db: Database, portal_configured: bool) -> TerminalStatus:
    counts = outbox_counts(db)
    with db.read() as s:
        values = dict(s.execute(select(SyncState.name, SyncState.value).where(
            SyncState.name.in_(("last_success_at", "last_error", "last_error_at")))).all())
    return TerminalStatus(
        portal_configured=portal_configured,
        pending=counts.pending,
        needs_staff=counts.needs_staff,
        last_success_at=_when(values.get("last_success_at")),
        last_error=values.get("last_error"),
        last_error_at=_when(values.get("last_error_at")),
    )
