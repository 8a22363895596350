"""Vietnamese mobile numbers: one stored form, whatever way a citizen typed it.

The receipt prints the applicant's phone number and the portal sends status
messages to it, so it must be a reachable mobile number. People write the same
number as "0912 345 678", "+84 912.345.678", "84912345678" or
"(+84) 0912-345-678"; all of these are stored as "0912345678". A number whose
first three digits belong to no carrier is most likely mistyped.

Carrier prefixes are those in use after the 2018 renumbering (11-digit numbers
moved to 10 digits). Since 2018 a subscriber may keep their number when
switching carrier, so `carrier_of` names the carrier the prefix was issued to,
which is usually but not always the current one.
"""
from __future__ import annotations

import random
import re
import unicodedata

from kiosk.errors import UserError

NATIONAL_LENGTH = 10  # "0" + 9 digits
COUNTRY_CODE = "84"

CARRIER_PREFIXES: dict[str, tuple[str, ...]] = {
    "Viettel": ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"),
    "MobiFone": ("070", "076", "077", "078", "079", "089", "090", "093"),
    "VinaPhone": ("081", "082", "083", "084", "085", "088", "091", "094"),
    "Vietnamobile": ("052", "056", "058", "092"),
    "Gmobile": ("059", "099"),
    "Itel": ("087",),
}
_CARRIER_BY_PREFIX: dict[str, str] = {
    prefix: carrier for carrier, prefixes in CARRIER_PREFIXES.items() for prefix in prefixes
}
# Rough subscriber shares, only to make demo data look like a real queue.
_DEMO_CARRIER_WEIGHTS: dict[str, int] = {
    "Viettel": 54, "MobiFone": 20, "VinaPhone": 20, "Vietnamobile": 4, "Gmobile": 1, "Itel": 1,
}

_SEPARATORS = re.compile(r"[\s.\-_()\u2010-\u2015\u2212]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def _national_digits(digits: str) -> str:
    """Turn the international forms (84..., 0084...) into the national one (0...)."""
    for prefix in ("00" + COUNTRY_CODE, COUNTRY_CODE):
        if digits.startswith(prefix) and len(digits) - len(prefix) in (9, 10):
            rest = digits[len(prefix):]
            if len(rest) == 9 and not rest.startswith("0"):
                return "0" + rest
            if len(rest) == 10 and rest.startswith("0"):  # "+84 (0) 912 ..." style
                return rest
    return digits


def normalise_phone(value: str) -> str:
    """The number as "0" + 9 digits, or a `UserError` saying what is wrong."""
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or ""))
    if not text:
        raise UserError("phone_empty", "Please enter a mobile phone number.")
    international = text.startswith("+")
    digits = text[1:] if international else text
    if not _ASCII_DIGITS.fullmatch(digits):
        raise UserError(
            "phone_not_digits",
            "A phone number may contain only digits, spaces and a leading +84.",
        )
    if international and not digits.startswith(COUNTRY_CODE):
        raise UserError(
            "phone_prefix",
            "Only Vietnamese mobile numbers (+84) can be used here.",
            prefix="+" + digits[:3],
        )
    national = _national_digits(digits)
    if len(national) != NATIONAL_LENGTH or not national.startswith("0"):
        raise UserError(
            "phone_length",
            f"A mobile number has 10 digits starting with 0; {len(digits)} digits were entered.",
            length=len(digits),
        )
    prefix = national[:3]
    if prefix not in _CARRIER_BY_PREFIX:
        raise UserError(
            "phone_prefix",
            f"No mobile network uses numbers starting with {prefix}; please check the number.",
            prefix=prefix,
        )
    return national


def carrier_of(phone: str) -> str:
    """The carrier the number's prefix was issued to (see the module docstring)."""
    return _CARRIER_BY_PREFIX[normalise_phone(phone)[:3]]


def make_phone(rng: random.Random) -> str:
    """A well-formed, made-up mobile number for demos and tests."""
    carriers = list(_DEMO_CARRIER_WEIGHTS)
    carrier = rng.choices(carriers, weights=[_DEMO_CARRIER_WEIGHTS[c] for c in carriers])[0]
    prefix = rng.choice(CARRIER_PREFIXES[carrier])
    return f"{prefix}{rng.randrange(10**7):07d}"
