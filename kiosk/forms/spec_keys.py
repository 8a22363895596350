"""Which keys each field type takes, and a reader that checks one raw JSON value at a time.

Kept apart from kiosk/forms/spec.py so the table of keys (what docs/FORMS.md
documents) is one screen long, and the checks of single values (a label, a
count, a pattern) are written once with the path they report.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Any

from kiosk.forms.errors import FormSpecError
from kiosk.textnorm import clean_text

MAX_FIELDS = 500  # in the whole form, groups included
MAX_DEPTH = 4  # groups inside a page
MAX_CHOICES = 1000
MAX_REPEAT_ITEMS = 100  # the highest max_count; 20 when not given
DEFAULT_MAX_COUNT = 20
MAX_TEXT_LENGTH = 5000
MAX_PATTERN_LENGTH = 200

_COMMON = ("name", "type", "label", "help", "relevant")
_LEAF = (*_COMMON, "required", "readonly", "default", "map_to", "constraint",
         "constraint_message", "calculation")
KEYS: dict[str, tuple[str, ...]] = {
    "text": (*_LEAF, "min_length", "max_length", "pattern"),
    "number": (*_LEAF, "min", "max"),
    "integer": (*_LEAF, "min", "max"),
    "date": (*_LEAF, "min", "max", "allow_future", "plausible_age"),
    "select_one": (*_LEAF, "choices", "choice_filter"),
    "select_multiple": (*_LEAF, "choices", "choice_filter"),
    "yes_no": _LEAF,
    "citizen_id": (*_LEAF, "birth_date_field"),
    "phone": _LEAF,
    "email": _LEAF,
    "address": (*_LEAF, "street_required"),
    "scan": (*_LEAF, "min", "max"),
    "note": _COMMON,
    "calculate": ("name", "type", "label", "help", "relevant", "calculation"),
    "group": (*_COMMON, "fields"),
    "repeat": (*_COMMON, "fields", "min_count", "max_count", "item_label"),
}
VALUE_TYPES = frozenset(KEYS) - {"note", "group", "repeat"}
# map_to target -> the field type it needs
MAP_TO: dict[str, str] = {
    "applicant.full_name": "text", "applicant.id_number": "citizen_id",
    "applicant.date_of_birth": "date", "applicant.phone": "phone",
    "applicant.email": "email", "applicant.address": "address",
}
# built-in lists the caller supplies -> their keys besides value and label
CHOICE_LISTS: dict[str, frozenset[str]] = {
    "provinces": frozenset(), "communes": frozenset({"province"}),
}
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_MISSING = object()


def _type_name(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    return {str: "text", int: "a number", float: "a number", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


class SpecReader:
    """Reads keys of one object of the spec; every failure names `path.key`."""

    def __init__(self, path: str) -> None:
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def obj(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise FormSpecError(self.path, f"must be an object, not {_type_name(raw)}")
        return raw

    def known_keys(self, raw: dict[str, Any], allowed: tuple[str, ...]) -> None:
        for key in raw:
            if key not in allowed:
                shown = str(key)[:40].encode("unicode_escape").decode("ascii")
                raise FormSpecError(self.at(shown), "is not a known key here")

    def get(self, raw: dict[str, Any], key: str, kind: type, default: Any = _MISSING) -> Any:
        if key not in raw or raw[key] is None and default is not _MISSING:
            if default is _MISSING:
                raise FormSpecError(self.at(key), "is missing")
            return default
        value = raw[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            wanted = {str: "text", bool: "true or false", int: "a whole number"}[kind]
            raise FormSpecError(self.at(key), f"must be {wanted}, not {_type_name(value)}")
        return value

    def choice(self, raw: dict[str, Any], key: str, options: tuple[str, ...],
               optional: bool = False) -> Any:
        if optional and raw.get(key) is None:
            return None
        value = raw.get(key)
        if value not in options or not isinstance(value, str):
            shown = value[:40] if isinstance(value, str) else _type_name(value)
            raise FormSpecError(self.at(key), f"must be one of {', '.join(options)}, "
                                f"not {shown!r}")
        return value

    def text(self, value: Any, where: str, limit: int) -> str:
        if not isinstance(value, str):
            raise FormSpecError(where, f"must be text, not {_type_name(value)}")
        if bad := _CONTROL.search(value):
            raise FormSpecError(where, f"contains the control character U+{ord(bad.group()):04X}")
        cleaned = clean_text(value) or ""
        if len(cleaned) > limit:
            raise FormSpecError(where, f"is longer than {limit} characters")
        return cleaned

    def label(self, raw: dict[str, Any], key: str, optional: bool = False, limit: int = 500
              ) -> Any:
        from kiosk.forms.spec import Label

        value = raw.get(key)
        if value is None:
            if optional:
                return None
            raise FormSpecError(self.at(key), 'is missing (an object {"vi": ..., "en": ...})')
        if not isinstance(value, dict):
            raise FormSpecError(self.at(key), 'must be an object {"vi": ..., "en": ...}, '
                                f"not {_type_name(value)}")
        SpecReader(self.at(key)).known_keys(value, ("vi", "en"))
        vi = self.text(value.get("vi"), f"{self.at(key)}.vi", limit)
        if not vi:
            raise FormSpecError(f"{self.at(key)}.vi", "must not be empty")
        en = self.text(value["en"], f"{self.at(key)}.en", limit) if value.get("en") else ""
        return Label(vi, en or vi)

    def count(self, raw: dict[str, Any], key: str, low: int, high: int, default: Any) -> Any:
        value = raw.get(key, default)
        if value is default:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise FormSpecError(self.at(key), f"must be a whole number from {low} to {high}")
        return value

    def number(self, raw: dict[str, Any], key: str) -> int | float | None:
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if isinstance(value, float) and not math.isfinite(value) or abs(value) > 10**15:
            return None
        return value

    @staticmethod
    def iso_date(value: str) -> date | None:
        if not _ISO_DATE.fullmatch(value):
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None

    def pattern(self, raw: dict[str, Any]) -> re.Pattern[str] | None:
        value = raw.get("pattern")
        if value is None:
            return None
        if not isinstance(value, str) or not 0 < len(value) <= MAX_PATTERN_LENGTH:
            raise FormSpecError(self.at("pattern"), "must be a regular expression of 1 to "
                                f"{MAX_PATTERN_LENGTH} characters")
        try:
            return re.compile(value)
        except (re.error, OverflowError, RecursionError, ValueError) as exc:
            raise FormSpecError(self.at("pattern"), f"is not a valid regular expression: "
                                f"{str(exc)[:100]}") from None

    def scalar(self, raw: dict[str, Any], key: str) -> Any:
        """An extra key of a choice: text, a number, true/false or null."""
        if not _KEY.fullmatch(str(key)):
            raise FormSpecError(self.at(str(key)[:40]), "is not a valid key name")
        value = raw[key]
        if isinstance(value, str):
            return self.text(value, self.at(key), 200)
        if isinstance(value, float) and not math.isfinite(value):
            raise FormSpecError(self.at(key), "must be a finite number")
        if value is None or isinstance(value, (bool, int, float)):
            return value
        raise FormSpecError(self.at(key), "must be text, a number, true, false or null")

    def json_value(self, where: str, value: Any, depth: int = 0) -> Any:
        """A literal default: small JSON, text in NFC."""
        if depth > 3:
            raise FormSpecError(where, "is nested too deeply")
        if isinstance(value, str):
            if _CONTROL.search(value) or len(value) > MAX_TEXT_LENGTH:
                raise FormSpecError(where, "must be text without control characters, at most "
                                    f"{MAX_TEXT_LENGTH} characters")
            return unicodedata.normalize("NFC", value)
        if isinstance(value, float) and not math.isfinite(value):
            raise FormSpecError(where, "must be a finite number")
        if isinstance(value, list) and len(value) <= 100:
            return [self.json_value(f"{where}[{i}]", v, depth + 1) for i, v in enumerate(value)]
        if isinstance(value, dict) and len(value) <= 10:
            return {str(k): self.json_value(f"{where}.{str(k)[:40]}", v, depth + 1)
                    for k, v in value.items()}
        if value is None or isinstance(value, (bool, int, float)):
            return value
        raise FormSpecError(where, "must be a small JSON value")
