"""Taking a number (kiosk/services/issuing.py) on a real database, per KIOSK_TEST_DB:
holidays, labels past 999 on both write paths, the print job written with the ticket,
and a pooled PostgreSQL connection lost while idle."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import delete, select, text, update

from kiosk.clock import VN_TZ
from kiosk.db import engine as engine_module
from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.models import Holiday, PrintJob, SequenceCounter, Service, Ticket, TicketEvent
from kiosk.printables import TicketPrint, from_data
from kiosk.queue_rules import ticket_label
from kiosk.services.issuing import issue_ticket
from kiosk.services.seed_demo import seed_demo

DAY = date(2030, 3, 4)  # a Monday, no holiday in the bundled table


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), VN_TZ)


@pytest.fixture
def office(db: Database) -> None:
    seed_demo(db, 0, 1)


def set_holiday(db: Database, day: date, name: str, *, make_up: bool = False) -> None:
    with db.write() as s:
        s.execute(delete(Holiday).where(Holiday.day == day))
        s.add(Holiday(day=day, name=name, working_saturday=make_up))


def ticket_count(db: Database) -> int:
    with db.read() as s:
        return len(s.scalars(select(Ticket.id)).all())


def test_no_numbers_on_a_public_holiday(db: Database, office: None) -> None:
    set_holiday(db, DAY, "Giỗ Tổ Hùng Vương")
    before = ticket_count(db)
    with pytest.raises(UserError) as caught:
        issue_ticket(db, "ho-tich", now=at(DAY, 9))
    assert caught.value.code == "office_closed_today"
    assert caught.value.params == {"holiday": "Giỗ Tổ Hùng Vương"}
    assert ticket_count(db) == before
    with db.read() as s:  # and no number was used up
        assert s.scalar(select(SequenceCounter.value).where(
            SequenceCounter.business_date == DAY)) is None
    # the next day is open; scripts and tests may still issue on the holiday
    assert issue_ticket(db, "ho-tich", now=at(date(2030, 3, 5), 9)).label == "A001"
    assert issue_ticket(db, "ho-tich", now=at(DAY, 9), check_hours=False).label == "A001"


def test_a_make_up_working_saturday_gives_numbers(db: Database, office: None) -> None:
    saturday = date(2030, 3, 9)
    set_holiday(db, saturday, "Làm bù", make_up=True)
    assert issue_ticket(db, "ho-tich", now=at(saturday, 9)).label == "A001"


@pytest.mark.parametrize("prefix", ["A", ""])
def test_labels_past_999_match_ticket_label(db: Database, office: None, prefix: str) -> None:
    """On PostgreSQL the label is formatted in SQL: it must agree with ticket_label(), and
    the print job must carry the same label and the ticket's other facts."""
    with db.write() as s:
        s.execute(update(Service).where(Service.code == "ho-tich").values(prefix=prefix))
        service_id = s.scalar(select(Service.id).where(Service.code == "ho-tich"))
        s.add(SequenceCounter(name=f"ticket:{service_id}", business_date=DAY, value=997))
    made = [issue_ticket(db, "ho-tich", now=at(DAY, 9, i), check_hours=False,
                         priority_group="elderly" if i == 1 else None, terminal="kiosk-2")
            for i in range(4)]
    assert [t.number for t in made] == [998, 999, 1000, 1001]
    assert [t.label for t in made] == [ticket_label(prefix, n) for n in (998, 999, 1000, 1001)]
    assert made[2].label == f"{prefix}1000"
    with db.read() as s:
        for info in made:
            stored = s.get(Ticket, info.id)
            assert stored is not None and (stored.label, stored.number) == (info.label,
                                                                            info.number)
            assert (stored.state, stored.source, stored.issued_at) == ("waiting", "kiosk",
                                                                       at(DAY, 9, made.index(info)))
            job = s.get(PrintJob, info.print_job_id)
            assert job is not None
            assert (job.kind, job.printer, job.state, job.terminal, job.subject_id) == \
                ("ticket", "ticket", "pending", "kiosk-2", str(info.id))
            printed = from_data(TicketPrint, job.data)
            assert (printed.label, printed.ticket_id, printed.priority_group) == \
                (info.label, str(info.id), info.priority_group)
            assert printed.people_ahead == info.people_ahead
            first = s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == info.id)).all()
            assert [(e.from_state, e.to_state) for e in first] == [(None, "waiting")]
    assert [t.people_ahead for t in made] == [0, 1, 2, 3]


def test_an_assisted_ticket_keeps_who_helped(db: Database, office: None) -> None:
    with db.read() as s:
        helper = s.scalar(text("SELECT id FROM staff_user ORDER BY id LIMIT 1"))
    info = issue_ticket(db, "ho-tich", now=at(DAY, 9), check_hours=False, source="volunteer",
                        assisted_by=helper)
    with db.read() as s:
        stored = s.get(Ticket, info.id)
        assert stored is not None and (stored.source, stored.assisted_by) == ("volunteer",
                                                                              helper)


def test_a_connection_lost_while_idle_is_replaced(db: Database, office: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The office server dropped the kiosk's pooled connection during a quiet spell:
    the next ticket is issued on a new connection, with no error shown."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite has no server connection to lose")
    issue_ticket(db, "ho-tich", check_hours=False)
    with db.read() as s:
        pid = s.scalar(text("SELECT pg_backend_pid()"))
    other = Database(db.url)
    try:
        with other.write() as s:
            assert s.scalar(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
    finally:
        other.dispose()
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_S", 0.0)
    assert issue_ticket(db, "ho-tich", check_hours=False).number == 2
    with db.read() as s:
        assert s.scalar(text("SELECT pg_backend_pid()")) != pid
