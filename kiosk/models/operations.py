"""Records of the office's machinery: sync outbox and state, print jobs, holidays, audit."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utc_now
from kiosk.models.base import Base, new_id
from kiosk.models.secret_types import EncryptedJSON, EncryptedText

OUTBOX_STATES = ("pending", "accepted", "duplicate", "rejected", "conflict", "quarantined")
PRINT_STATES = ("pending", "printing", "done", "cancelled")


class Outbox(Base):
    """One record to deliver to the portal; `id` is the idempotency key it is sent under.

    The payload is frozen (canonical JSON text and its SHA-256) when queued, so
    what is resent after a timeout is byte for byte what was sent before.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),
                      Index("ix_outbox_pending", "state", "created_at"))

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    record_type: Mapped[str] = mapped_column(String(32))  # dossier|account_request
    record_id: Mapped[uuid.UUID] = mapped_column(index=True)
    payload: Mapped[str] = mapped_column(EncryptedText)  # the text, encrypted at rest
    payload_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_attempt_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    portal_ref: Mapped[str | None] = mapped_column(String(60))
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("outbox.id"))
    replaced_at: Mapped[datetime | None]  # staff sent a fixed copy under a new id
    portal_status: Mapped[str | None] = mapped_column(String(32))  # last pulled, kept as sent
    portal_status_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    done_at: Mapped[datetime | None]


class SyncState(Base):
    """Small named values of the sync worker: status cursor, last success, last error, clock offset."""

    __tablename__ = "sync_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class CryptoState(Base):
    """The personal data key against this database (kiosk/services/personal_data.py): a
    known text sealed with it ("check"), its public id ("key_id"), plaintext from before
    encryption still to seal ("plaintext_left"), a key replaced when lost ("replaced")."""

    __tablename__ = "crypto_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class PortalUpload(Base):
    """An attachment the portal has confirmed (201 or 200), so it is not uploaded again."""

    __tablename__ = "portal_upload"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utc_now)


class PrintJob(Base):
    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_state", "state", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))  # ticket|receipt|slip|report|test
    subject_id: Mapped[str | None] = mapped_column(String(64))
    printer: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)  # a receipt's
    terminal: Mapped[str | None] = mapped_column(String(64))  # the PC whose printer it is for
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    claimed_at: Mapped[datetime | None]  # state "printing" since; a stale claim expires
    printed_at: Mapped[datetime | None]


class Holiday(Base):
    """A day off (public holiday, Tết, a compensating day); the admin edits this table."""

    __tablename__ = "holiday"

    day: Mapped[date] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    working_saturday: Mapped[bool] = mapped_column(default=False)  # a make-up working day


class AuditLog(Base):
    """Append-only trail of staff actions; each row carries the hash of the one before."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[str] = mapped_column(String(48))
    subject: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")
