"""How dates, times and money read on Vietnamese paper ("09 giờ 15 phút, ngày 27 tháng 11 năm 2026")."""
from __future__ import annotations

from datetime import datetime

from kiosk.clock import local


def money(vnd: int) -> str:
    return f"{vnd:,}".replace(",", ".") + " đồng"


def long_date(moment: datetime) -> str:
    at = local(moment)
    return f"ngày {at.day:02d} tháng {at.month:02d} năm {at.year}"


def time_and_date(moment: datetime) -> str:
    at = local(moment)
    return f"{at.hour:02d} giờ {at.minute:02d} phút, {long_date(moment)}"


def short(moment: datetime) -> str:
    return f"{local(moment):%H:%M %d/%m/%Y}"
