"""Daily numbers taken inside the caller's transaction: ticket numbers and dossier codes.

One `sequence_counter` row per (name, business date). The upsert increments
and returns the value in one statement, so two terminals never share a number;
on SQLite the caller's write transaction already holds the write lock, on
PostgreSQL the row lock of ON CONFLICT DO UPDATE serialises them.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.models import SequenceCounter


def next_value(session: Session, name: str, day: date, count: int = 1) -> int:
    """Reserve `count` numbers; returns the last one reserved (first is last - count + 1)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(SequenceCounter).values(name=name, business_date=day, value=count)
    stmt = stmt.on_conflict_do_update(
        index_elements=[SequenceCounter.name, SequenceCounter.business_date],
        set_={"value": SequenceCounter.value + count},
    ).returning(SequenceCounter.value)
    return int(session.execute(stmt).scalar_one())


def dossier_code(unit_code: str, day: date, number: int) -> str:
    """`<unit code>-YYMMDD-XXXX` (Circular 01/2018/TT-VPCP, art. 19)."""
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"


def dossier_sequence_name(unit_code: str) -> str:
    return f"dossier:{unit_code}"
