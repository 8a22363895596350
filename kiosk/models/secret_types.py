"""Column types that keep their value encrypted at rest (kiosk/crypto.py, docs/SECURITY.md).

Python sees plain values; the database holds "v1:..." text. The ciphertext changes
at every write (random nonce), so these columns cannot be compared in SQL: `==`,
`IN`, `LIKE` or `<` against a value raise at once instead of silently finding nothing
(and ORDER BY on them means nothing).
Look a citizen up through the keyed-hash column beside the id number instead.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from kiosk import crypto

_FORBIDDEN = {operators.eq, operators.ne, operators.in_op, operators.not_in_op,
              operators.like_op, operators.not_like_op, operators.ilike_op,
              operators.not_ilike_op, operators.startswith_op, operators.endswith_op,
              operators.contains_op, operators.lt, operators.le, operators.gt, operators.ge,
              operators.between_op}


def _a_value(other: Any) -> bool:
    """A value compared in SQL (never matches a random nonce's ciphertext); IS NULL and the
    ORM's own column-to-column comparisons (mapper bookkeeping) are fine."""
    if other is None:
        return False
    return not isinstance(other, ColumnElement) or isinstance(other, BindParameter)


class _Sealed(TypeDecorator[Any]):
    impl = Text
    cache_ok = True

    class comparator_factory(TypeDecorator.Comparator[Any]):  # SQLAlchemy's name
        def operate(self, op: Any, *other: Any, **kwargs: Any) -> Any:
            if op in _FORBIDDEN and any(_a_value(o) for o in other):
                raise TypeError(f"{self.expr} is encrypted: compare its keyed hash instead")
            return super().operate(op, *other, **kwargs)

    def to_text(self, value: Any) -> str:
        raise NotImplementedError

    def from_text(self, text: str) -> Any:
        raise NotImplementedError

    def unreadable(self) -> Any:
        raise NotImplementedError

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.encrypt_text(self.to_text(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        text = crypto.open_sealed(value)
        return self.unreadable() if text is None else self.from_text(text)

    def process_literal_param(self, value: Any, dialect: Dialect) -> str:
        raise TypeError("encrypted values are never written into SQL text")


class EncryptedText(_Sealed):
    """Text (an id number, a phone, an email, a frozen payload)."""

    cache_ok = True

    def to_text(self, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"an encrypted text column takes text, not {type(value).__name__}")
        return value

    def from_text(self, text: str) -> str:
        return text

    def unreadable(self) -> str:
        return crypto.UNREADABLE


class EncryptedDate(_Sealed):
    """A date, kept as its ISO text (YYYY-MM-DD) encrypted."""

    cache_ok = True

    def to_text(self, value: Any) -> str:
        if not isinstance(value, date):
            raise TypeError(f"an encrypted date column takes a date, not {type(value).__name__}")
        return value.isoformat()

    def from_text(self, text: str) -> date:
        return date.fromisoformat(text[:10])  # legacy plaintext may be a timestamp's text

    def unreadable(self) -> None:
        return None


class EncryptedJSON(_Sealed):
    """A dict or list, kept as canonical JSON text encrypted."""

    cache_ok = True

    def to_text(self, value: Any) -> str:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def from_text(self, text: str) -> Any:
        return json.loads(text)

    def unreadable(self) -> dict[str, Any]:
        return {}
