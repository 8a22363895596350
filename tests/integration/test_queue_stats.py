"""Day figures of the queue from real tickets: counts, percentiles, ratings, CSV."""
from __future__ import annotations

from datetime import timedelta

from kiosk.clock import business_date, utc_now
from kiosk.models import Ticket
from kiosk.services import issuing, tickets
from kiosk.services.queue_stats import percentile, queue_stats, stats_csv
from kiosk.services.seed_demo import seed_demo


def test_percentile_is_nearest_rank() -> None:
    assert percentile([], 0.5) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([float(n) for n in range(1, 11)], 0.5) == 5.0


def test_figures_per_service_counter_and_officer(db) -> None:
    seed_demo(db, 0, 1)
    counter = tickets.counter_id_by_number(db, 1)
    made = [issuing.issue_ticket(db, "ho-tich", check_hours=False) for _ in range(4)]
    tickets.call_next(db, counter)
    tickets.start(db, counter)
    tickets.done(db, counter)
    tickets.rate(db, made[0].id, "satisfied")
    tickets.call_next(db, counter)
    tickets.no_show(db, counter)
    tickets.call_next(db, counter)
    moved = tickets.transfer(db, counter, "cu-tru")
    with db.write() as s:  # make the times tell: 10 minutes waited, 4 served
        first = s.get(Ticket, made[0].id)
        first.issued_at = first.called_at - timedelta(minutes=10)
        first.started_at = utc_now() - timedelta(minutes=4)
        first.finished_at = utc_now()
        s.get(Ticket, moved.id).issued_at = first.issued_at  # a copy keeps the arrival
    stats = {(q.scope, q.key): q for q in queue_stats(db, business_date())}
    office = stats[("office", "all")]
    assert (office.issued, office.served, office.no_show, office.transferred) == (4, 1, 1, 1)
    assert office.satisfied == 1
    service = stats[("service", "ho-tich")]
    assert service.issued == 4 and service.service_median_min == 4.0
    assert service.wait_p90_min >= 10.0
    assert stats[("service", "cu-tru")].issued == 0  # a transferred copy is not a new arrival
    assert stats[("counter", "1")].served == 1
    csv_text = stats_csv(list(stats.values()))
    assert csv_text.splitlines()[0].startswith("scope,key,issued,served,no_show")
    assert len(csv_text.splitlines()) == len(stats) + 1
