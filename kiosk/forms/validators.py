"""Cleaning and checking one answer by its field's type, as the touch wizard hands it over.

Answers arrive from the UI mostly as text ("1,5", "31/12/2020", "+84 912 345
678") and, from a draft or a hostile caller, as anything at all. Each type's
cleaner turns a raw value into the stored form (NFC text, int/float, `date`,
"0912345678", ...) or raises `Invalid` with a code from `ERROR_CODES`; it never
raises anything else. `check_limits` then checks the field's own limits on a
clean value. Rules that need other answers (required, constraint, choice
filters, id vs. date of birth) are applied by kiosk/forms/engine.py.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from kiosk.citizen_id import parse_citizen_id
from kiosk.errors import UserError
from kiosk.forms.expression_values import years_between
from kiosk.phone import normalise_phone
from kiosk.textnorm import clean_text

if TYPE_CHECKING:
    from kiosk.forms.spec import Field

DEFAULT_MAX_LENGTH = 500
MAX_NUMBER_TEXT = 40  # characters of a typed number
MAX_NUMBER = 10**15  # beyond this a "number" answer is a typing accident
MAX_AGE = 120
MEDIA_TYPES = ("image/jpeg", "image/png", "application/pdf")
MAX_SCANS = 50
# C0 and C1 controls (white space is folded by clean_text instead), lone surrogates, and
# the bidi overrides that can make a name read differently from what is stored.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\u202a-\u202e"
                      "\u2066-\u2069]")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_VN_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@"
                    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_YES = ("true", "yes", "1", "có", "co")
_NO = ("false", "no", "0", "không", "khong")


class Invalid(Exception):
    """The answer cannot be used: `code` is one of ERROR_CODES."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_string(raw: Any, expected: str = "text") -> str | None:
    """NFC, trimmed, inner white space folded; controls refused; "" becomes None."""
    if not isinstance(raw, str):
        raise Invalid("wrong_type", expected=expected)
    if bad := _CONTROL.search(raw):
        raise Invalid("control_character", char=f"U+{ord(bad.group()):04X}")
    return clean_text(raw)


def _text(field: Field, raw: Any) -> str | None:
    return clean_string(raw)


def _number(field: Field, raw: Any) -> int | float | None:
    if isinstance(raw, bool):
        raise Invalid("wrong_type", expected=field.type)
    if isinstance(raw, (int, float)):
        number: int | float = raw
    else:
        text = clean_string(raw, field.type)
        if text is None:
            return None
        text = unicodedata.normalize("NFKC", text).replace(" ", "")
        if len(text) > MAX_NUMBER_TEXT or not _NUMBER.fullmatch(text):
            raise Invalid("number_invalid")
        text = text.replace(",", ".")
        number = int(text) if "." not in text else float(text)
    if isinstance(number, float):
        if not math.isfinite(number):
            raise Invalid("number_invalid")
        if number.is_integer() and abs(number) <= MAX_NUMBER:
            number = int(number)
    if abs(number) > MAX_NUMBER:
        raise Invalid("number_invalid")
    if field.type == "integer" and not isinstance(number, int):
        raise Invalid("not_integer")
    return number


def parse_date(raw: Any) -> date | None:
    """A date from a `date`, "YYYY-MM-DD" or "DD/MM/YYYY"; raises Invalid."""
    if isinstance(raw, date):
        return date(raw.year, raw.month, raw.day)  # a datetime loses its time
    text = clean_string(raw, "date")
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _VN_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise Invalid("date_invalid")
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid("date_invalid") from None


def _date(field: Field, raw: Any) -> date | None:
    return parse_date(raw)


def _user_error(raw: Any, clean: Any) -> str | None:
    text = clean_string(raw)
    if text is None:
        return None
    try:
        return clean(text)
    except UserError as exc:
        raise Invalid(exc.code, **exc.params) from None


def _citizen_id(field: Field, raw: Any) -> str | None:
    return _user_error(raw, lambda text: parse_citizen_id(text).number)


def _phone(field: Field, raw: Any) -> str | None:
    return _user_error(raw, normalise_phone)


def _email(field: Field, raw: Any) -> str | None:
    text = clean_string(raw)
    if text is None:
        return None
    if len(text) > 200 or not _EMAIL.fullmatch(text) or ".." in text:
        raise Invalid("email_invalid")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


def _select_one(field: Field, raw: Any) -> str | None:
    value = clean_string(raw, "select_one")
    if value is not None and len(value) > 100:
        raise Invalid("choice_unknown", value=value[:100])
    return value


def _select_multiple(field: Field, raw: Any) -> list[str] | None:
    if isinstance(raw, str):  # a single value
        raw = [raw]
    if not isinstance(raw, (list, tuple)) or len(raw) > 1000:
        raise Invalid("wrong_type", expected="select_multiple")
    values: list[str] = []
    for item in raw:
        value = _select_one(field, item)
        if value is not None and value not in values:
            values.append(value)
    return values or None


def _yes_no(field: Field, raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = clean_string(raw, "yes_no")
    if text is None:
        return None
    if text.lower() in _YES:
        return True
    if text.lower() in _NO:
        return False
    raise Invalid("wrong_type", expected="yes_no")


def _address(field: Field, raw: Any) -> dict[str, str | None] | None:
    if not isinstance(raw, Mapping):
        raise Invalid("wrong_type", expected="address")
    parts = {key: clean_string(raw.get(key), "address") if raw.get(key) is not None else None
             for key in ("province", "commune", "street")}
    if parts["street"] is not None and len(parts["street"]) > 200:
        raise Invalid("too_long", max_length=200, length=len(parts["street"]))
    for key in ("province", "commune"):
        if parts[key] is not None and len(parts[key] or "") > 40:
            raise Invalid(f"address_{key}_unknown", **{key: (parts[key] or "")[:40]})
    return None if all(v is None for v in parts.values()) else parts


def _scan(field: Field, raw: Any) -> list[dict[str, str]] | None:
    if not isinstance(raw, (list, tuple)) or len(raw) > MAX_SCANS:
        if isinstance(raw, (list, tuple)):
            raise Invalid("too_many", max=MAX_SCANS, count=len(raw))
        raise Invalid("wrong_type", expected="scan")
    scans: list[dict[str, str]] = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise Invalid("scan_invalid", index=index, part="item")
        digest, name, media = item.get("sha256"), item.get("name"), item.get("media_type")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest.lower()):
            raise Invalid("scan_invalid", index=index, part="sha256")
        try:
            name = clean_string(name)
        except Invalid:
            name = None
        if name is None or len(name) > 255:
            raise Invalid("scan_invalid", index=index, part="name")
        if media not in MEDIA_TYPES:
            raise Invalid("scan_invalid", index=index, part="media_type")
        if any(scan["sha256"] == digest.lower() for scan in scans):
            raise Invalid("scan_duplicate", index=index)
        scans.append({"sha256": digest.lower(), "name": name, "media_type": media})
    return scans or None


CLEANERS = {
    "text": _text, "number": _number, "integer": _number, "date": _date,
    "select_one": _select_one, "select_multiple": _select_multiple, "yes_no": _yes_no,
    "citizen_id": _citizen_id, "phone": _phone, "email": _email, "address": _address,
    "scan": _scan,
}


def clean_value(field: Field, raw: Any) -> Any:
    """The value as stored (None when empty), or `Invalid`; never any other exception."""
    if raw is None:
        return None
    cleaner = CLEANERS.get(field.type)
    if cleaner is None:
        return None
    try:
        return cleaner(field, raw)
    except Invalid:
        raise
    except (ValueError, TypeError, OverflowError, RecursionError):  # a hostile object
        raise Invalid("wrong_type", expected=field.type) from None


def check_address(value: Mapping[str, Any], street_required: bool,
                  provinces: Mapping[str, Mapping[str, Any]] | None,
                  communes: Mapping[str, Mapping[str, Any]] | None
                  ) -> list[tuple[str, dict[str, Any]]]:
    """Missing parts, and codes not in the caller's lists (`None` = no list: not checked)."""
    problems: list[tuple[str, dict[str, Any]]] = []
    province, commune = value.get("province"), value.get("commune")
    if province is None:
        problems.append(("address_province_required", {}))
    elif provinces is not None and province not in provinces:
        problems.append(("address_province_unknown", {"province": province}))
    if commune is None:
        problems.append(("address_commune_required", {}))
    elif communes is not None and province is not None and not problems:
        row = communes.get(commune)
        if row is None or str(row.get("province")) != province:
            problems.append(("address_commune_unknown", {"commune": commune, "province": province}))
    if street_required and value.get("street") is None:
        problems.append(("address_street_required", {}))
    return problems


def check_limits(field: Field, value: Any, today: date, low: Any, high: Any
                 ) -> list[tuple[str, dict[str, Any]]]:
    """The field's own limits on a clean, non-empty value; `low`/`high` already evaluated."""
    problems: list[tuple[str, dict[str, Any]]] = []
    kind = field.type
    if kind == "text":
        limit = field.max_length or DEFAULT_MAX_LENGTH
        if len(value) > limit:
            problems.append(("too_long", {"max_length": limit, "length": len(value)}))
        elif field.min_length and len(value) < field.min_length:
            problems.append(("too_short", {"min_length": field.min_length, "length": len(value)}))
        elif field.pattern is not None and not field.pattern.fullmatch(value):
            problems.append(("pattern_mismatch", {}))
    elif kind in ("number", "integer"):
        if low is not None and value < low:
            problems.append(("below_min", {"min": low}))
        if high is not None and value > high:
            problems.append(("above_max", {"max": high}))
    elif kind == "date":
        if not field.allow_future and value > today:
            problems.append(("date_in_future", {}))
        elif field.plausible_age and not 0 <= years_between(value, today) <= MAX_AGE:
            problems.append(("age_implausible", {"age": years_between(value, today)}))
        if low is not None and value < low:
            problems.append(("below_min", {"min": low.isoformat()}))
        if high is not None and value > high:
            problems.append(("above_max", {"max": high.isoformat()}))
    elif kind == "scan":
        if low is not None and len(value) < low:
            problems.append(("too_few", {"min": low, "count": len(value)}))
        if high is not None and len(value) > high:
            problems.append(("too_many", {"max": high, "count": len(value)}))
    return problems
