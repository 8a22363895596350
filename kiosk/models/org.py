"""The office and its people: office, service, counter, staff user."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.clock import utc_now
from kiosk.models.base import Base

STAFF_ROLES = ("admin", "counter", "volunteer")

counter_service = Table(
    "counter_service",
    Base.metadata,
    Column("counter_id", ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
)


class Office(Base):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # unit code, e.g. 000.00.01.H22
    name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(String(200), default="")
    province_code: Mapped[str | None] = mapped_column(String(4))
    address: Mapped[str] = mapped_column(String(300), default="")
    announce_volume: Mapped[int] = mapped_column(default=80, server_default="80")  # 0-100
    announce_muted: Mapped[bool] = mapped_column(default=False, server_default=false())
    bank_bin: Mapped[str | None] = mapped_column(String(6))  # fees by transfer (VietQR)
    bank_account: Mapped[str | None] = mapped_column(String(19))
    bank_account_name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    services: Mapped[list[Service]] = relationship(back_populates="office", order_by="Service.sort")
    counters: Mapped[list[Counter]] = relationship(back_populates="office", order_by="Counter.number")


class Service(Base):
    """A queue a citizen picks at the kiosk: numbered per business date."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("office_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    code: Mapped[str] = mapped_column(String(40))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    group_vi: Mapped[str] = mapped_column(String(200), default="")
    group_en: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(4), default="")
    sectors: Mapped[list[Any]] = mapped_column(default=list)  # catalog sector codes it receives
    sort: Mapped[int] = mapped_column(default=0)
    opens: Mapped[str] = mapped_column(String(5), default="07:30")
    closes: Mapped[str] = mapped_column(String(5), default="17:00")
    daily_max: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)

    office: Mapped[Office] = relationship(back_populates="services")


class Counter(Base):
    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("office_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(default=True)

    office: Mapped[Office] = relationship(back_populates="counters")
    services: Mapped[list[Service]] = relationship(secondary=counter_service)


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
