"""The queue's operations at the counters: call, recall, start, finish, no-show, transfer.

Each operation is one write transaction that changes the ticket and appends a
ticket event, so wait and service times fall out of events and a crash loses
nothing committed. Issuing is kiosk/services/issuing.py. On PostgreSQL the next
ticket is picked with SKIP LOCKED so two counters calling at once never get the
same citizen. Runs on the UI's DB worker thread or in the CLI.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, contains_eager

from kiosk.clock import business_date, utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import Counter, Office, Service, Ticket, TicketEvent
from kiosk.printables import TICKET_QR_PREFIX
from kiosk.queue_rules import Waiting, check_move, normals_since_last_priority, pick_next
from kiosk.services import audit
from kiosk.services.office_setup import the_office
from kiosk.textnorm import storable

ACTIVE = ("called", "serving")


@dataclass(frozen=True)
class TicketInfo:
    id: uuid.UUID
    label: str
    number: int
    service_id: int
    service_code: str
    service_name_vi: str
    service_name_en: str
    priority_group: str | None
    state: str
    issued_at: datetime
    counter_number: int | None
    people_ahead: int = 0
    wait_minutes: int | None = None
    print_job_id: uuid.UUID | None = None


def _info(s: Session, t: Ticket, **extra: object) -> TicketInfo:
    service = s.get(Service, t.service_id)
    counter = s.get(Counter, t.counter_id) if t.counter_id else None
    assert service is not None
    return TicketInfo(t.id, t.label, t.number, t.service_id, service.code, service.name_vi,
                      service.name_en, t.priority_group, t.state, t.issued_at,
                      counter.number if counter else None, **extra)  # type: ignore[arg-type]


def _move(s: Session, t: Ticket, to_state: str, *, counter_id: int | None = None,
          officer_id: int | None = None, note: str | None = None) -> None:
    check_move(t.label, t.state, to_state)
    now = utc_now()
    s.add(TicketEvent(ticket_id=t.id, at=now, from_state=t.state, to_state=to_state,
                      counter_id=counter_id or t.counter_id, officer_id=officer_id or t.officer_id,
                      note=note))
    if to_state == "called":
        t.counter_id, t.officer_id = counter_id or t.counter_id, officer_id or t.officer_id
        t.called_at = t.called_at or now
        t.finished_at = None
    elif to_state == "serving":
        t.started_at = now
    elif to_state in ("done", "no_show", "cancelled", "transferred"):
        t.finished_at = now
    t.state = to_state


def _service(s: Session, office: Office | None, service: str | int) -> Service:
    """An open service of the office (None: of the first office, read in the same query)."""
    query = select(Service).join(Office, Office.id == Service.office_id) \
        .options(contains_eager(Service.office))
    query = query.where(Office.id == office.id) if office is not None else \
        query.order_by(Office.id).limit(1)
    query = query.where(Service.id == service if isinstance(service, int) else
                        Service.code == service)
    found = s.scalar(query)
    if found is None or not found.active:
        raise NotFound("no_such_service", f"No open service {service!r}", service=str(service))
    return found


def _counter(s: Session, counter_id: int) -> Counter:
    counter = s.get(Counter, counter_id)
    if counter is None or not counter.active:
        raise NotFound("no_such_counter", f"No open counter {counter_id}")
    return counter


def _locked(query):  # noqa: ANN001, ANN202 - a Select of Ticket
    """Lock the row read (PostgreSQL; SQLite writers are already serialised) and see its
    committed state, so two counters acting on one ticket cannot both succeed."""
    return query.with_for_update().execution_options(populate_existing=True)


def _current(s: Session, counter_id: int) -> Ticket | None:
    return s.scalar(_locked(select(Ticket).where(Ticket.counter_id == counter_id,
                                                 Ticket.business_date == business_date(),
                                                 Ticket.state.in_(ACTIVE))
                            .order_by(Ticket.called_at.desc()).limit(1)))


def _finish_current(s: Session, counter_id: int, officer_id: int | None) -> None:
    current = _current(s, counter_id)
    if current is not None:
        _move(s, current, "done", officer_id=officer_id)


def call_next(db: Database, counter_id: int, officer_id: int | None = None, *,
              normal_per_priority: int = 2) -> TicketInfo | None:
    """Finish the counter's current ticket and call the next one for its services."""
    day = business_date()
    with db.write() as s:
        counter = _counter(s, counter_id)
        service_ids = [v.id for v in counter.services]
        _finish_current(s, counter_id, officer_id)
        mine = or_(and_(Ticket.service_id.in_(service_ids), Ticket.for_counter_id.is_(None)),
                   Ticket.for_counter_id == counter_id)  # its services, and those sent to it
        candidates = s.scalars(
            select(Ticket).where(mine, Ticket.business_date == day, Ticket.state == "waiting")
            .order_by(Ticket.issued_at).limit(200)).all()
        sent_here = [t for t in candidates if t.for_counter_id == counter_id]
        recent = s.scalars(  # the rule holds per counter: others' calls do not count here
            select(Ticket.priority_group).where(Ticket.counter_id == counter_id,
                                                Ticket.business_date == day,
                                                Ticket.called_at.is_not(None))
            .order_by(Ticket.called_at.desc()).limit(normal_per_priority + 1)).all()
        since = normals_since_last_priority([g is not None for g in recent])
        waiting = [Waiting(t, t.priority_group is not None, t.issued_at) for t in candidates]
        # Lock only the chosen ticket: locking every candidate would make a counter calling
        # at the same moment skip them all and find nobody. A ticket another counter holds
        # or has just called is passed over for the next choice.
        while True:  # citizens another counter sent here come first, in arrival order
            chosen = next((w for w in waiting if w.key in sent_here), None) or \
                pick_next(waiting, since, normal_per_priority)
            if chosen is None:
                _audit_call(s, None, counter_id, officer_id, "next")
                return None
            assert isinstance(chosen.key, Ticket)
            ticket = s.scalar(select(Ticket).where(Ticket.id == chosen.key.id,
                                                   Ticket.state == "waiting")
                              .with_for_update(skip_locked=True)
                              .execution_options(populate_existing=True))
            if ticket is not None:
                break
            waiting.remove(chosen)
        _move(s, ticket, "called", counter_id=counter_id, officer_id=officer_id)
        _audit_call(s, ticket, counter_id, officer_id, "next")
        return _info(s, ticket)


def _audit_call(s: Session, ticket: Ticket | None, counter_id: int, officer_id: int | None,
                how: str) -> None:
    """The call in the audit trail, last in the transaction (after the ticket locks)."""
    counter = s.get(Counter, counter_id)
    audit.record(s, "call", staff_id=officer_id, subject=ticket.label if ticket else None,
                 details={"how": how, "counter": counter.number if counter else None,
                          "ticket_id": str(ticket.id) if ticket else None})


def _by_label(s: Session, office_id: int, label: str, day: date) -> Ticket:
    text = label.strip()
    if text.upper().startswith(TICKET_QR_PREFIX):
        try:
            scanned = s.scalar(_locked(select(Ticket).where(
                Ticket.id == uuid.UUID(text[len(TICKET_QR_PREFIX):]))))
        except ValueError:
            scanned = None
        if scanned is None or scanned.business_date != day:
            raise NotFound("no_such_ticket", "That ticket is not from today", label=text)
        while scanned.state == "transferred":  # the scan names the first ticket: follow it
            moved = s.scalar(_locked(select(Ticket).where(
                Ticket.transferred_from_id == scanned.id)))
            if moved is None:
                break
            scanned = moved
        return scanned
    if not storable(text):  # a NUL or a lone surrogate: in no label, and fit for no query
        raise NotFound("no_such_ticket", f"No ticket {label!r} today", label=label)
    ticket = s.scalar(_locked(select(Ticket).where(
        Ticket.office_id == office_id, Ticket.business_date == day,
        Ticket.label == label.strip().upper(), Ticket.state.not_in(("transferred",)))
        .order_by(Ticket.issued_at.desc()).limit(1)))
    if ticket is None:
        raise NotFound("no_such_ticket", f"No ticket {label!r} today", label=label)
    return ticket


def call_number(db: Database, counter_id: int, label: str, officer_id: int | None = None, *,
                reopen_minutes: int = 30) -> TicketInfo:
    """Call a given number: a waiting one, or a no-show still within the tolerance."""
    with db.write() as s:
        counter = _counter(s, counter_id)
        ticket = _by_label(s, counter.office_id, label, business_date())
        if ticket.state == "no_show" and ticket.finished_at is not None and \
                utc_now() - ticket.finished_at > timedelta(minutes=reopen_minutes):
            raise UserError("no_show_expired", f"{ticket.label} missed the call more than "
                            f"{reopen_minutes} minutes ago: take a new number",
                            label=ticket.label, minutes=reopen_minutes)
        if ticket.state in ACTIVE and ticket.counter_id != counter_id:
            raise UserError("called_elsewhere", f"{ticket.label} is already called to another "
                            "counter", label=ticket.label)
        current = _current(s, counter_id)
        if current is not None and current.id != ticket.id:  # one active ticket per counter
            _move(s, current, "done", officer_id=officer_id)
        _move(s, ticket, "called", counter_id=counter_id, officer_id=officer_id)
        _audit_call(s, ticket, counter_id, officer_id, "number")
        return _info(s, ticket)


def _act(db: Database, counter_id: int, to_state: str, officer_id: int | None) -> TicketInfo:
    with db.write() as s:
        _counter(s, counter_id)
        ticket = _current(s, counter_id)
        if ticket is None:
            raise UserError("no_current_ticket", "This counter has no ticket called")
        _move(s, ticket, to_state, officer_id=officer_id)
        return _info(s, ticket)


def recall(db: Database, counter_id: int, officer_id: int | None = None) -> TicketInfo:
    with db.write() as s:
        ticket = _current(s, counter_id)
        if ticket is None or ticket.state != "called":
            raise UserError("nothing_to_recall", "No ticket is waiting to come to this counter")
        _move(s, ticket, "called", officer_id=officer_id, note="recall")
        _audit_call(s, ticket, counter_id, officer_id, "recall")
        return _info(s, ticket)


def start(db: Database, counter_id: int, officer_id: int | None = None) -> TicketInfo:
    return _act(db, counter_id, "serving", officer_id)


def done(db: Database, counter_id: int, officer_id: int | None = None) -> TicketInfo:
    return _act(db, counter_id, "done", officer_id)


def no_show(db: Database, counter_id: int, officer_id: int | None = None) -> TicketInfo:
    return _act(db, counter_id, "no_show", officer_id)


def transfer(db: Database, counter_id: int, to_service: str | int | None = None,
             officer_id: int | None = None, *, to_counter: int | None = None) -> TicketInfo:
    """Close the current ticket and queue it again, same number and arrival: in another
    service, or (to_counter, a counter id) for one given counter, which calls it first."""
    if (to_service is None) == (to_counter is None):
        raise UserError("transfer_target", "Transfer to a service or to a counter")
    with db.write() as s:
        counter = _counter(s, counter_id)
        ticket = _current(s, counter_id)
        if ticket is None:
            raise UserError("no_current_ticket", "This counter has no ticket called")
        office = s.get(Office, counter.office_id)
        if to_counter is not None:
            other = _counter(s, to_counter)
            if other.id == counter_id:
                raise UserError("same_counter", "The ticket is already at this counter")
            target, note = s.get(Service, ticket.service_id), f"to counter {other.number}"
        else:
            target = _service(s, office, to_service)  # type: ignore[arg-type]
            if target.id == ticket.service_id:
                raise UserError("same_service", "The ticket is already in that service")
            note = f"to {target.code}"
        assert target is not None
        _move(s, ticket, "transferred", officer_id=officer_id, note=note)
        moved = Ticket(office_id=ticket.office_id, service_id=target.id,
                       business_date=ticket.business_date, number=ticket.number,
                       label=ticket.label, priority_group=ticket.priority_group,
                       issued_at=ticket.issued_at, transferred_from_id=ticket.id,
                       for_counter_id=to_counter,
                       source=ticket.source, assisted_by=ticket.assisted_by)
        s.add(moved)
        s.flush()
        s.add(TicketEvent(ticket_id=moved.id, from_state=None, to_state="waiting",
                          counter_id=counter_id, officer_id=officer_id,
                          note=f"from {ticket.service_id}"))
        return _info(s, moved)


def cancel(db: Database, ticket_id: uuid.UUID) -> TicketInfo:
    with db.write() as s:
        ticket = s.get(Ticket, ticket_id)
        if ticket is None:
            raise NotFound("no_such_ticket", f"No ticket {ticket_id}")
        _move(s, ticket, "cancelled")
        return _info(s, ticket)


RATINGS = ("satisfied", "acceptable", "not_satisfied")


def rate(db: Database, ticket_id: uuid.UUID, rating: str, reason: str | None = None) -> None:
    if rating not in RATINGS:
        raise UserError("bad_rating", f"Rating must be one of {', '.join(RATINGS)}")
    with db.write() as s:
        ticket = s.get(Ticket, ticket_id)
        if ticket is None or ticket.state != "done":
            raise UserError("cannot_rate", "Only a finished ticket can be rated")
        ticket.rating, ticket.rating_reason = rating, (reason or "").strip()[:300] or None


def current_ticket(db: Database, counter_id: int) -> TicketInfo | None:
    with db.read() as s:
        ticket = _current(s, counter_id)
        return _info(s, ticket) if ticket else None


def waiting_tickets(db: Database, service_ids: list[int] | None = None,
                    counter_id: int | None = None) -> list[TicketInfo]:
    """Who waits, oldest first: for the given services, or what one counter may call (its
    services, less those sent to other counters, plus those sent to it)."""
    with db.read() as s:
        query = select(Ticket).where(Ticket.office_id == the_office(s).id,
                                     Ticket.business_date == business_date(),
                                     Ticket.state == "waiting").order_by(Ticket.issued_at)
        if counter_id is not None:
            query = query.where(or_(and_(Ticket.service_id.in_(service_ids or []),
                                         Ticket.for_counter_id.is_(None)),
                                    Ticket.for_counter_id == counter_id))
        elif service_ids is not None:
            query = query.where(Ticket.service_id.in_(service_ids))
        return [_info(s, t) for t in s.scalars(query.limit(500))]


@dataclass(frozen=True)
class Call:
    event_id: int
    label: str
    counter_number: int
    at: datetime
    recall: bool


def recent_calls(db: Database, minutes: int = 15, limit: int = 30) -> list[Call]:
    """Calls of the last minutes, newest first. Read by time, not by id: on PostgreSQL a
    later id can commit first, so readers keep the ids they have seen instead."""
    since = utc_now() - timedelta(minutes=minutes)
    with db.read() as s:
        rows = s.execute(
            select(TicketEvent.id, Ticket.label, Counter.number, TicketEvent.at,
                   TicketEvent.from_state)
            .join(Ticket, Ticket.id == TicketEvent.ticket_id)
            .join(Counter, Counter.id == TicketEvent.counter_id)
            .where(TicketEvent.to_state == "called", TicketEvent.at >= since)
            .order_by(TicketEvent.at.desc(), TicketEvent.id.desc()).limit(limit)).all()
    return [Call(i, label, number, at, previous == "called")
            for i, label, number, at, previous in rows]


def counter_id_by_number(db: Database, number: int) -> int:
    with db.read() as s:
        found = s.scalar(select(Counter.id).where(Counter.office_id == the_office(s).id,
                                                  Counter.number == number))
    if found is None:
        raise NotFound("no_such_counter", f"No counter number {number}", number=number)
    return found
