"""The two kinds of form error: a bad spec (the catalog's fault) and a bad answer (the citizen's).

A bad spec is found once, when the form is loaded, and named by its path in the
JSON so whoever wrote the catalog can fix it. A bad answer is data, not an
English sentence: the wizard shows it in the citizen's language by looking up
`code` (with `params`) in its translations, so every code the engine can give
is listed in `ERROR_CODES` below, with the params it carries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class FormSpecError(ValueError):
    """A form spec that cannot be used; `path` is where, e.g. `fields[2].fields[0].relevant`."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer. `path` is `name`, or `repeat[index].name` (index from 0)."""

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)


# code: what it means (params). The UI translates each code; tests check none is missing.
ERROR_CODES: dict[str, str] = {
    "required": "an answer is required",
    "wrong_type": "the answer is not of the kind expected (expected: the field type)",
    "control_character": "the text contains an invisible control character (char: e.g. U+0007)",
    "too_short": "the text is too short (min_length, length)",
    "too_long": "the text is too long (max_length, length)",
    "pattern_mismatch": "the text is not in the expected format",
    "number_invalid": "not a number: digits with at most one . or , decimal mark",
    "not_integer": "a whole number is required",
    "below_min": "the number or date is below the least allowed (min: number or ISO date)",
    "above_max": "the number or date is above the most allowed (max: number or ISO date)",
    "date_invalid": "not a date: YYYY-MM-DD or DD/MM/YYYY",
    "date_in_future": "the date is after today",
    "age_implausible": "the date of birth gives an age outside 0 to 120 years (age)",
    # from kiosk/citizen_id.py (same codes and params)
    "id_empty": "the citizen id number is empty",
    "id_not_digits": "the citizen id number may contain only digits",
    "id_length": "the citizen id number has 12 digits (length: how many were given)",
    "id_century": "the 4th digit of the citizen id number must be 0 to 3 (digit)",
    "id_province": "the first 3 digits are not a province code (province_code)",
    "id_birth_year_mismatch": "the id number's birth year differs from the date of birth "
                              "(id_year, birth_year)",
    # from kiosk/phone.py (same codes and params)
    "phone_empty": "the phone number is empty",
    "phone_not_digits": "a phone number may contain only digits, spaces and a leading +84",
    "phone_prefix": "not a Vietnamese mobile prefix (prefix)",
    "phone_length": "a mobile number has 10 digits starting with 0 (length)",
    "email_invalid": "not an e-mail address like ten@vidu.vn (at most 200 characters)",
    "choice_unknown": "the value is not one of the choices offered (value)",
    "address_province_required": "the province of the address is missing",
    "address_commune_required": "the commune (ward) of the address is missing",
    "address_street_required": "the house number / street / hamlet of the address is missing",
    "address_province_unknown": "no such province (province)",
    "address_commune_unknown": "no such commune in that province (commune, province)",
    "scan_invalid": "a scanned document is malformed (index, part: sha256|name|media_type)",
    "scan_duplicate": "the same scanned document is attached twice (index)",
    "too_few": "too few items or documents (min, count)",
    "too_many": "too many items or documents (max, count)",
    "constraint_failed": "the answer breaks a rule of the form "
                         "(message: {'vi': ..., 'en': ...} from the form, or absent)",
}
