"""Made-up applicants: same seed, same people; and they pass the kiosk's checks."""
from __future__ import annotations

import json
import random
import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.citizen_id import BIRTH_PROVINCE_CODES, validate_citizen_id
from kiosk.demo_people import Person, make_person
from kiosk.phone import normalise_phone
from resources import resource_path

ON = date(2026, 7, 20)


def _people(seed: int, count: int, on: date = ON) -> list[Person]:
    rng = random.Random(seed)
    return [make_person(rng, on=on) for _ in range(count)]


def _age(person: Person, on: date) -> int:
    born = person.date_of_birth
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_same_seed_same_people() -> None:
    assert _people(42, 50) == _people(42, 50)
    assert _people(42, 50) != _people(43, 50)


def test_bundled_provinces_are_the_34_in_force() -> None:
    with resource_path("provinces-2025.json").open(encoding="utf-8") as handle:
        provinces = json.load(handle)["provinces"]
    assert len(provinces) == 34
    assert len({p["code"] for p in provinces}) == 34
    former = [code for p in provinces for code in p["former_id_codes"]]
    assert sorted(former) == sorted(BIRTH_PROVINCE_CODES)
    assert all("0" + p["code"] in p["former_id_codes"] for p in provinces)
    assert all(unicodedata.is_normalized("NFC", p["name"]) for p in provinces)


def test_a_crowd_looks_like_a_real_queue() -> None:
    people = _people(2026, 600)
    names = [p.full_name for p in people]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert sum(not n.isascii() for n in names) > 0.9 * len(names)
    family = [n.split()[0] for n in names]
    assert family.count("Nguyễn") > family.count("Trần") > family.count("Đỗ")
    ages = [_age(p, ON) for p in people]
    assert all(0 <= age <= 95 for age in ages)
    assert any(age < 18 for age in ages) and any(age == 0 for age in ages)
    assert sum(18 <= age <= 90 for age in ages) > 0.8 * len(people)
    share_with_email = sum(p.email is not None for p in people) / len(people)
    assert 0.2 < share_with_email < 0.4
    assert {p.sex for p in people} == {"male", "female"}
    assert len({p.province_code for p in people}) > 25


def test_each_person_passes_the_kiosk_checks() -> None:
    with resource_path("provinces-2025.json").open(encoding="utf-8") as handle:
        provinces = {p["code"]: p["name"] for p in json.load(handle)["provinces"]}
    for person in _people(7, 300):
        assert person.sex in ("male", "female")
        assert validate_citizen_id(person.id_number, person.date_of_birth, person.sex)
        assert normalise_phone(person.phone) == person.phone
        assert unicodedata.is_normalized("NFC", person.address)
        _, _, place = provinces[person.province_code].partition(" ")
        assert person.address.endswith(place.removeprefix("phố "))
        assert ", xã " in person.address or ", phường " in person.address
        if person.email is not None:
            local, _, domain = person.email.partition("@")
            assert person.email.isascii() and local and "." in domain
            assert _age(person, ON) >= 15


def test_minority_style_names_appear_in_the_uplands() -> None:
    upland = [p for p in _people(11, 800) if p.province_code in {"04", "11", "12", "14", "15"}]
    assert upland
    kinh_family = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"}
    assert any(p.full_name.split()[0] not in kinh_family for p in upland)


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32),
       on=st.dates(min_value=date(1996, 1, 1), max_value=date(2090, 12, 31)))
def test_any_seed_and_day_give_a_consistent_person(seed: int, on: date) -> None:
    person = make_person(random.Random(seed), on=on)
    assert person.date_of_birth <= on
    assert 0 <= _age(person, on) <= 95
    validate_citizen_id(person.id_number, person.date_of_birth, person.sex)
    assert make_person(random.Random(seed), on=on) == person


def test_leap_day() -> None:
    assert _people(1, 20, on=date(2028, 2, 29))
