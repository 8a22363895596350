"""Queueing records for the portal: frozen payload, its hash, one row per send id.

The row is written in the same transaction as the record it carries; the sync
worker (sync/) is the only reader that changes it afterwards.
"""
from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.engine import Database
from kiosk.models import Outbox, SyncState


def canonical_json(payload: dict[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 text: the form the portal hashes (portal-api.md)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def outbox_row(record_type: str, record_id: uuid.UUID, payload: dict[str, Any],
               **extra: Any) -> dict[str, Any]:
    """Column values for one pending row (for bulk inserts as well as `enqueue`)."""
    text = canonical_json(payload)
    return {
        "id": extra.pop("id", record_id),
        "record_type": record_type,
        "record_id": record_id,
        "payload": text,
        "payload_sha256": payload_sha256(text),
        "state": "pending",
        "attempts": 0,
        **extra,
    }


def enqueue(session: Session, record_type: str, record_id: uuid.UUID,
            payload: dict[str, Any]) -> Outbox:
    row = Outbox(**outbox_row(record_type, record_id, payload))
    session.add(row)
    return row


NEEDS_STAFF = ("rejected", "conflict", "quarantined")
DELIVERED = ("accepted", "duplicate")


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    done: int
    needs_staff: int  # rejected, conflict or quarantined


def outbox_counts(db: Database) -> OutboxCounts:
    with db.read() as s:
        rows = dict(s.execute(select(Outbox.state, func.count())
                              .where(Outbox.replaced_at.is_(None))  # fixed and sent again
                              .group_by(Outbox.state)).all())
    return OutboxCounts(
        pending=rows.get("pending", 0),
        done=sum(rows.get(k, 0) for k in DELIVERED),
        needs_staff=sum(rows.get(k, 0) for k in NEEDS_STAFF),
    )


def sync_values(db: Database) -> dict[str, str | None]:
    with db.read() as s:
        return dict(s.execute(select(SyncState.name, SyncState.value)).all())
