"""Procedures (the catalog), dossiers with their documents, and account requests."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.clock import utc_now
from kiosk.crypto import id_hash
from kiosk.models.base import Base, new_id
from kiosk.models.secret_types import EncryptedDate, EncryptedJSON, EncryptedText

DOSSIER_STATES = ("draft", "received", "cancelled")


class Procedure(Base):
    """One administrative procedure as data: the wizard and the receipt are built from it."""

    __tablename__ = "procedure"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)  # national code, 1.001193
    name: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str] = mapped_column(String(500), default="")
    sector_code: Mapped[str] = mapped_column(String(40), default="", index=True)
    sector_name: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(16), default="commune")  # commune|province|other
    executing_agency: Mapped[str] = mapped_column(Text, default="")
    deadline_days: Mapped[int | None]  # working days, in person
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    fee_vnd: Mapped[int | None]
    fee_text: Mapped[str] = mapped_column(Text, default="")
    documents: Mapped[list[Any]] = mapped_column(default=list)
    form: Mapped[dict[str, Any]] = mapped_column(default=dict)
    form_version: Mapped[int] = mapped_column(default=1)
    source_url: Mapped[str] = mapped_column(String(500), default="")
    source_date: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Dossier(Base):
    __tablename__ = "dossier"
    __table_args__ = (
        # by id number (its keyed hash): a citizen's drafts newest first, or all their dossiers
        Index("ix_dossier_id_hash", "applicant_id_hash", "state", "updated_at"),
        # a name's start (LIKE 'prefix%' on PostgreSQL), newest first, read from the index
        # alone: "NGUYEN THI" matches tens of thousands among a million dossiers
        Index("ix_dossier_name_folded", "applicant_name_folded", "created_at", "id",
              postgresql_ops={"applicant_name_folded": "varchar_pattern_ops"}),
        Index("ix_dossier_received", "office_id", "received_at"),
        Index("ix_dossier_ticket_id", "ticket_id"),
        Index("ix_dossier_state", "state", "updated_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    code: Mapped[str | None] = mapped_column(String(40), unique=True)  # <unit>-YYMMDD-XXXX
    procedure_code: Mapped[str] = mapped_column(ForeignKey("procedure.code"))
    form_version: Mapped[int] = mapped_column(default=1)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    source: Mapped[str] = mapped_column(String(16), default="counter",
                                        server_default="counter")  # kiosk|volunteer|counter
    draft_step: Mapped[str | None] = mapped_column(String(40))  # the wizard page last saved
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"))
    applicant_full_name: Mapped[str] = mapped_column(String(200), default="")
    applicant_name_folded: Mapped[str] = mapped_column(String(200), default="")
    # personal fields are encrypted at rest (docs/SECURITY.md); the id number is found
    # through its keyed hash, set whenever the number is
    applicant_id_number: Mapped[str | None] = mapped_column(EncryptedText)
    applicant_id_hash: Mapped[str | None] = mapped_column(String(64))
    applicant_date_of_birth: Mapped[date | None] = mapped_column(EncryptedDate)
    applicant_phone: Mapped[str | None] = mapped_column(EncryptedText)
    applicant_email: Mapped[str | None] = mapped_column(EncryptedText)
    applicant_address: Mapped[str | None] = mapped_column(String(500))
    answers: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    fee_vnd: Mapped[int] = mapped_column(default=0)
    payment_method: Mapped[str | None] = mapped_column(String(16))  # cash|transfer|free
    received_at: Mapped[datetime | None]
    appointment_at: Mapped[datetime | None]
    received_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    assisted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    portal_ref: Mapped[str | None] = mapped_column(String(60))
    portal_status: Mapped[str | None] = mapped_column(String(32))
    portal_status_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="DossierDocument.position"
    )


class DossierDocument(Base):
    __tablename__ = "dossier_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(60), default="")
    name: Mapped[str] = mapped_column(Text)
    originals: Mapped[int] = mapped_column(default=1)
    copies: Mapped[int] = mapped_column(default=0)
    received: Mapped[bool] = mapped_column(default=False)
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    attachment_path: Mapped[str | None] = mapped_column(String(500))

    dossier: Mapped[Dossier] = relationship(back_populates="documents")


class AccountRequest(Base):
    """A citizen's consented request for help opening a portal account."""

    __tablename__ = "account_request"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    full_name: Mapped[str] = mapped_column(String(200))
    id_number: Mapped[str] = mapped_column(EncryptedText)  # encrypted, as below
    id_number_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    date_of_birth: Mapped[date | None] = mapped_column(EncryptedDate)
    phone: Mapped[str | None] = mapped_column(EncryptedText)
    email: Mapped[str | None] = mapped_column(EncryptedText)
    consent_at: Mapped[datetime]
    consent_version: Mapped[str] = mapped_column(String(20), default="1")
    answers: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    assisted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    outcome: Mapped[str | None] = mapped_column(String(32))
    outcome_note: Mapped[str | None] = mapped_column(String(500))
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("dossier.id"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


# The keyed hash follows the id number on every ORM set (constructor included); bulk
# Core inserts set it themselves (kiosk/services/seed_demo.py).
@event.listens_for(Dossier.applicant_id_number, "set")
def _dossier_id_hash(target: Dossier, value: str | None, _old: object, _by: object) -> None:
    target.applicant_id_hash = id_hash(value)


@event.listens_for(AccountRequest.id_number, "set")
def _request_id_hash(target: AccountRequest, value: str | None, _old: object,
                     _by: object) -> None:
    target.id_number_hash = id_hash(value)
