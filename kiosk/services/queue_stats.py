"""Queue figures of one business day, per service, counter and officer: issued, served,
no-shows, transfers, median and 90th-percentile wait and service time, ratings, and
tickets issued per hour (for the admin's chart)."""
from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import select

from kiosk.clock import local
from kiosk.db.engine import Database
from kiosk.models import Counter, Service, StaffUser, Ticket
from kiosk.services.office_setup import the_office


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (the 90th of 10 values is the 9th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class QueueStat:
    scope: str  # service | counter | officer
    key: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    wait_median_min: float | None = None
    wait_p90_min: float | None = None
    service_median_min: float | None = None
    service_p90_min: float | None = None
    satisfied: int = 0
    acceptable: int = 0
    not_satisfied: int = 0


def _minutes(later, earlier) -> float:  # noqa: ANN001 - datetimes
    return round((later - earlier).total_seconds() / 60, 2)


def _fill(stat: QueueStat, tickets: list[Ticket]) -> QueueStat:
    # the wait from arrival to the first call; a transferred copy keeps the arrival time,
    # so counting it again would count that citizen's first wait twice
    waits = [_minutes(t.called_at, t.issued_at) for t in tickets
             if t.called_at and t.transferred_from_id is None]
    services = [_minutes(t.finished_at, t.started_at or t.called_at) for t in tickets
                if t.state == "done" and t.finished_at and (t.started_at or t.called_at)]
    stat.issued = sum(1 for t in tickets if t.transferred_from_id is None)
    stat.served = sum(1 for t in tickets if t.state == "done")
    stat.no_show = sum(1 for t in tickets if t.state == "no_show")
    stat.transferred = sum(1 for t in tickets if t.state == "transferred")
    stat.wait_median_min, stat.wait_p90_min = percentile(waits, 0.5), percentile(waits, 0.9)
    stat.service_median_min = percentile(services, 0.5)
    stat.service_p90_min = percentile(services, 0.9)
    for rating in ("satisfied", "acceptable", "not_satisfied"):
        setattr(stat, rating, sum(1 for t in tickets if t.rating == rating))
    return stat


def queue_stats(db: Database, day: date) -> list[QueueStat]:
    with db.read() as s:
        office = the_office(s)
        tickets = list(s.scalars(select(Ticket).where(Ticket.office_id == office.id,
                                                      Ticket.business_date == day)))
        services = {v.id: v.code for v in s.scalars(select(Service))}
        counters = {c.id: str(c.number) for c in s.scalars(select(Counter))}
        officers = {u.id: u.username for u in s.scalars(select(StaffUser))}
    stats = [_fill(QueueStat("office", "all"), tickets)]
    for scope, attr, names in (("service", "service_id", services),
                               ("counter", "counter_id", counters),
                               ("officer", "officer_id", officers)):
        groups: dict[int, list[Ticket]] = {}
        for ticket in tickets:
            if getattr(ticket, attr) is not None:
                groups.setdefault(getattr(ticket, attr), []).append(ticket)
        stats += [_fill(QueueStat(scope, names.get(key, str(key))), group)
                  for key, group in sorted(groups.items(), key=lambda kv: names.get(kv[0], ""))]
    return stats


def issued_per_hour(db: Database, day: date) -> dict[int, int]:
    """Local hour -> tickets issued in it: the shape of the day's crowd."""
    with db.read() as s:
        office = the_office(s)
        times = s.scalars(select(Ticket.issued_at).where(
            Ticket.office_id == office.id, Ticket.business_date == day,
            Ticket.transferred_from_id.is_(None)))
        hours: dict[int, int] = {}
        for moment in times:
            hour = local(moment).hour
            hours[hour] = hours.get(hour, 0) + 1
    return hours


def stats_csv(stats: list[QueueStat]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, [f.name for f in fields(QueueStat)], lineterminator="\n")
    writer.writeheader()
    for stat in stats:
        writer.writerow({k: ("" if v is None else v) for k, v in asdict(stat).items()})
    return out.getvalue()
