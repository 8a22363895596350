"""The holiday table: seeded from the bundled list once, then the admin's to edit."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.engine import Database
from kiosk.models import Holiday
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
