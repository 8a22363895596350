"""Time in one place: UTC for storage, Asia/Ho_Chi_Minh for business dates.

Every stored time is timezone-aware UTC; the business date (the day a ticket
number resets, the date in a dossier code) is the local date in Vietnam.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """A naive datetime read back from SQLite is UTC by our own convention."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(VN_TZ)


def business_date(moment: datetime | None = None) -> date:
    return local(moment or utc_now()).date()
