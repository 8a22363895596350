"""Appointment dates over working days: weekends, Tết, swapped days, time zones."""
from __future__ import annotations

import json
import unicodedata
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.clock import VN_TZ
from kiosk.working_days import (
    WorkCalendar,
    load_bundled_holidays,
    load_bundled_working_weekend_days,
)
from resources import resource_path


def _bundled() -> WorkCalendar:
    return WorkCalendar(
        holidays=[d for d, _ in load_bundled_holidays()],
        working_days_off_weekend=[d for d, _ in load_bundled_working_weekend_days()],
    )


CAL = _bundled()


def vn(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (vn(2026, 3, 4), 1, vn(2026, 3, 5)),  # Wednesday -> Thursday
        (vn(2026, 3, 6), 1, vn(2026, 3, 9)),  # Friday -> Monday
        (vn(2026, 3, 6), 5, vn(2026, 3, 13)),
        (vn(2026, 2, 13), 1, vn(2026, 2, 23)),  # Friday before Tết Bính Ngọ
        (vn(2026, 2, 12, 16, 45), 3, vn(2026, 2, 24, 16, 45)),
        (vn(2026, 4, 24), 1, vn(2026, 4, 28)),  # Hùng Kings on Sunday, Monday off
        (vn(2026, 4, 24), 3, vn(2026, 5, 4)),  # then 30/4 and 1/5
        (vn(2025, 12, 31, 8), 1, vn(2026, 1, 5, 8)),  # New Year, Friday swapped
        (vn(2026, 1, 9), 1, vn(2026, 1, 10)),  # Saturday worked in exchange
        (vn(2026, 8, 28), 1, vn(2026, 9, 3)),  # National Day 2026
        (vn(2026, 8, 21), 1, vn(2026, 8, 22)),
    ],
)
def test_appointments(start: datetime, days: int, expected: datetime) -> None:
    assert CAL.add_working_days(start, days) == expected


def test_zero_days_on_a_working_day_is_the_same_moment() -> None:
    start = vn(2026, 3, 4, 14, 30)
    assert CAL.add_working_days(start, 0) == start


def test_a_start_on_sunday_counts_from_monday() -> None:
    assert CAL.add_working_days(vn(2026, 3, 8, 15), 0) == vn(2026, 3, 9, 15)
    assert CAL.add_working_days(vn(2026, 3, 8, 15), 1) == vn(2026, 3, 10, 15)
    assert CAL.add_working_days(vn(2026, 2, 17, 9), 1) == vn(2026, 2, 24, 9)  # Tết day 1


def test_local_time_decides_the_day_and_the_zone_is_kept() -> None:
    # Friday 20:00 UTC is Saturday 03:00 in Vietnam: received on Monday.
    start = datetime(2026, 3, 6, 20, 0, tzinfo=timezone.utc)
    result = CAL.add_working_days(start, 0)
    assert result.tzinfo is timezone.utc
    assert result == datetime(2026, 3, 8, 20, 0, tzinfo=timezone.utc)
    assert result.astimezone(VN_TZ) == vn(2026, 3, 9, 3)


def test_fixed_offset_zone_is_kept() -> None:
    plus7 = timezone(timedelta(hours=7))
    result = CAL.add_working_days(datetime(2026, 2, 13, 10, tzinfo=plus7), 1)
    assert result == datetime(2026, 2, 23, 10, tzinfo=plus7)
    assert result.utcoffset() == timedelta(hours=7)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(datetime(2026, 3, 4, 10), 1)
    with pytest.raises(ValueError):
        CAL.add_working_days(vn(2026, 3, 4), -1)


def test_is_working_day_rules() -> None:
    plain = WorkCalendar()
    assert plain.is_working_day(date(2026, 3, 6))
    assert not plain.is_working_day(date(2026, 3, 7))
    assert not plain.is_working_day(date(2026, 3, 8))
    assert WorkCalendar(saturday_is_working=True).is_working_day(date(2026, 3, 7))
    assert not WorkCalendar(saturday_is_working=True).is_working_day(date(2026, 3, 8))
    swapped = WorkCalendar(working_days_off_weekend=[date(2026, 3, 8)])
    assert swapped.is_working_day(date(2026, 3, 8))
    both = WorkCalendar(holidays=[date(2026, 3, 7)], working_days_off_weekend=[date(2026, 3, 7)])
    assert not both.is_working_day(date(2026, 3, 7))


def test_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 3, 4)) == date(2026, 3, 5)
    assert CAL.next_working_day(date(2026, 3, 6)) == date(2026, 3, 9)
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_a_calendar_with_no_working_days_fails_instead_of_hanging() -> None:
    start = date(2026, 1, 1)
    closed = WorkCalendar(holidays=[start + timedelta(days=i) for i in range(800)])
    with pytest.raises(ValueError):
        closed.next_working_day(start)


def test_bundled_table() -> None:
    with resource_path("holidays", "vn_public_holidays.json").open(encoding="utf-8") as handle:
        raw = json.load(handle)
    assert "admin" in raw["note"] and "checked" in raw["note"]
    for entry in raw["holidays"] + raw["working_weekend_days"]:
        assert set(entry) == {"date", "name", "provisional"}
        assert unicodedata.is_normalized("NFC", entry["name"])
    provisional = {e["date"] for e in raw["holidays"] if e["provisional"]}
    assert {"2027-02-06", "2027-02-10", "2027-09-03"} <= provisional
    holidays = dict(load_bundled_holidays())
    assert list(holidays) == sorted(holidays)
    assert {date(2026, 2, 14) + timedelta(days=i) for i in range(9)} <= set(holidays)
    assert {date(2025, 1, 25) + timedelta(days=i) for i in range(9)} <= set(holidays)
    for day in ("2025-04-07", "2026-04-26", "2026-04-27", "2027-04-16", "2025-09-01",
                "2025-09-02", "2026-09-02", "2027-09-02", "2027-01-01", "2027-05-03"):
        assert date.fromisoformat(day) in holidays
    assert holidays[date(2026, 4, 27)].startswith("Nghỉ bù")
    for day, _ in load_bundled_working_weekend_days():
        assert day.weekday() == 5


_starts = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 10, 31),
    timezones=st.sampled_from([VN_TZ, timezone.utc]),
)


@given(start=_starts, days=st.integers(0, 30))
def test_appointment_properties(start: datetime, days: int) -> None:
    result = CAL.add_working_days(start, days)
    local_start, local_result = start.astimezone(VN_TZ), result.astimezone(VN_TZ)
    assert result.tzinfo is start.tzinfo
    assert result >= start
    assert local_result.time() == local_start.time()
    assert CAL.is_working_day(local_result.date())
    between = [
        local_start.date() + timedelta(days=i)
        for i in range(1, (local_result.date() - local_start.date()).days + 1)
    ]
    counted = sum(CAL.is_working_day(d) for d in between)
    assert counted == days + (0 if CAL.is_working_day(local_start.date()) else 1)
    assert CAL.add_working_days(start, days + 1) > result
