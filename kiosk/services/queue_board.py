"""Read-only views of today's queue for the counter, the display and the admin."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from kiosk.db.engine import Database
from kiosk.models import Counter, Ticket
from kiosk.services.office_setup import the_office


@dataclass(frozen=True)
class CounterNow:
    counter_id: int
    number: int
    name: str
    serving: str | None  # the ticket label called or being served there, if any


def waiting_by_service(db: Database, day: date) -> dict[int, int]:
    with db.read() as s:
        office = the_office(s)
        return dict(s.execute(
            select(Ticket.service_id, func.count())
            .where(Ticket.office_id == office.id, Ticket.business_date == day,
                   Ticket.state == "waiting")
            .group_by(Ticket.service_id)).all())


def counters_now(db: Database, day: date) -> list[CounterNow]:
    with db.read() as s:
        office = the_office(s)
        serving = dict(s.execute(
            select(Ticket.counter_id, Ticket.label)
            .where(Ticket.office_id == office.id, Ticket.business_date == day,
                   Ticket.state.in_(("called", "serving")))
            .order_by(Ticket.called_at)).all())  # the latest call of a counter wins
        counters = s.scalars(select(Counter).where(Counter.office_id == office.id,
                                                   Counter.active.is_(True))
                             .order_by(Counter.number))
        return [CounterNow(c.id, c.number, c.name, serving.get(c.id)) for c in counters]
