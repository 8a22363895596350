"""Taking a number: the queue's hot path, one write transaction per ticket.

Every kiosk (and the volunteer desk and `kiosk ticket issue`) comes here, so
the transaction is kept short and few-round-trip, in SQLAlchemy Core rather
than the ORM: one query reads the service with what the refusal and the wait
estimate need (office, people waiting, counters, today's holiday), one reads
recent service times, one takes the number (kiosk/services/numbering.py), and
three inserts write the ticket, its first event and its print job. On
PostgreSQL the number's row lock is taken late and held only for the inserts.
Runs on whatever thread calls it (the UI's DB worker, the CLI).
"""
from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, bindparam, func, insert, select, text
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session

from kiosk.clock import business_date, local, utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import Holiday, Office, Service, Ticket, TicketEvent, counter_service
from kiosk.printables import TicketPrint, to_data
from kiosk.queue_rules import (PRIORITY_GROUPS, estimated_wait_minutes, service_minutes,
                               ticket_label)
from kiosk.services.numbering import next_value
from kiosk.services.print_jobs import add_job
from kiosk.services.tickets import TicketInfo

RECENT_SERVED = 50  # service times the estimate looks at


def _service_query(by_code: bool) -> Select[Any]:
    """The service (of the first office) with its office's name, the people already
    waiting in it, the counters serving it and today's public holiday, in one query.
    Built once: the kiosk runs it for every ticket."""
    ahead = select(func.count()).select_from(Ticket).where(
        Ticket.service_id == Service.id, Ticket.business_date == bindparam("day"),
        Ticket.state == "waiting", Ticket.issued_at <= bindparam("now")).scalar_subquery()
    counters = select(func.count()).select_from(counter_service).where(
        counter_service.c.service_id == Service.id).scalar_subquery()
    holiday = select(Holiday.name).where(Holiday.day == bindparam("day"),
                                         Holiday.working_saturday.is_(False)).scalar_subquery()
    return (select(Service.id, Service.code, Service.name_vi, Service.name_en, Service.prefix,
                   Service.opens, Service.closes, Service.daily_max, Service.active,
                   Service.office_id, Office.name.label("office_name"),
                   ahead.label("ahead"), counters.label("counters"), holiday.label("holiday"))
            .join(Office, Office.id == Service.office_id)
            .where((Service.code if by_code else Service.id) == bindparam("service"))
            .order_by(Office.id).limit(1))


_SERVICE_BY_CODE, _SERVICE_BY_ID = _service_query(True), _service_query(False)
_RECENT_SERVED = (select(Ticket.called_at, Ticket.started_at, Ticket.finished_at)
                  .where(Ticket.service_id == bindparam("service_id"),
                         Ticket.business_date == bindparam("day"), Ticket.state == "done")
                  .order_by(Ticket.finished_at.desc()).limit(RECENT_SERVED))
_INSERT_TICKET = insert(Ticket.__table__)
_INSERT_EVENT = insert(TicketEvent.__table__)


def _service_row(s: Session, service: str | int, day: date, now: datetime) -> Row[Any]:
    query = _SERVICE_BY_ID if isinstance(service, int) else _SERVICE_BY_CODE
    found = s.execute(query, {"service": service, "day": day, "now": now}).first()
    if found is None or not found.active:
        raise NotFound("no_such_service", f"No open service {service!r}", service=str(service))
    return found


def check_day(holiday: str | None) -> None:
    """No numbers on a public holiday (the admin's holiday table; make-up working
    Saturdays are working days)."""
    if holiday:
        raise UserError("office_closed_today", f"The office is closed today: {holiday}",
                        holiday=holiday)


def check_open(name_vi: str, opens: str, closes: str, now: datetime) -> None:
    at = local(now).time()
    start = time.fromisoformat(opens)
    end = time.max if closes == "24:00" else time.fromisoformat(closes)
    if not start <= at < end:
        raise UserError("service_closed", f"{name_vi} takes numbers from {opens} to {closes}",
                        opens=opens, closes=closes)


def check_room(name_vi: str, daily_max: int | None, number: int) -> None:
    """Judged on the number just taken, not on a count made before it: the number's row
    lock serialises kiosks on PostgreSQL, where two counts could both still see room.
    Numbers are the day's tickets of the service (transferred copies take none), and a
    refusal rolls the number back."""
    if daily_max is not None and number > daily_max:
        raise UserError("service_full", f"{name_vi} has given all {daily_max} numbers for "
                        "today", daily_max=daily_max)


def _recent_minutes(s: Session, service_id: int, day: date) -> list[float]:
    """How long the service's last tickets took today, from the call (or the start)."""
    rows = s.execute(_RECENT_SERVED, {"service_id": service_id, "day": day}).all()
    return [(end - (start or called)).total_seconds() / 60 for called, start, end in rows
            if end and (start or called)]


# PostgreSQL: the number, the ticket, its event and its print job in one statement, so
# the number's row lock is held for one round trip and the commit, not five. The label
# is formatted as ticket_label() does (tests compare the two past 999).
_WRITE_PG = text("""
WITH n AS (
    INSERT INTO sequence_counter (name, business_date, value) VALUES (:seq, :day, 1)
    ON CONFLICT (name, business_date) DO UPDATE SET value = sequence_counter.value + 1
    RETURNING value
), t AS (
    INSERT INTO ticket (id, office_id, service_id, business_date, number, label,
                        priority_group, state, issued_at, source, assisted_by)
    SELECT :id, :office_id, :service_id, :day, n.value,
           :prefix || CASE WHEN n.value < 1000 THEN lpad(CAST(n.value AS text), 3, '0')
                           ELSE CAST(n.value AS text) END,
           :priority_group, 'waiting', :now, :source, :assisted_by
    FROM n
    RETURNING number, label
), e AS (
    INSERT INTO ticket_event (ticket_id, at, from_state, to_state)
    SELECT :id, :now, NULL, 'waiting' FROM t
), j AS (
    INSERT INTO print_job (id, kind, subject_id, printer, state, attempts, data, terminal,
                           created_at)
    SELECT :job_id, 'ticket', :subject_id, 'ticket', 'pending', 0,
           CAST(:data AS jsonb) || jsonb_build_object('label', t.label), :terminal, :now
    FROM t
)
SELECT number, label FROM t
""")


def _write_pg(s: Session, svc: Row[Any], row: dict[str, Any], data: dict[str, Any],
              terminal: str | None) -> tuple[int, str, uuid.UUID]:
    job_id = uuid.uuid4()
    number, label = s.execute(_WRITE_PG, dict(
        row, seq=f"ticket:{svc.id}", day=row["business_date"], now=row["issued_at"],
        prefix=svc.prefix, job_id=job_id, subject_id=str(row["id"]), data=json.dumps(data),
        terminal=terminal)).one()
    return number, label, job_id


def _write_portable(s: Session, svc: Row[Any], row: dict[str, Any], data: dict[str, Any],
                    terminal: str | None) -> tuple[int, str, uuid.UUID]:
    """Statement by statement (SQLite's write lock is already the caller's)."""
    number = next_value(s, f"ticket:{svc.id}", row["business_date"])
    label = ticket_label(svc.prefix, number)
    s.execute(_INSERT_TICKET, dict(row, number=number, label=label))
    s.execute(_INSERT_EVENT, dict(ticket_id=row["id"], at=row["issued_at"], from_state=None,
                                  to_state="waiting"))
    job_id = add_job(s, "ticket", "ticket", dict(data, label=label), str(row["id"]), terminal)
    return number, label, job_id


def issue_ticket(db: Database, service: str | int, *, priority_group: str | None = None,
                 source: str = "kiosk", assisted_by: int | None = None,
                 default_service_minutes: float = 6, now: datetime | None = None,
                 check_hours: bool = True, terminal: str | None = None) -> TicketInfo:
    """Take the next number of a service, with its print job, in one transaction.
    `check_hours` False (tests, `--any-hour`) skips the holiday, hours and daily maximum."""
    if priority_group is not None and priority_group not in PRIORITY_GROUPS:
        raise UserError("bad_priority", f"Unknown priority group {priority_group!r}")
    now = now or utc_now()
    day = business_date(now)
    with db.write() as s:
        svc = _service_row(s, service, day, now)
        if check_hours:
            check_day(svc.holiday)
            check_open(svc.name_vi, svc.opens, svc.closes, now)
        minutes = estimated_wait_minutes(
            svc.ahead, service_minutes(_recent_minutes(s, svc.id, day), default_service_minutes),
            svc.counters or 1)
        row = dict(id=uuid.uuid4(), office_id=svc.office_id, service_id=svc.id,
                   business_date=day, priority_group=priority_group, state="waiting",
                   issued_at=now, source=source, assisted_by=assisted_by)
        data = to_data(TicketPrint(str(row["id"]), svc.office_name, svc.name_vi, "",
                                   priority_group, now, svc.ahead, minutes))
        write = _write_pg if db.dialect == "postgresql" else _write_portable
        number, label, job_id = write(s, svc, row, data, terminal)
        if check_hours:
            check_room(svc.name_vi, svc.daily_max, number)  # raising rolls it all back
    return TicketInfo(row["id"], label, number, svc.id, svc.code, svc.name_vi, svc.name_en,
                      priority_group, "waiting", now, None, people_ahead=svc.ahead,
                      wait_minutes=minutes, print_job_id=job_id)
