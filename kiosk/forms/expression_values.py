"""How the values of form expressions compare and compute (see kiosk/forms/expressions.py).

Answers are None (unanswered), bool, int, float, text, `date`, lists (a
select_multiple, a repeat) or dicts (an address). These functions give each
operator a meaning on any mix of them and never raise: what does not fit gives
None (arithmetic) or False (comparison). Numbers stay finite and below
MAX_MAGNITUDE, so no chain of operations can build an unbounded integer.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

MAX_MAGNITUDE = 10**18  # results beyond are None: no unbounded integers


def truthy(value: Any) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, (int, float, str, list, tuple, dict)):
        return bool(value)
    return True


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _number_of(text: str) -> float | None:
    try:
        number = float(text) if len(text) <= 40 else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _bounded(value: Any) -> Any:
    """Numbers stay finite and bounded; an integral quotient becomes an int."""
    if isinstance(value, float):
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        return None
    return value


def as_text(value: Any) -> str:
    """How a value reads inside concat() and string_length()."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(as_text(item) for item in value if not isinstance(item, (list, dict)))
    if isinstance(value, (str, int, float)):
        return str(value)
    return ""


def _pair(a: Any, b: Any) -> tuple[Any, Any] | None:
    """Bring two values to one kind for comparing, or None when they cannot be."""
    if is_number(a) and is_number(b):
        return a, b
    if isinstance(a, date) or isinstance(b, date):
        a, b = as_date(a), as_date(b)
        return None if a is None or b is None else (a, b)
    if is_number(a) and isinstance(b, str):
        number = _number_of(b)
        return None if number is None else (a, number)
    if isinstance(a, str) and is_number(b):
        number = _number_of(a)
        return None if number is None else (number, b)
    if type(a) is type(b):
        return a, b
    return None


def compare(op: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    pair = _pair(a, b)
    if pair is None:
        return op == "!="
    a, b = pair
    if op == "=":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if isinstance(a, bool) or not isinstance(a, (int, float, str, date)):
        return False  # lists, dicts, booleans have no order
    try:
        if op == "<":
            return bool(a < b)
        if op == "<=":
            return bool(a <= b)
        if op == ">":
            return bool(a > b)
        return bool(a >= b)
    except TypeError:
        return False


def arithmetic(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    try:
        if is_number(a) and is_number(b):
            if op == "+":
                return _bounded(a + b)
            if op == "-":
                return _bounded(a - b)
            if op == "*":
                return _bounded(a * b)
            return None if b == 0 else _bounded(a / b)
        if isinstance(a, date) and op in "+-" and is_number(b) and abs(b) <= 10**6:
            return a + timedelta(days=int(b)) if op == "+" else a - timedelta(days=int(b))
        if isinstance(a, date) and isinstance(b, date) and op == "-":
            return (a - b).days
        if is_number(a) and isinstance(b, date) and op == "+" and abs(a) <= 10**6:
            return b + timedelta(days=int(a))
    except (OverflowError, ValueError, ZeroDivisionError, TypeError):
        return None
    return None


def years_between(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
