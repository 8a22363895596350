"""The 12-digit citizen id number (số định danh cá nhân, printed on the CCCD card).

A citizen types or dictates this number at the kiosk and an officer checks it
at the counter; a wrong digit means a dossier the portal rejects days later.
The number carries its own checks (birth-registration province, sex and
century, birth year), so most typing errors are caught here, offline, with a
plain message. Nothing here knows about the card itself or the population
database: a number that passes is well-formed, not proven to exist.

Layout (Circular 59/2021/TT-BCA, earlier 07/2016/TT-BCA):
digits 1-3 the province (or, not starting with 0, the country) where the
birth was registered; digit 4 sex and century, century = (d // 2 + 19) * 100,
even male, odd female; digits 5-6 the birth year's last two digits; 7-12 serial.
"""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.errors import UserError

ID_LENGTH = 12
OLD_ID_LENGTH = 9
SEXES = ("male", "female")

# Province codes used in id numbers: the 63 provinces before the 1 July 2025
# merger (the General Statistics Office's two-digit codes, zero-padded). People
# born before the merger keep their number, and new numbers are presumed to
# keep this scheme (unconfirmed), so these stay valid.
BIRTH_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An",
    "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
    "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

# What people type between groups of digits: spaces, dots, dashes of any kind.
_SEPARATORS = re.compile(r"[\s.\-_\u2010-\u2015\u2212]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")
_MIN_CENTURY_DIGIT, _MAX_CENTURY_DIGIT = 0, 3  # 1900s and 2000s


@dataclass(frozen=True)
class CitizenId:
    number: str
    birth_place_code: str
    sex: str
    birth_year: int

    @property
    def born_abroad(self) -> bool:
        return not self.birth_place_code.startswith("0")


def _digits_only(value: str | None) -> str:
    """NFKC (full-width digits become ASCII), separators removed."""
    text = unicodedata.normalize("NFKC", value or "")
    return _SEPARATORS.sub("", text)


def parse_citizen_id(value: str) -> CitizenId:
    """Read a typed id number; raise `UserError` saying what is wrong with it."""
    digits = _digits_only(value)
    if not digits:
        raise UserError("id_empty", "Please enter the 12-digit citizen id number.")
    if not _ASCII_DIGITS.fullmatch(digits):
        raise UserError("id_not_digits", "The citizen id number may contain only digits.")
    if len(digits) != ID_LENGTH:
        raise UserError(
            "id_length",
            f"The citizen id number has 12 digits; {len(digits)} were entered.",
            length=len(digits),
        )
    century_digit = int(digits[3])
    if not _MIN_CENTURY_DIGIT <= century_digit <= _MAX_CENTURY_DIGIT:
        raise UserError(
            "id_century",
            f"The 4th digit of a citizen id number is 0 to 3; {century_digit} is not possible.",
            digit=century_digit,
        )
    place = digits[:3]
    if place.startswith("0") and place not in BIRTH_PROVINCE_CODES:
        raise UserError(
            "id_province",
            f"The first 3 digits ({place}) are not a province code; please check the number.",
            province_code=place,
        )
    century = (century_digit // 2 + 19) * 100
    return CitizenId(
        number=digits,
        birth_place_code=place,
        sex="female" if century_digit % 2 else "male",
        birth_year=century + int(digits[4:6]),
    )


def validate_citizen_id(
    value: str, date_of_birth: date | None = None, sex: str | None = None
) -> str:
    """The 12 digits, after checking them against a date of birth and sex if given."""
    if sex is not None and sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}, not {sex!r}")
    parsed = parse_citizen_id(value)
    if date_of_birth is not None and date_of_birth.year != parsed.birth_year:
        raise UserError(
            "id_birth_year_mismatch",
            f"The citizen id number is for someone born in {parsed.birth_year}, "
            f"but the date of birth is in {date_of_birth.year}.",
            id_year=parsed.birth_year,
            birth_year=date_of_birth.year,
        )
    if sex is not None and sex != parsed.sex:
        raise UserError(
            "id_sex_mismatch",
            f"The citizen id number is for a {parsed.sex} citizen, but {sex} was chosen.",
            id_sex=parsed.sex,
            sex=sex,
        )
    return parsed.number


def is_old_identity_card(value: str) -> bool:
    """True for a 9-digit number of the old identity card (CMND), still seen in records."""
    digits = _digits_only(value)
    return len(digits) == OLD_ID_LENGTH and bool(_ASCII_DIGITS.fullmatch(digits))


def make_citizen_id(
    rng: random.Random,
    date_of_birth: date,
    sex: str,
    birth_place_code: str | None = None,
) -> str:
    """A well-formed, made-up number for demos and tests (not a real person's)."""
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}, not {sex!r}")
    century_index = date_of_birth.year // 100 - 19
    if not 0 <= century_index <= _MAX_CENTURY_DIGIT // 2:
        raise ValueError(f"birth year {date_of_birth.year} is outside 1900-2099")
    if birth_place_code is None:
        birth_place_code = rng.choice(sorted(BIRTH_PROVINCE_CODES))
    elif not (
        len(birth_place_code) == 3
        and birth_place_code.isascii()
        and birth_place_code.isdigit()
        and (birth_place_code in BIRTH_PROVINCE_CODES or not birth_place_code.startswith("0"))
    ):
        raise ValueError(f"unknown birth place code {birth_place_code!r}")
    century_digit = century_index * 2 + (1 if sex == "female" else 0)
    serial = rng.randrange(10**6)
    return f"{birth_place_code}{century_digit}{date_of_birth.year % 100:02d}{serial:06d}"
