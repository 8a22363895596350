"""Made-up Vietnamese applicants for demos, tests and benchmarks.

A demo office, a UI test or a benchmark of 90,000 dossiers needs applicants
that look like a real queue: names with full diacritics (which is what breaks
fonts, printers and search), id numbers and phone numbers that pass the
kiosk's own validation, and addresses in the 34 provinces in force since
1 July 2025. Every value comes from the `random.Random` passed in, so a seed
always gives the same people. All names and places are invented; any
resemblance to a real person is chance.
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kiosk.citizen_id import BIRTH_PROVINCE_CODES, make_citizen_id
from kiosk.phone import make_phone
from kiosk.textnorm import fold_for_search, nfc
from resources import resource_path

PROVINCES_FILE = "provinces-2025.json"


@dataclass(frozen=True)
class Person:
    full_name: str
    sex: str
    date_of_birth: date
    id_number: str
    phone: str
    email: str | None
    address: str
    province_code: str


@dataclass(frozen=True)
class _Province:
    code: str
    name: str
    former_id_codes: tuple[str, ...]


@lru_cache(maxsize=1)
def _provinces() -> tuple[_Province, ...]:
    with resource_path(PROVINCES_FILE).open(encoding="utf-8") as handle:
        rows = json.load(handle)["provinces"]
    return tuple(
        _Province(row["code"], nfc(row["name"]), tuple(row["former_id_codes"])) for row in rows
    )


# Regions by current province code; they decide the hamlet word and some names.
_NORTH_UPLANDS = frozenset({"04", "08", "11", "12", "14", "15", "19", "20"})
_HIGHLANDS = frozenset({"52", "66", "68"})
_SOUTH = frozenset({"75", "79", "80", "82", "86", "91", "92", "96"})
_CENTRAL_SOUTH = frozenset({"51", "56"}) | _HIGHLANDS | _SOUTH
_PROVINCE_WEIGHT = {"79": 5, "01": 4, "31": 2, "75": 2, "33": 2, "24": 2, "38": 2, "40": 2}

# Family names, roughly by frequency; "Hoàng|Huỳnh" and "Vũ|Võ" are the
# northern and southern forms of one name.
_FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng|Huỳnh", 5.1),
    ("Phan", 4.5), ("Vũ|Võ", 3.9), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Trịnh", 0.5),
    ("Đoàn", 0.5), ("Lương", 0.5), ("Mai", 0.5), ("Hà", 0.5), ("Cao", 0.4), ("Lâm", 0.4),
    ("Tạ", 0.3), ("Thái", 0.2), ("Chu", 0.2),
)
_MIDDLE = {
    "male": ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Ngọc", "Xuân", "Đình",
             "Quốc", "Trung", "Gia", "Hoàng", "Thành", "Anh", "Bảo", "Tiến"),
    "female": ("Thị", "Ngọc", "Thanh", "Thu", "Minh", "Phương", "Hồng", "Kim", "Bảo",
               "Khánh", "Thùy", "Diệu", "Bích", "Mỹ", "Hoài", "Quỳnh"),
}
_GIVEN = {
    "male": ("Anh", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Huy", "Khoa", "Long",
             "Minh", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Việt",
             "Vinh", "Hoàng", "Khải", "Lộc", "Phúc", "Tài", "Tùng", "Đông", "Hiếu", "Kiên",
             "Nghĩa", "Quý", "Thịnh", "Toàn", "Trí", "Hưng", "Lâm", "Khôi", "Bảo", "Đức"),
    "female": ("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền",
               "Lan", "Linh", "Loan", "Mai", "Ngân", "Nga", "Nhung", "Oanh", "Phương", "Quỳnh",
               "Thảo", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Hiền", "Nhàn",
               "Ngọc", "Trâm", "Vy", "Hồng", "Thư", "Diệp", "Nhi", "Thoa", "Liên", "Gấm"),
}
# Names in the style of some ethnic minorities of the uplands (Tày, Thái, Mông)
# and of the Central Highlands (Ê Đê), used now and then in those regions.
_UPLAND_FAMILY = ("Nông", "Bế", "Ma", "Lục", "Đàm", "Lò", "Lường", "Cầm", "Quàng", "Vi")
_MONG_FAMILY = ("Giàng", "Sùng", "Vàng", "Thào", "Lầu", "Mùa", "Hờ", "Sình")
_MONG_GIVEN = {"male": ("Páo", "Chứ", "Dình", "Tráng", "Pó", "Sử", "Lử", "Chính"),
               "female": ("Mỷ", "Dở", "Sua", "Chu", "Pà", "Mai", "Dua", "Xúa")}
_EDE_FAMILY = ("Niê", "Êban", "Mlô", "Ksơr", "Byă", "Adrơng", "Hwing")
_EDE_GIVEN = ("Hen", "Moan", "Blơ", "Djuih", "Nga", "Linh", "Rê", "Thoa", "Khuê", "Hling")

_PLACE_SYLLABLES = (
    "An", "Bình", "Phú", "Tân", "Hòa", "Thịnh", "Hưng", "Long", "Mỹ", "Phước", "Lộc",
    "Thạnh", "Trung", "Đông", "Yên", "Vĩnh", "Thuận", "Xuân", "Quang", "Thành", "Lợi",
    "Hiệp", "Khánh", "Thái", "Đức", "Nghĩa", "Tiến", "Lập", "Phúc", "Hội", "Sơn", "Hà",
)
_UPLAND_FIRST = ("Nà", "Khuổi", "Pác", "Bó", "Phiêng", "Nậm", "Huổi", "Co", "Lũng", "Cốc", "Pá")
_UPLAND_SECOND = ("Pồng", "Hẩu", "Lạn", "Mòn", "Sáng", "Khao", "Lếch", "Cắm", "Muông",
                  "Vài", "Táng", "Luông", "Pục", "Bon", "Mạ")
_STREETS = ("Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Lý Thường Kiệt",
            "Quang Trung", "Điện Biên Phủ", "Hùng Vương", "Phan Chu Trinh", "Nguyễn Huệ",
            "Lê Duẩn", "Võ Thị Sáu", "Nguyễn Du", "Bà Triệu", "Trần Phú", "Lạc Long Quân")
_EMAIL_DOMAINS = (("gmail.com", 80), ("yahoo.com", 7), ("outlook.com", 6),
                  ("icloud.com", 3), ("yahoo.com.vn", 4))
# (youngest, oldest, weight): some newborns (birth registration) and children,
# mostly adults.
_AGE_BANDS = ((0, 0, 4), (1, 17, 8), (18, 29, 22), (30, 44, 30), (45, 59, 24),
              (60, 79, 15), (80, 95, 3))
_EMAIL_SHARE = 0.34  # of those aged 15 and over: about 30% of everyone
_HOME_BIRTH_SHARE = 0.85


def _weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birth_date(rng: random.Random, on: date) -> date:
    youngest, oldest, _ = rng.choices(_AGE_BANDS, weights=[b[2] for b in _AGE_BANDS])[0]
    if oldest == 0:  # a newborn, brought for birth registration
        earliest, latest = on - timedelta(days=60), on
    else:
        earliest = _years_before(on, oldest + 1) + timedelta(days=1)
        latest = _years_before(on, youngest)
    earliest = max(earliest, date(1900, 1, 1))
    latest = max(latest, earliest)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def _kinh_name(rng: random.Random, sex: str, province: str, born: int) -> str:
    northern, _, southern = _weighted(rng, _FAMILY_NAMES).partition("|")
    family = southern if southern and province in _CENTRAL_SOUTH else northern
    # "Văn" and "Thị" are far more common among older people.
    classic = 0.55 if born < 1980 else 0.2
    if rng.random() < classic:
        middle = "Văn" if sex == "male" else "Thị"
    else:
        middle = rng.choice(_MIDDLE[sex])
    given = rng.choice(_GIVEN[sex])
    if middle == given:
        given = rng.choice([g for g in _GIVEN[sex] if g != middle])
    return f"{family} {middle} {given}"


def _minority_name(rng: random.Random, sex: str, province: str) -> str:
    if province in _HIGHLANDS:
        given = rng.choice(_EDE_GIVEN)
        first = f"Y {given}" if sex == "male" else f"H'{given}"
        return f"{first} {rng.choice(_EDE_FAMILY)}"
    if rng.random() < 0.4:
        middle = "A" if sex == "male" else "Thị"
        return f"{rng.choice(_MONG_FAMILY)} {middle} {rng.choice(_MONG_GIVEN[sex])}"
    middle = "Văn" if sex == "male" else "Thị"
    return f"{rng.choice(_UPLAND_FAMILY)} {middle} {rng.choice(_GIVEN[sex])}"


def _place_name(rng: random.Random) -> str:
    return " ".join(rng.sample(_PLACE_SYLLABLES, 2))


def _upland_name(rng: random.Random) -> str:
    return f"{rng.choice(_UPLAND_FIRST)} {rng.choice(_UPLAND_SECOND)}"


def _address(rng: random.Random, province: _Province) -> str:
    kind, _, place = province.name.partition(" ")
    if kind == "Thành":  # "Thành phố X"
        kind, place = "thành phố", place.removeprefix("phố ")
    else:
        kind = "tỉnh"
    code = province.code
    if kind == "thành phố" and rng.random() < 0.6:
        number = rng.randint(1, 250)
        street = rng.choice(_STREETS)
        if code in _SOUTH:
            local = f"Số {number} đường {street}, khu phố {rng.randint(1, 12)}"
        elif rng.random() < 0.5:
            local = f"Số {number}, ngõ {rng.randint(2, 180)}, phố {street}"
        else:
            local = f"Số {number} đường {street}"
        return f"{local}, phường {_place_name(rng)}, {kind} {place}"
    if code in _NORTH_UPLANDS:
        local = f"{rng.choice(('Bản', 'Thôn'))} {_upland_name(rng)}"
        commune = _upland_name(rng) if rng.random() < 0.5 else _place_name(rng)
    else:
        if code in _SOUTH:
            word = "Ấp"
        else:
            word = rng.choice(("Thôn", "Xóm")) if int(code) < 38 else "Thôn"
        number_or_name = str(rng.randint(1, 12)) if rng.random() < 0.3 else _place_name(rng)
        local = f"{word} {number_or_name}"
        commune = _place_name(rng)
    return f"{local}, xã {commune}, {kind} {place}"


def _email(rng: random.Random, full_name: str, born: int) -> str:
    words = [re.sub(r"[^a-z0-9]", "", w) for w in fold_for_search(full_name).split()]
    words = [w for w in words if w]
    family, given = words[0], words[-1]
    initials = "".join(w[0] for w in words[:-1])
    style = rng.randrange(4)
    if style == 0:
        local = f"{''.join(words)}{born % 100:02d}"
    elif style == 1:
        local = f"{given}{family}{born}"
    elif style == 2:
        local = f"{given}.{initials}{rng.randint(1, 999)}"
    else:
        local = f"{given}{initials}{born % 100:02d}{rng.randint(0, 9)}"
    return f"{local}@{_weighted(rng, _EMAIL_DOMAINS)}"


def make_person(rng: random.Random, *, on: date) -> Person:
    """One applicant, of an age between 0 and 95 on `on`; same rng state, same person."""
    provinces = _provinces()
    weights = [_PROVINCE_WEIGHT.get(p.code, 1) for p in provinces]
    province = rng.choices(provinces, weights=weights)[0]
    sex = rng.choice(("male", "female"))
    dob = _birth_date(rng, on)
    minority_share = 0.35 if province.code in _NORTH_UPLANDS | _HIGHLANDS else 0.0
    if rng.random() < minority_share:
        full_name = _minority_name(rng, sex, province.code)
    else:
        full_name = _kinh_name(rng, sex, province.code, dob.year)
    if rng.random() < _HOME_BIRTH_SHARE:
        birth_place = rng.choice(province.former_id_codes)
    else:
        birth_place = rng.choice(sorted(BIRTH_PROVINCE_CODES))
    id_number = make_citizen_id(rng, dob, sex, birth_place)
    phone = make_phone(rng)
    adult = _years_before(on, 15) >= dob
    email = _email(rng, full_name, dob.year) if adult and rng.random() < _EMAIL_SHARE else None
    return Person(
        full_name=nfc(full_name),
        sex=sex,
        date_of_birth=dob,
        id_number=id_number,
        phone=phone,
        email=email,
        address=nfc(_address(rng, province)),
        province_code=province.code,
    )
