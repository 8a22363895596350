"""The queue: tickets, their append-only events, and the daily number counters."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utc_now
from kiosk.models.base import Base, new_id

TICKET_STATES = ("waiting", "called", "serving", "done", "no_show", "cancelled", "transferred")


class SequenceCounter(Base):
    """One row per (name, business date): ticket numbers per service, dossier codes per unit.

    Taken with an upsert inside the issuing transaction, so two terminals never
    get the same value and the daily reset needs no job.
    """

    __tablename__ = "sequence_counter"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    business_date: Mapped[date] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        Index(
            "uq_ticket_number_per_day",
            "service_id", "business_date", "number",
            unique=True,
            sqlite_where=text("transferred_from_id IS NULL"),
            postgresql_where=text("transferred_from_id IS NULL"),
        ),
        Index("ix_ticket_queue", "office_id", "business_date", "state"),
        Index("ix_ticket_called", "office_id", "business_date", "called_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    business_date: Mapped[date]
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(16))  # what is printed and called: "A025"
    priority_group: Mapped[str | None] = mapped_column(String(32))  # None = normal
    state: Mapped[str] = mapped_column(String(16), default="waiting")
    issued_at: Mapped[datetime] = mapped_column(default=utc_now)  # kept by a transfer
    called_at: Mapped[datetime | None]  # first call: the end of the wait
    started_at: Mapped[datetime | None]  # service began
    finished_at: Mapped[datetime | None]  # done, no-show, cancelled or transferred
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    transferred_from_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ticket.id"))
    for_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))  # sent there
    source: Mapped[str] = mapped_column(String(16), default="kiosk")  # kiosk|volunteer|counter|cli
    assisted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    rating: Mapped[str | None] = mapped_column(String(16))
    rating_reason: Mapped[str | None] = mapped_column(String(300))


class TicketEvent(Base):
    """Every state change of a ticket. The display reads recent calls by time and
    remembers the ids it has announced (on PostgreSQL ids may commit out of order)."""

    __tablename__ = "ticket_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ticket.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    note: Mapped[str | None] = mapped_column(String(300))

    __table_args__ = (Index("ix_ticket_event_recent", "to_state", "at"),)
