"""The queue's operations on a real database (SQLite file or PostgreSQL, per KIOSK_TEST_DB).

The demo office (seed_demo) has four counters: 1 serves ho-tich (prefix A) and
lao-dong (E), 2 serves chung-thuc (B) and ho-tro (F), 3 dat-dai (C) and
tra-ket-qua (K), and 4 serves every service.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from kiosk.clock import VN_TZ, business_date, utc_now
from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import (Holiday, PrintJob, SequenceCounter, Service, StaffUser, Ticket,
                          TicketEvent)
from kiosk.services import issuing, tickets
from kiosk.services.office_setup import list_counters, list_services
from kiosk.services.seed_demo import seed_demo
from kiosk.services.tickets import TicketInfo


@dataclass(frozen=True)
class Office:
    """The demo office's counters (number -> id), officers and services (code -> id)."""

    counter: dict[int, int]
    officer: list[int]
    service: dict[str, int]


@pytest.fixture
def office(db: Database) -> Office:
    seed_demo(db, 0, 1)
    counters = {c.number: c for c in list_counters(db)}
    assert set(counters[1].service_codes) == {"ho-tich", "lao-dong"}
    assert set(counters[2].service_codes) == {"chung-thuc", "ho-tro"}
    assert "ho-tich" not in counters[2].service_codes
    assert {"ho-tich", "chung-thuc"} <= set(counters[4].service_codes)
    with db.read() as s:
        officers = list(s.scalars(select(StaffUser.id).where(StaffUser.username.like("canbo%"))
                                  .order_by(StaffUser.username)))
    return Office({n: c.id for n, c in counters.items()}, officers,
                  {v.code: v.id for v in list_services(db)})


def issue(db: Database, service: str = "ho-tich", priority: str | None = None,
          **kwargs: Any) -> TicketInfo:
    kwargs.setdefault("check_hours", False)
    return issuing.issue_ticket(db, service, priority_group=priority, **kwargs)


def at_local(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), VN_TZ)


def row(db: Database, ticket_id: uuid.UUID) -> Ticket:
    with db.read() as s:
        found = s.get(Ticket, ticket_id)
        assert found is not None
        return found


def events(db: Database, ticket_id: uuid.UUID) -> list[tuple[str | None, str]]:
    with db.read() as s:
        return [(e.from_state, e.to_state) for e in s.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
            .order_by(TicketEvent.id))]


def event_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(TicketEvent)) or 0


def new_events(db: Database, operation: Callable[[], Any]) -> tuple[Any, list[TicketEvent]]:
    """Run the operation; return its result and the events it appended."""
    with db.read() as s:
        last = s.scalar(select(func.max(TicketEvent.id))) or 0
    result = operation()
    with db.read() as s:
        added = list(s.scalars(select(TicketEvent).where(TicketEvent.id > last)
                               .order_by(TicketEvent.id)))
    return result, added


def refused(db: Database, code: str, operation: Callable[[], Any]) -> UserError:
    """The operation fails with `code` and changes nothing."""
    before = event_count(db)
    with pytest.raises(UserError) as caught:
        operation()
    assert caught.value.code == code, caught.value
    assert event_count(db) == before
    return caught.value


def set_ticket(db: Database, ticket_id: uuid.UUID, **values: Any) -> None:
    with db.write() as s:
        s.execute(update(Ticket).where(Ticket.id == ticket_id).values(**values))


# --- numbers ----------------------------------------------------------------------------

def test_numbers_per_service_with_the_service_prefix(db: Database, office: Office) -> None:
    first = issue(db)
    assert (first.label, first.number, first.service_code, first.state) == \
        ("A001", 1, "ho-tich", "waiting")
    assert first.counter_number is None and first.priority_group is None
    assert [issue(db).label for _ in range(2)] == ["A002", "A003"]
    assert issue(db, "lao-dong").label == "E001"
    assert issue(db, "chung-thuc", "elderly").label == "B001"
    fourth = issue(db)
    assert (fourth.label, fourth.number) == ("A004", 4)
    assert issue(db, office.service["lao-dong"]).label == "E002"  # by id as well as by code
    with db.read() as s:
        labels = sorted(s.scalars(select(Ticket.label)))
        assert labels == ["A001", "A002", "A003", "A004", "B001", "E001", "E002"]
        assert set(s.scalars(select(Ticket.business_date))) == {business_date()}


def test_issue_commits_the_ticket_with_its_print_job(db: Database, office: Office) -> None:
    ticket, added = new_events(db, lambda: issue(db, "ho-tich", "pregnant"))
    assert [(e.ticket_id, e.from_state, e.to_state) for e in added] == \
        [(ticket.id, None, "waiting")]
    assert ticket.print_job_id is not None
    with db.read() as s:
        job = s.get(PrintJob, ticket.print_job_id)
        assert job is not None and job.kind == "ticket" and job.state == "pending"
        assert job.subject_id == str(ticket.id)
        assert job.data["label"] == "A001"
        assert job.data["priority_group"] == "pregnant"
    assert row(db, ticket.id).source == "kiosk"


def test_numbers_restart_at_local_midnight(db: Database, office: Office) -> None:
    """Asia/Ho_Chi_Minh is UTC+7: the business day turns at 17:00 UTC."""
    evening = datetime(2030, 3, 4, 16, 59, 59, tzinfo=timezone.utc)  # 23:59:59 local
    midnight = datetime(2030, 3, 4, 17, 0, 0, tzinfo=timezone.utc)  # 00:00 local, 5 March
    assert [issue(db, now=evening).label for _ in range(2)] == ["A001", "A002"]
    assert issue(db, "lao-dong", now=evening).label == "E001"
    next_day = issue(db, now=midnight)
    assert (next_day.label, next_day.number) == ("A001", 1)
    assert issue(db, now=midnight + timedelta(hours=3)).label == "A002"
    assert issue(db, now=evening - timedelta(hours=12)).label == "A003"  # still 4 March
    assert issue(db, "lao-dong", now=midnight).label == "E001"
    with db.read() as s:
        days = sorted((t.business_date, t.label) for t in s.scalars(select(Ticket)))
        counters = {(c.name, c.business_date): c.value for c in s.scalars(select(SequenceCounter))
                    if c.name.startswith("ticket:")}
    assert days == [(date(2030, 3, 4), "A001"), (date(2030, 3, 4), "A002"),
                    (date(2030, 3, 4), "A003"), (date(2030, 3, 4), "E001"),
                    (date(2030, 3, 5), "A001"), (date(2030, 3, 5), "A002"),
                    (date(2030, 3, 5), "E001")]
    ho_tich, lao_dong = office.service["ho-tich"], office.service["lao-dong"]
    assert counters == {(f"ticket:{ho_tich}", date(2030, 3, 4)): 3,
                        (f"ticket:{ho_tich}", date(2030, 3, 5)): 2,
                        (f"ticket:{lao_dong}", date(2030, 3, 4)): 1,
                        (f"ticket:{lao_dong}", date(2030, 3, 5)): 1}


def test_numbers_are_only_taken_in_opening_hours(db: Database, office: Office) -> None:
    day = date(2030, 3, 4)
    for moment in (at_local(day, 7, 29, 59), at_local(day, 17, 0), at_local(day, 3, 0),
                   at_local(day, 23, 30)):
        error = refused(db, "service_closed",
                        lambda m=moment: issuing.issue_ticket(db, "ho-tich", now=m))
        assert error.params == {"opens": "07:30", "closes": "17:00"}
    assert issuing.issue_ticket(db, "ho-tich", now=at_local(day, 7, 30)).label == "A001"
    assert issuing.issue_ticket(db, "ho-tich", now=at_local(day, 16, 59, 59)).label == "A002"
    # a refusal took no number
    assert issuing.issue_ticket(db, "ho-tich", now=at_local(day, 12, 0)).number == 3
    # hours are per service
    with db.write() as s:
        s.execute(update(Service).where(Service.code == "lao-dong")
                  .values(opens="13:30", closes="16:00"))
    refused(db, "service_closed",
            lambda: issuing.issue_ticket(db, "lao-dong", now=at_local(day, 9, 0)))
    refused(db, "service_closed",
            lambda: issuing.issue_ticket(db, "lao-dong", now=at_local(day, 16, 0)))
    assert issuing.issue_ticket(db, "lao-dong", now=at_local(day, 13, 30)).label == "E001"
    # the kiosk's override for scripts and tests
    assert issuing.issue_ticket(db, "lao-dong", now=at_local(day, 20, 0),
                                check_hours=False).label == "E002"


def test_numbers_stop_at_the_daily_maximum(db: Database, office: Office) -> None:
    day = date(2030, 3, 4)
    with db.write() as s:
        s.execute(update(Service).where(Service.code == "ho-tich").values(daily_max=3))
    labels = [issuing.issue_ticket(db, "ho-tich", now=at_local(day, 8, i)).label
              for i in range(3)]
    assert labels == ["A001", "A002", "A003"]
    for _ in range(2):
        error = refused(db, "service_full",
                        lambda: issuing.issue_ticket(db, "ho-tich", now=at_local(day, 9, 0)))
        assert error.params == {"daily_max": 3}
    assert issuing.issue_ticket(db, "lao-dong", now=at_local(day, 9, 0)).label == "E001"
    assert issuing.issue_ticket(db, "ho-tich", now=at_local(day + timedelta(days=1), 8, 0)) \
        .label == "A001"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket).where(
            Ticket.business_date == day, Ticket.service_id == office.service["ho-tich"])) == 3


def test_transferred_tickets_do_not_use_up_the_daily_maximum(db: Database,
                                                              office: Office) -> None:
    today = business_date()
    with db.write() as s:
        s.execute(update(Service).where(Service.code == "chung-thuc").values(daily_max=2))
        s.execute(delete(Holiday).where(Holiday.day == today))  # runs on any day
    issue(db)
    assert issuing.issue_ticket(db, "chung-thuc", now=at_local(today, 9, 0)).label == "B001"
    tickets.call_next(db, office.counter[1])
    tickets.transfer(db, office.counter[1], "chung-thuc")  # A001 now waits for chung-thuc
    assert issuing.issue_ticket(db, "chung-thuc", now=at_local(today, 9, 1)).label == "B002"
    refused(db, "service_full",
            lambda: issuing.issue_ticket(db, "chung-thuc", now=at_local(today, 9, 2)))


def test_the_daily_maximum_holds_when_kiosks_issue_at_once(db: Database, office: Office) -> None:
    """Ten numbers left, six kiosks asking for five each at the same moment: ten tickets.
    (On PostgreSQL a count taken before the number would let every kiosk see room.)"""
    day = date(2030, 3, 4)
    with db.write() as s:
        s.execute(update(Service).where(Service.code == "ho-tich").values(daily_max=10))
    got: list[int] = []
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def kiosk() -> None:
        own = Database(db.url)
        try:
            start.wait()
            for i in range(5):
                try:
                    number = issuing.issue_ticket(own, "ho-tich", now=at_local(day, 9, i)).number
                    with lock:
                        got.append(number)
                except UserError as exc:
                    with lock:
                        codes.append(exc.code)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=kiosk) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sorted(got) == list(range(1, 11))
    assert codes == ["service_full"] * 20
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 10


def test_issue_refuses_unknown_services_and_priority_groups(db: Database,
                                                            office: Office) -> None:
    assert isinstance(refused(db, "no_such_service", lambda: issue(db, "no-such")), NotFound)
    with db.write() as s:
        s.execute(update(Service).where(Service.code == "ho-tro").values(active=False))
    refused(db, "no_such_service", lambda: issue(db, "ho-tro"))
    refused(db, "bad_priority", lambda: issue(db, "ho-tich", "vip"))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0


# --- the life of a ticket -----------------------------------------------------------------

def test_call_recall_start_done(db: Database, office: Office) -> None:
    counter, officer = office.counter[1], office.officer[0]
    ticket = issue(db)
    assert tickets.current_ticket(db, counter) is None

    called, added = new_events(db, lambda: tickets.call_next(db, counter, officer))
    assert (called.id, called.state, called.counter_number) == (ticket.id, "called", 1)
    assert [(e.ticket_id, e.from_state, e.to_state, e.counter_id, e.officer_id)
            for e in added] == [(ticket.id, "waiting", "called", counter, officer)]
    first_call = row(db, ticket.id).called_at
    assert first_call is not None
    assert tickets.current_ticket(db, counter).id == ticket.id
    assert tickets.waiting_tickets(db) == []

    again, added = new_events(db, lambda: tickets.recall(db, counter, officer))
    assert again.state == "called"
    assert [(e.from_state, e.to_state, e.note) for e in added] == [("called", "called", "recall")]
    assert row(db, ticket.id).called_at == first_call  # the wait ended at the first call

    serving, added = new_events(db, lambda: tickets.start(db, counter, officer))
    assert serving.state == "serving"
    assert [(e.from_state, e.to_state) for e in added] == [("called", "serving")]

    finished, added = new_events(db, lambda: tickets.done(db, counter, officer))
    assert finished.state == "done"
    assert [(e.from_state, e.to_state, e.counter_id) for e in added] == \
        [("serving", "done", counter)]
    stored = row(db, ticket.id)
    assert stored.called_at <= stored.started_at <= stored.finished_at
    assert (stored.counter_id, stored.officer_id) == (counter, officer)
    assert tickets.current_ticket(db, counter) is None
    assert events(db, ticket.id) == [(None, "waiting"), ("waiting", "called"),
                                     ("called", "called"), ("called", "serving"),
                                     ("serving", "done")]


def test_call_next_finishes_the_current_ticket(db: Database, office: Office) -> None:
    counter = office.counter[1]
    first, second = issue(db), issue(db)
    tickets.call_next(db, counter)
    called, added = new_events(db, lambda: tickets.call_next(db, counter))
    assert called.id == second.id
    assert sorted((e.ticket_id == first.id, e.from_state, e.to_state) for e in added) == \
        [(False, "waiting", "called"), (True, "called", "done")]
    assert row(db, first.id).state == "done"
    # nobody left: the current one is finished and nothing is called
    result, added = new_events(db, lambda: tickets.call_next(db, counter))
    assert result is None
    assert [(e.ticket_id, e.to_state) for e in added] == [(second.id, "done")]
    assert tickets.current_ticket(db, counter) is None


def test_a_counter_only_calls_its_own_services(db: Database, office: Office) -> None:
    ho_tich, chung_thuc = issue(db, "ho-tich"), issue(db, "chung-thuc")
    assert tickets.call_next(db, office.counter[2]).id == chung_thuc.id
    assert tickets.call_next(db, office.counter[2]) is None
    assert tickets.call_next(db, office.counter[3]) is None
    assert tickets.call_next(db, office.counter[1]).id == ho_tich.id


def test_no_show_can_be_called_back_within_the_tolerance(db: Database, office: Office) -> None:
    counter = office.counter[1]
    ticket = issue(db)
    tickets.call_next(db, counter)
    missed, added = new_events(db, lambda: tickets.no_show(db, counter))
    assert missed.state == "no_show"
    assert [(e.from_state, e.to_state) for e in added] == [("called", "no_show")]
    assert row(db, ticket.id).finished_at is not None
    assert tickets.current_ticket(db, counter) is None
    # four minutes later, with five allowed: back at counter 4
    set_ticket(db, ticket.id, finished_at=utc_now() - timedelta(minutes=4))
    back, added = new_events(db, lambda: tickets.call_number(
        db, office.counter[4], " a001 ", reopen_minutes=5))
    assert (back.id, back.state, back.counter_number) == (ticket.id, "called", 4)
    assert [(e.from_state, e.to_state, e.counter_id) for e in added] == \
        [("no_show", "called", office.counter[4])]
    assert row(db, ticket.id).finished_at is None
    assert tickets.start(db, office.counter[4]).state == "serving"


def test_no_show_after_the_tolerance_is_refused(db: Database, office: Office) -> None:
    counter = office.counter[1]
    ticket = issue(db)
    tickets.call_next(db, counter)
    tickets.no_show(db, counter)
    set_ticket(db, ticket.id, finished_at=utc_now() - timedelta(minutes=1))
    error = refused(db, "no_show_expired",
                    lambda: tickets.call_number(db, counter, "A001", reopen_minutes=0))
    assert error.params == {"label": "A001", "minutes": 0}
    set_ticket(db, ticket.id, finished_at=utc_now() - timedelta(minutes=31))
    refused(db, "no_show_expired", lambda: tickets.call_number(db, counter, "A001"))
    assert row(db, ticket.id).state == "no_show"


def test_call_number_out_of_turn(db: Database, office: Office) -> None:
    counter = office.counter[1]
    first, second = issue(db), issue(db)
    called, added = new_events(db, lambda: tickets.call_number(db, counter, "A002"))
    assert called.id == second.id and called.state == "called"
    assert len(added) == 1
    assert [t.id for t in tickets.waiting_tickets(db)] == [first.id]
    # calling the next number finishes the current one (one event each)
    _, added = new_events(db, lambda: tickets.call_number(db, counter, "A001"))
    assert sorted((e.from_state, e.to_state) for e in added) == \
        [("called", "done"), ("waiting", "called")]
    refused(db, "bad_ticket_move", lambda: tickets.call_number(db, counter, "A002"))  # done
    error = refused(db, "no_such_ticket", lambda: tickets.call_number(db, counter, "A099"))
    assert isinstance(error, NotFound)


def test_illegal_moves_are_refused(db: Database, office: Office) -> None:
    counter = office.counter[1]
    refused(db, "no_current_ticket", lambda: tickets.start(db, counter))
    refused(db, "no_current_ticket", lambda: tickets.done(db, counter))
    refused(db, "no_current_ticket", lambda: tickets.no_show(db, counter))
    refused(db, "no_current_ticket", lambda: tickets.transfer(db, counter, "chung-thuc"))
    refused(db, "nothing_to_recall", lambda: tickets.recall(db, counter))
    refused(db, "no_such_counter", lambda: tickets.call_next(db, 9999))

    ticket = issue(db)
    tickets.call_next(db, counter)
    tickets.start(db, counter)
    refused(db, "bad_ticket_move", lambda: tickets.start(db, counter))  # serving -> serving
    refused(db, "bad_ticket_move", lambda: tickets.no_show(db, counter))  # serving -> no_show
    refused(db, "nothing_to_recall", lambda: tickets.recall(db, counter))
    refused(db, "same_service", lambda: tickets.transfer(db, counter, "ho-tich"))
    refused(db, "no_such_service", lambda: tickets.transfer(db, counter, "no-such"))
    refused(db, "bad_ticket_move", lambda: tickets.cancel(db, ticket.id))  # serving
    tickets.done(db, counter)
    refused(db, "no_current_ticket", lambda: tickets.done(db, counter))  # done twice
    assert row(db, ticket.id).state == "done"
    refused(db, "bad_ticket_move", lambda: tickets.call_number(db, counter, "A001"))


def test_cancel_a_waiting_ticket(db: Database, office: Office) -> None:
    ticket = issue(db)
    cancelled, added = new_events(db, lambda: tickets.cancel(db, ticket.id))
    assert cancelled.state == "cancelled"
    assert [(e.from_state, e.to_state) for e in added] == [("waiting", "cancelled")]
    assert row(db, ticket.id).finished_at is not None
    assert tickets.call_next(db, office.counter[1]) is None
    refused(db, "bad_ticket_move", lambda: tickets.cancel(db, ticket.id))
    refused(db, "no_such_ticket", lambda: tickets.cancel(db, uuid.uuid4()))


def test_transfer_keeps_the_number_and_arrival(db: Database, office: Office) -> None:
    officer = office.officer[0]
    ticket = issue(db, "ho-tich")
    later = issue(db, "chung-thuc")  # B001 came after A001
    tickets.call_next(db, office.counter[1], officer)
    tickets.start(db, office.counter[1], officer)

    moved, added = new_events(db, lambda: tickets.transfer(db, office.counter[1], "chung-thuc",
                                                           officer))
    assert (moved.label, moved.number, moved.issued_at) == \
        (ticket.label, ticket.number, ticket.issued_at)
    assert (moved.service_code, moved.state, moved.priority_group) == \
        ("chung-thuc", "waiting", None)
    assert moved.id != ticket.id
    assert sorted((e.ticket_id == moved.id, e.from_state, e.to_state) for e in added) == \
        [(False, "serving", "transferred"), (True, None, "waiting")]
    original, copy = row(db, ticket.id), row(db, moved.id)
    assert original.state == "transferred" and original.finished_at is not None
    assert copy.transferred_from_id == ticket.id
    assert copy.issued_at == original.issued_at and copy.business_date == original.business_date
    assert tickets.current_ticket(db, office.counter[1]) is None

    waiting = tickets.waiting_tickets(db, [office.service["chung-thuc"]])
    assert [t.label for t in waiting] == ["A001", "B001"]  # its arrival time, not the transfer
    assert tickets.call_next(db, office.counter[1]) is None  # counter 1 has no chung-thuc
    called = tickets.call_next(db, office.counter[2], office.officer[1])
    assert (called.id, called.label, called.counter_number, called.service_code) == \
        (moved.id, "A001", 2, "chung-thuc")
    assert tickets.call_next(db, office.counter[2]).id == later.id
    assert events(db, moved.id) == [(None, "waiting"), ("waiting", "called"),
                                    ("called", "done")]
    # new numbers are not disturbed by the transferred copy
    assert issue(db, "chung-thuc").label == "B002"
    assert issue(db, "ho-tich").label == "A002"


def test_transfer_a_called_ticket_and_find_it_by_number(db: Database, office: Office) -> None:
    ticket = issue(db, "ho-tich", "veteran")
    tickets.call_next(db, office.counter[1])
    moved = tickets.transfer(db, office.counter[1], office.service["lao-dong"])
    assert moved.priority_group == "veteran"  # still served as a priority
    assert events(db, ticket.id)[-1] == ("called", "transferred")
    called = tickets.call_number(db, office.counter[4], "A001")
    assert called.id == moved.id and called.service_code == "lao-dong"


# --- priority and concurrency -----------------------------------------------------------------

def test_call_next_applies_the_priority_rule_across_counters(db: Database,
                                                              office: Office) -> None:
    kinds = [None, None, None, "elderly", None, "disabled", None, None, None]
    for kind in kinds:
        issue(db, "ho-tich", kind)
    order = [tickets.call_next(db, office.counter[1 if i % 2 == 0 else 4],
                               normal_per_priority=2).label for i in range(len(kinds))]
    # counters 1 and 4 take turns; each counter calls two normals, then a priority
    assert order == ["A001", "A002", "A003", "A005", "A004", "A006", "A007", "A008", "A009"]


def test_each_counter_keeps_its_own_count(db: Database, office: Office) -> None:
    """Other counters' calls do not count: with many counters an office-wide count would
    keep every counter on the priority side and normal citizens would wait on and on."""
    issue(db, "ho-tich")
    issue(db, "ho-tich")
    normal = issue(db, "chung-thuc")
    priority = issue(db, "chung-thuc", "child_under_6")
    tickets.call_next(db, office.counter[1], normal_per_priority=2)
    tickets.call_next(db, office.counter[1], normal_per_priority=2)
    # counter 2 has called nobody yet: the older normal ticket first, then the priority one
    assert tickets.call_next(db, office.counter[2], normal_per_priority=2).id == normal.id
    assert tickets.call_next(db, office.counter[2], normal_per_priority=2).id == priority.id


def test_a_number_called_at_one_counter_cannot_be_taken_by_another(db: Database,
                                                                    office: Office) -> None:
    first = issue(db, "ho-tich")
    tickets.call_next(db, office.counter[1])
    with pytest.raises(UserError) as refused:
        tickets.call_number(db, office.counter[4], first.label)
    assert refused.value.code == "called_elsewhere"
    assert tickets.current_ticket(db, office.counter[1]).id == first.id


@pytest.mark.parametrize(("normal_per_priority", "expected"), [
    (0, ["A003", "A005", "A001", "A002", "A004", "A006"]),
    (1, ["A001", "A003", "A002", "A005", "A004", "A006"]),
])
def test_priority_settings(db: Database, office: Office, normal_per_priority: int,
                           expected: list[str]) -> None:
    for kind in (None, None, "elderly", None, "pregnant", None):
        issue(db, "ho-tich", kind)
    assert [tickets.call_next(db, office.counter[1],
                              normal_per_priority=normal_per_priority).label
            for _ in range(6)] == expected


def test_two_counters_calling_at_once_never_share_a_ticket(db: Database,
                                                           office: Office) -> None:
    issued = {issue(db, "ho-tich", "elderly" if i % 4 == 0 else None).id for i in range(40)}
    got: dict[int, list[TicketInfo | None]] = {1: [], 4: []}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def counter(number: int) -> None:
        own = Database(db.url)
        try:
            start.wait()
            for _ in range(20):
                got[number].append(tickets.call_next(own, office.counter[number]))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=counter, args=(n,)) for n in got]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    # 40 waiting, 40 calls: every call found somebody, nobody was called twice
    calls = got[1] + got[4]
    assert None not in calls
    assert len({t.id for t in calls}) == 40
    assert {t.id for t in calls} == issued
    assert {t.counter_number for t in got[1]} == {1} and {t.counter_number for t in got[4]} == {4}
    with db.read() as s:
        per_ticket = dict(s.execute(
            select(TicketEvent.ticket_id, func.count()).where(TicketEvent.to_state == "called")
            .group_by(TicketEvent.ticket_id)).all())
    assert per_ticket == {i: 1 for i in issued}


# --- rating, the display, the wait ------------------------------------------------------------

def test_only_a_finished_ticket_is_rated(db: Database, office: Office) -> None:
    counter = office.counter[1]
    ticket = issue(db)
    refused(db, "cannot_rate", lambda: tickets.rate(db, ticket.id, "satisfied"))
    tickets.call_next(db, counter)
    refused(db, "cannot_rate", lambda: tickets.rate(db, ticket.id, "satisfied"))
    tickets.start(db, counter)
    refused(db, "cannot_rate", lambda: tickets.rate(db, ticket.id, "satisfied"))
    tickets.done(db, counter)
    refused(db, "bad_rating", lambda: tickets.rate(db, ticket.id, "great"))
    refused(db, "cannot_rate", lambda: tickets.rate(db, uuid.uuid4(), "satisfied"))
    tickets.rate(db, ticket.id, "not_satisfied", "  waited too long  ")
    stored = row(db, ticket.id)
    assert (stored.rating, stored.rating_reason) == ("not_satisfied", "waited too long")
    tickets.rate(db, ticket.id, "acceptable", "   ")
    stored = row(db, ticket.id)
    assert (stored.rating, stored.rating_reason) == ("acceptable", None)

    missed = issue(db)
    tickets.call_next(db, counter)
    tickets.no_show(db, counter)
    refused(db, "cannot_rate", lambda: tickets.rate(db, missed.id, "satisfied"))


def test_recent_calls_for_the_display(db: Database, office: Office) -> None:
    first, second = issue(db), issue(db, "lao-dong")
    tickets.call_next(db, office.counter[1])
    tickets.call_next(db, office.counter[4])
    tickets.recall(db, office.counter[1])
    tickets.start(db, office.counter[4])  # not a call
    calls = tickets.recent_calls(db)
    assert [(c.label, c.counter_number, c.recall) for c in calls] == \
        [("A001", 1, True), ("E001", 4, False), ("A001", 1, False)]
    with db.read() as s:
        call_events = list(s.scalars(select(TicketEvent.id).where(
            TicketEvent.to_state == "called").order_by(TicketEvent.id.desc())))
    assert [c.event_id for c in calls] == call_events
    assert all(c.at <= utc_now() for c in calls)
    assert [c.label for c in tickets.recent_calls(db, limit=2)] == ["A001", "E001"]
    # calls older than the window are gone
    with db.write() as s:
        s.execute(update(TicketEvent).where(TicketEvent.id == call_events[-1])
                  .values(at=utc_now() - timedelta(minutes=20)))
    assert [(c.label, c.recall) for c in tickets.recent_calls(db, minutes=15)] == \
        [("A001", True), ("E001", False)]
    assert first.id != second.id


def test_people_ahead_and_the_wait(db: Database, office: Office) -> None:
    """ho-tich has two counters (1 and 4): people ahead share them."""
    expected = [(0, 0), (1, 3), (2, 6), (3, 9)]
    got = [(t.people_ahead, t.wait_minutes) for t in (issue(db) for _ in range(4))]
    assert got == expected
    fifth = issue(db, default_service_minutes=5)
    assert (fifth.people_ahead, fifth.wait_minutes) == (4, 10)
    assert issue(db, "lao-dong").people_ahead == 0  # per service
    # called tickets are no longer ahead; two served today: still the default time
    served = [tickets.call_next(db, office.counter[1]) for _ in range(3)]
    assert [t.label for t in served] == ["A001", "A002", "A003"]
    ticket = issue(db)
    assert (ticket.people_ahead, ticket.wait_minutes) == (2, 6)
    # once three are served today, their median service time replaces the default
    tickets.done(db, office.counter[1])
    base = utc_now() - timedelta(hours=1)
    for info, minutes in zip(served, (2, 9, 3)):
        set_ticket(db, info.id, called_at=base, started_at=base + timedelta(minutes=1),
                   finished_at=base + timedelta(minutes=1 + minutes))
    ticket = issue(db)
    assert (ticket.people_ahead, ticket.wait_minutes) == (3, 5)  # 3 x 3 min / 2 counters
    with db.read() as s:
        job = s.get(PrintJob, ticket.print_job_id)
        assert (job.data["people_ahead"], job.data["wait_minutes"]) == (3, 5)


def test_wait_without_counters_counts_one(db: Database) -> None:
    """A fresh office has no counters yet: the estimate assumes one."""
    assert [(t.people_ahead, t.wait_minutes) for t in (issue(db) for _ in range(3))] == \
        [(0, 0), (1, 6), (2, 12)]


def test_counter_id_by_number(db: Database, office: Office) -> None:
    assert tickets.counter_id_by_number(db, 3) == office.counter[3]
    with pytest.raises(NotFound) as caught:
        tickets.counter_id_by_number(db, 42)
    assert caught.value.code == "no_such_counter"


def test_transfer_to_a_counter_is_called_there_first_and_only_there(db: Database,
                                                                    office: Office) -> None:
    first, second = issue(db, "ho-tich"), issue(db, "ho-tich")
    tickets.call_next(db, office.counter[1])
    moved = tickets.transfer(db, office.counter[1], to_counter=office.counter[2])
    assert (moved.label, moved.state) == (first.label, "waiting")
    # counter 4 also serves ho-tich but must not take a citizen sent to counter 2
    assert tickets.call_next(db, office.counter[4]).id == second.id
    called = tickets.call_next(db, office.counter[2])  # counter 2 serves no ho-tich itself
    assert called.label == first.label and called.counter_number == 2
    assert [t.label for t in tickets.waiting_tickets(db, [], office.counter[2])] == []
    with pytest.raises(UserError):
        tickets.transfer(db, office.counter[2], to_counter=office.counter[2])
