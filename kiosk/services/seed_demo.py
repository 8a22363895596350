"""A demo office with a year of received dossiers: for demos, tests and benchmarks.

Deterministic for a seed. Dossiers are written in bulk (Core inserts in
chunks), each with its pending outbox row, so a seeded database is a sync
backlog; the day counters are advanced so real receptions continue the codes.
"""
from __future__ import annotations

import random
import uuid
from collections import Counter as Tally
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kiosk.clock import VN_TZ, business_date
from kiosk.crypto import id_hash
from kiosk.db.engine import Database
from kiosk.demo_people import make_person
from kiosk.errors import UserError
from kiosk.models import Counter, Dossier, DossierDocument, Outbox, Procedure, Service, StaffUser
from kiosk.portal_payloads import dossier_payload
from kiosk.services.holidays import work_calendar
from kiosk.services.numbering import dossier_code, dossier_sequence_name, next_value
from kiosk.services.office_setup import the_office
from kiosk.services.outbox import outbox_row
from kiosk.working_days import WorkCalendar
from kiosk.textnorm import fold_for_search

DEMO_OFFICE = ("Bộ phận Một cửa xã Hòa An (dữ liệu mẫu)", "Ủy ban nhân dân xã Hòa An")
DEMO_OFFICERS = ("Nguyễn Thị Hồng Nhung", "Trần Đức Thắng", "Lê Thị Phương Thảo",
                 "Phạm Văn Quý")
COMMON_PROCEDURES = {"1.001193": 30, "1.000656": 6, "1.000894": 8, "1.004873": 12,
                     "1.004222": 8, "1.004194": 10}
CHUNK = 2000


@dataclass(frozen=True)
class SeedResult:
    dossiers: int
    counters: int
    officers: int
    first_day: date | None
    last_day: date | None


def _setup_office(db: Database) -> tuple[int, str, list[int]]:
    """Name the demo office (if still unnamed), add counters and officers; idempotent."""
    with db.write() as s:
        office = the_office(s)
        if office.name in ("", "Bộ phận Một cửa"):
            office.name, office.agency = DEMO_OFFICE
        services = s.scalars(select(Service).where(Service.office_id == office.id)
                             .order_by(Service.sort)).all()
        if not s.scalar(select(Counter.id).where(Counter.office_id == office.id).limit(1)):
            for number in range(1, 5):
                counter = Counter(office_id=office.id, number=number, name=f"Quầy {number}")
                counter.services = [v for i, v in enumerate(services) if i % 4 == number - 1
                                    or number == 4]
                s.add(counter)
        officers = []
        for i, name in enumerate(DEMO_OFFICERS, start=1):
            username = f"canbo{i}"
            user = s.scalar(select(StaffUser).where(StaffUser.username == username))
            if user is None:
                user = StaffUser(username=username, full_name=name, role="counter")
                s.add(user)
                s.flush()
            officers.append(user.id)
        return office.id, office.code, officers


def _office_moments(rng: random.Random, days: list[date], n: int) -> list[datetime]:
    """n receipt times on working days, office hours, morning-heavy, sorted."""
    moments = []
    for _ in range(n):
        day = rng.choice(days)
        if rng.random() < 0.62:
            minutes = 7 * 60 + 30 + int(rng.triangular(0, 240, 60))
        else:
            minutes = 13 * 60 + 30 + int(rng.triangular(0, 210, 40))
        local_time = time(minutes // 60, minutes % 60, rng.randrange(60))
        moments.append(datetime.combine(day, local_time, VN_TZ))
    moments.sort()
    return moments


def seed_demo(db: Database, dossiers: int, seed: int, *, days_back: int = 365) -> SeedResult:
    if dossiers < 0:
        raise UserError("bad_count", "The number of dossiers cannot be negative")
    rng = random.Random(seed)
    office_id, unit_code, officers = _setup_office(db)
    with db.read() as s:
        procedures = {p.code: p for p in s.scalars(select(Procedure).where(
            Procedure.level == "commune", Procedure.active.is_(True)))}
        calendar = work_calendar(s)
    if not procedures:
        raise UserError("empty_catalog", "The catalog has no commune-level procedure to seed from")
    today = business_date()
    days = [d for d in (today - timedelta(days=i) for i in range(1, days_back + 1))
            if calendar.is_working_day(d)]
    moments = _office_moments(rng, days, dossiers)
    per_day = Tally(m.date() for m in moments)
    with db.write() as s:  # all or nothing: a failed seed leaves no half year and no gaps
        first_number = {day: next_value(s, dossier_sequence_name(unit_code), day, count) - count + 1
                        for day, count in sorted(per_day.items())}
        _insert_dossiers(s, rng, moments, first_number, procedures, calendar, office_id,
                         unit_code, officers)
    return SeedResult(dossiers, 4, len(officers),
                      moments[0].date() if moments else None,
                      moments[-1].date() if moments else None)


def _insert_dossiers(s: Session, rng: random.Random, moments: list[datetime],
                     first_number: dict[date, int], procedures: dict[str, Procedure],
                     calendar: WorkCalendar, office_id: int, unit_code: str,
                     officers: list[int]) -> None:
    codes = sorted(procedures)
    weights = [COMMON_PROCEDURES.get(code, 1) for code in codes]
    taken: Tally[date] = Tally()
    for start in range(0, len(moments), CHUNK):
        rows: list[dict[str, Any]] = []
        documents: list[dict[str, Any]] = []
        outbox: list[dict[str, Any]] = []
        for received_local in moments[start:start + CHUNK]:
            day = received_local.date()
            number = first_number[day] + taken[day]
            taken[day] += 1
            procedure = procedures[rng.choices(codes, weights)[0]]
            person = make_person(rng, on=day)
            received = received_local.astimezone(timezone.utc)
            appointment = calendar.add_working_days(received_local, procedure.deadline_days or 3)
            docs = [{"code": d.get("code", ""), "name": d["name"], "originals": d.get("originals", 1),
                     "copies": d.get("copies", 0)} for d in procedure.documents[:4]]
            dossier_id = uuid.uuid4()  # a real id: the same seed twice still makes new records
            fee = procedure.fee_vnd or 0
            rows.append({
                "id": dossier_id, "office_id": office_id,
                "code": dossier_code(unit_code, day, number),
                "procedure_code": procedure.code, "form_version": procedure.form_version,
                "state": "received", "applicant_full_name": person.full_name,
                "applicant_name_folded": fold_for_search(person.full_name),
                "applicant_id_number": person.id_number,
                "applicant_id_hash": id_hash(person.id_number),  # no ORM event in bulk
                "applicant_date_of_birth": person.date_of_birth,
                "applicant_phone": person.phone, "applicant_email": person.email,
                "applicant_address": person.address, "answers": {}, "fee_vnd": fee,
                "payment_method": "cash" if fee else "free", "received_at": received,
                "appointment_at": appointment.astimezone(received.tzinfo),
                "received_by": rng.choice(officers), "created_at": received,
                "updated_at": received,
            })
            documents.extend({"dossier_id": dossier_id, "position": i, "code": d["code"],
                              "name": d["name"], "originals": d["originals"],
                              "copies": d["copies"], "received": True}
                             for i, d in enumerate(docs))
            payload = dossier_payload(
                procedure_code=procedure.code, office_code=unit_code, received_at=received,
                appointment_at=appointment, fee_vnd=fee, full_name=person.full_name,
                id_number=person.id_number, date_of_birth=person.date_of_birth,
                phone=person.phone, email=person.email, address=person.address, fields={},
                documents=docs)
            outbox.append(outbox_row("dossier", dossier_id, payload, created_at=received))
        # render_nulls: a None (no email, say) is sent as NULL rather than the column left
        # out, so a chunk is one executemany, not one per run of rows with the same keys
        s.execute(insert(Dossier).execution_options(render_nulls=True), rows)
        if documents:
            s.execute(insert(DossierDocument), documents)
        s.execute(insert(Outbox), outbox)
