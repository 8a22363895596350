"""The holiday table: seeded from the bundled list once, then the admin's to edit (the
admin window's Holidays tab, `kiosk holiday ...`). Appointment dates count over it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import Holiday
from kiosk.services import audit
from kiosk.textnorm import clean_text
from kiosk.working_days import (WorkCalendar, load_bundled_holidays,
                                load_bundled_working_weekend_days)


def ensure_holidays(db: Database) -> int:
    """Fill an empty holiday table from the bundled list; returns rows added."""
    with db.read() as s:
        if s.scalar(select(Holiday.day).limit(1)) is not None:
            return 0
    with db.write() as s:
        if s.scalar(select(Holiday.day).limit(1)) is not None:
            return 0
        rows = load_bundled_holidays()
        s.add_all(Holiday(day=day, name=name) for day, name in rows)
        made_up = [(day, name) for day, name in load_bundled_working_weekend_days()
                   if day not in {d for d, _ in rows}]
        s.add_all(Holiday(day=day, name=name, working_saturday=True) for day, name in made_up)
        return len(rows) + len(made_up)


def work_calendar(session: Session) -> WorkCalendar:
    rows = session.execute(select(Holiday.day, Holiday.working_saturday)).all()
    return WorkCalendar(
        holidays=[day for day, make_up in rows if not make_up],
        working_days_off_weekend=[day for day, make_up in rows if make_up],
    )


@dataclass(frozen=True)
class HolidayInfo:
    day: date
    name: str
    working_saturday: bool  # a weekend day worked in exchange (a make-up day), not a day off


def list_holidays(db: Database, year: int | None = None) -> list[HolidayInfo]:
    with db.read() as s:
        query = select(Holiday).order_by(Holiday.day)
        if year is not None:
            query = query.where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
        return [HolidayInfo(h.day, h.name, h.working_saturday) for h in s.scalars(query)]


def set_holiday(db: Database, day: date, name: str, *, working_saturday: bool = False,
                staff_id: int | None = None) -> HolidayInfo:
    """Add or change a day off (Tết, a holiday moved by the government) or a make-up
    working day. Appointments counted from now on use it; received ones keep theirs."""
    name = clean_text(name) or ""
    if not name or len(name) > 200:
        raise UserError("bad_holiday_name", "Give the day a name (at most 200 characters)")
    if not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise UserError("bad_holiday_date", "The date must be between 2000 and 2100")
    if working_saturday and day.weekday() < 5:
        raise UserError("make_up_on_weekday", "A make-up working day falls on a weekend")
    with db.write() as s:
        row = s.get(Holiday, day)
        was = None if row is None else {"name": row.name, "working_saturday": row.working_saturday}
        if row is None:
            s.add(Holiday(day=day, name=name, working_saturday=working_saturday))
        else:
            row.name, row.working_saturday = name, working_saturday
        audit.record(s, "settings_change", staff_id=staff_id, subject=f"holiday:{day.isoformat()}",
                     details={"was": was, "now": {"name": name,
                                                  "working_saturday": working_saturday}})
    return HolidayInfo(day, name, working_saturday)


def remove_holiday(db: Database, day: date, *, staff_id: int | None = None) -> None:
    with db.write() as s:
        row = s.get(Holiday, day)
        if row is None:
            raise NotFound("no_such_holiday", f"No holiday on {day.isoformat()}")
        was = {"name": row.name, "working_saturday": row.working_saturday}
        s.delete(row)
        audit.record(s, "settings_change", staff_id=staff_id, subject=f"holiday:{day.isoformat()}",
                     details={"was": was, "now": None})
