"""Appointment dates counted in working days, as the receipt promises them.

A procedure's deadline is a number of working days ("ngày làm việc"): weekends
and public holidays do not count, and a Saturday the government swapped into a
working day does. The appointment printed on the receipt ("Thời gian trả kết
quả") is the receipt time moved forward by that many working days, keeping the
clock time, in Vietnam's local time whatever zone the caller's datetime is in.

The holiday table is data, not code: the government fixes Tết and the days
swapped around holidays each year, so the bundled table
(resources/holidays/vn_public_holidays.json) is a starting point an admin
corrects; the service that builds a `WorkCalendar` reads the office's table.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from kiosk.clock import VN_TZ
from resources import resource_path

HOLIDAYS_FILE = ("holidays", "vn_public_holidays.json")
SATURDAY, SUNDAY = 5, 6
# No real calendar has a year without a working day; a table that claims so
# is broken, and must not hang the counter.
_SEARCH_LIMIT_DAYS = 366


class WorkCalendar:
    """Which dates the office works on: Monday to Friday (and Saturday if set),
    minus public holidays, plus weekend days worked in exchange for a day off.

    A date listed both as a holiday and as a worked weekend day is a holiday.
    """

    def __init__(
        self,
        holidays: Iterable[date] = (),
        working_days_off_weekend: Iterable[date] = (),
        saturday_is_working: bool = False,
    ) -> None:
        self.holidays = frozenset(holidays)
        self.working_weekend_days = frozenset(working_days_off_weekend)
        self.saturday_is_working = saturday_is_working

    def is_working_day(self, d: date) -> bool:
        if d in self.holidays:
            return False
        if d in self.working_weekend_days:
            return True
        weekday = d.weekday()
        if weekday == SUNDAY:
            return False
        return weekday != SATURDAY or self.saturday_is_working

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        return self._first_working_day_from(d + timedelta(days=1))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The moment `days` working days after `start`, at the same local clock time.

        `days=0` gives `start` itself when it falls on a working day. A start on
        a non-working day (a dossier filed online on Sunday) counts as received
        on the next working day, at the same clock time.
        """
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("start must be an aware datetime")
        if days < 0:
            raise ValueError("days must not be negative")
        local = start.astimezone(VN_TZ)
        day = self._first_working_day_from(local.date())
        for _ in range(days):
            day = self.next_working_day(day)
        if day == local.date():
            return start
        moved = datetime.combine(day, local.time(), tzinfo=VN_TZ)
        return moved.astimezone(start.tzinfo)

    def _first_working_day_from(self, d: date) -> date:
        for offset in range(_SEARCH_LIMIT_DAYS):
            candidate = d + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within a year after {d.isoformat()}")


@lru_cache(maxsize=1)
def _bundled_table() -> dict[str, Any]:
    with resource_path(*HOLIDAYS_FILE).open(encoding="utf-8") as handle:
        return json.load(handle)


def _dated_entries(key: str) -> list[tuple[date, str]]:
    entries = _bundled_table().get(key, [])
    return sorted((date.fromisoformat(entry["date"]), entry["name"]) for entry in entries)


def load_bundled_holidays() -> list[tuple[date, str]]:
    """Days off for public servants from the bundled table, sorted by date.

    Includes the days the table marks provisional: an appointment a day late
    is better than one on a day the office is closed.
    """
    return _dated_entries("holidays")


def load_bundled_working_weekend_days() -> list[tuple[date, str]]:
    """Weekend days worked in exchange for a swapped day off, from the bundled table."""
    return _dated_entries("working_weekend_days")
