"""Daily figures for the admin and `kiosk report day`: queue, dossiers, sync.

A business day is the local day in Vietnam: its bounds are converted to UTC
before they meet the stored times.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from kiosk.clock import VN_TZ
from kiosk.db.engine import Database
from kiosk.models import AccountRequest, Dossier, Outbox, Procedure, Service, Ticket
from kiosk.services.office_setup import the_office


@dataclass
class DayReport:
    day: date
    office: str
    tickets_by_service: dict[str, dict[str, int]] = field(default_factory=dict)
    tickets_issued: int = 0
    tickets_served: int = 0
    tickets_no_show: int = 0
    dossiers_received: int = 0
    dossiers_by_procedure: list[dict[str, Any]] = field(default_factory=list)
    fees_vnd: int = 0
    account_requests: int = 0
    outbox_pending: int = 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        return data


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, VN_TZ)
    return start, start + timedelta(days=1)


def day_report(db: Database, day: date) -> DayReport:
    start, end = day_bounds(day)
    with db.read() as s:
        office = the_office(s)
        report = DayReport(day=day, office=office.name)
        tickets = s.execute(
            select(Service.code, Ticket.state, func.count())
            .join(Service, Service.id == Ticket.service_id)
            .where(Ticket.office_id == office.id, Ticket.business_date == day)
            .group_by(Service.code, Ticket.state)
        ).all()
        for code, state, count in tickets:
            report.tickets_by_service.setdefault(code, {})[state] = count
            report.tickets_issued += count
            report.tickets_served += count if state == "done" else 0
            report.tickets_no_show += count if state == "no_show" else 0
        received = (Dossier.office_id == office.id, Dossier.received_at >= start,
                    Dossier.received_at < end)
        for code, name, count, fees in s.execute(
            select(Dossier.procedure_code, Procedure.name, func.count(), func.sum(Dossier.fee_vnd))
            .join(Procedure, Procedure.code == Dossier.procedure_code)
            .where(*received).group_by(Dossier.procedure_code, Procedure.name)
            .order_by(func.count().desc(), Dossier.procedure_code)
        ):
            report.dossiers_by_procedure.append(
                {"code": code, "name": name, "count": count, "fees_vnd": int(fees or 0)})
            report.dossiers_received += count
            report.fees_vnd += int(fees or 0)
        report.account_requests = s.scalar(select(func.count()).select_from(AccountRequest).where(
            AccountRequest.office_id == office.id, AccountRequest.created_at >= start,
            AccountRequest.created_at < end)) or 0
        report.outbox_pending = s.scalar(
            select(func.count()).select_from(Outbox).where(Outbox.state == "pending")) or 0
    return report
