"""Daily numbers taken inside the caller's transaction: ticket numbers and dossier codes.

One `sequence_counter` row per (name, business date). The upsert increments
and returns the value in one statement, so two terminals never share a number;
on SQLite the caller's write transaction already holds the write lock, on
PostgreSQL the row lock of ON CONFLICT DO UPDATE serialises them.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.models import SequenceCounter


def _upsert(dialect: str) -> Any:
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(SequenceCounter).values(name=bindparam("name"), business_date=bindparam("day"),
                                          value=bindparam("count"))
    return stmt.on_conflict_do_update(
        index_elements=[SequenceCounter.name, SequenceCounter.business_date],
        set_={"value": SequenceCounter.value + stmt.excluded.value},
    ).returning(SequenceCounter.value)


_UPSERT = {dialect: _upsert(dialect) for dialect in ("postgresql", "sqlite")}  # built once


def next_value(session: Session, name: str, day: date, count: int = 1) -> int:
    """Reserve `count` numbers; returns the last one reserved (first is last - count + 1)."""
    stmt = _UPSERT[session.get_bind().dialect.name]
    return int(session.execute(stmt, {"name": name, "day": day, "count": count}).scalar_one())


def dossier_code(unit_code: str, day: date, number: int) -> str:
    """`<unit code>-YYMMDD-XXXX` (Circular 01/2018/TT-VPCP, art. 19)."""
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"


def dossier_sequence_name(unit_code: str) -> str:
    return f"dossier:{unit_code}"
