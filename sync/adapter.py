"""The one interface the sync worker reaches the portal through, and what it exchanges.

The worker (sync/worker.py) knows only `PortalAdapter`, the plain records below
and the exceptions: the contract's HTTP client (sync/http_portal.py) is the first
adapter; a province gateway with its own field names and status codes is another
class with the same methods, and the worker does not change. Adapters translate
their portal's failures into these exceptions, so the worker's retry rules hold
for every portal. Thread: an adapter is used by one worker thread at a time.
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

ITEM_STATUSES = ("accepted", "duplicate", "conflict", "rejected")
# the contract's processing statuses; an adapter may also pass one it does not know
PORTAL_STATUSES = ("received", "not_received", "processing", "needs_supplement",
                   "needs_payment", "withdrawn", "stopped", "done", "returned")


@dataclass(frozen=True)
class OutgoingItem:
    """One outbox row as sent: its payload is the frozen canonical JSON text."""

    id: uuid.UUID
    record_type: str
    created_at: datetime
    payload: str
    payload_sha256: str

    @property
    def size(self) -> int:
        """Bytes this item adds to a request body (payload plus its envelope)."""
        return len(self.payload.encode("utf-8")) + 200


@dataclass(frozen=True)
class ItemResult:
    id: uuid.UUID
    status: str  # one of ITEM_STATUSES
    portal_ref: str | None = None
    errors: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class BatchAnswer:
    results: list[ItemResult]
    server_time: datetime | None = None  # the portal's clock, for the offset shown to staff


@dataclass(frozen=True)
class StatusUpdate:
    id: uuid.UUID
    status: str  # PORTAL_STATUSES or whatever the portal said, kept as is
    portal_ref: str | None = None
    updated_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class StatusPage:
    updates: list[StatusUpdate] = field(default_factory=list)
    next_cursor: str | None = None


class PortalError(Exception):
    """Base of what an adapter raises; the message never holds a secret or a payload."""


class PortalUnavailable(PortalError):
    """Down, slow, throttled, a 5xx, a dropped connection or an answer that cannot be read:
    nothing is known about what was stored, so the same ids are sent again later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PortalTooLarge(PortalError):
    """413: the request must be split."""


class PortalRefused(PortalError):
    """400 or another 4xx for the whole request: something in it is malformed."""


class PortalAuthFailed(PortalError):
    """The portal refuses this device's credentials (after one renewal of the token)."""


class PortalAdapter(Protocol):
    max_items: int  # per batch request
    max_bytes: int  # per batch request body

    def health(self) -> bool:
        """Is the portal reachable and up? Never raises."""

    def send_batch(self, items: Sequence[OutgoingItem]) -> BatchAnswer:
        """Deliver the items; one result per item, in their order."""

    def upload_attachment(self, sha256: str, data: bytes) -> None:
        """Store a scanned document under its hash (present already is success)."""

    def status_updates(self, cursor: str | None, limit: int) -> StatusPage:
        """Processing status changes of this device's records after `cursor`, oldest first."""

    def close(self) -> None:
        """Release connections."""
