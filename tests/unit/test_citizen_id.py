"""Citizen id numbers: what a citizen types, what the kiosk accepts, and why not."""
from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.citizen_id import (
    BIRTH_PROVINCE_CODES,
    CitizenId,
    is_old_identity_card,
    make_citizen_id,
    parse_citizen_id,
    validate_citizen_id,
)
from kiosk.errors import UserError


def _code_of(value: str) -> str:
    with pytest.raises(UserError) as caught:
        parse_citizen_id(value)
    assert "\n" not in caught.value.message
    return caught.value.code


def test_parse_reads_place_sex_and_year() -> None:
    assert parse_citizen_id("001090012345") == CitizenId("001090012345", "001", "male", 1990)
    assert parse_citizen_id("079305001234") == CitizenId("079305001234", "079", "female", 2005)
    assert parse_citizen_id("038199000001").birth_year == 1999
    assert parse_citizen_id("096200000001").sex == "male"


def test_parse_accepts_what_people_type() -> None:
    for typed in ("001 090 012 345", "001.090.012.345", "001-090-012-345", " 001090012345\n",
                  "０７９３０５００１２３４", "079\u00a0305\u2013001234"):
        assert parse_citizen_id(typed).number.isdigit()
    assert parse_citizen_id("０７９３０５００１２３４").number == "079305001234"


def test_country_codes_are_accepted() -> None:
    parsed = parse_citizen_id("101190000123")
    assert parsed.birth_place_code == "101"
    assert parsed.born_abroad
    assert not parse_citizen_id("001190000123").born_abroad


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "id_empty"),
        ("   ", "id_empty"),
        (" - . ", "id_empty"),
        ("00109001234A", "id_not_digits"),
        ("001/090/012345", "id_not_digits"),
        ("".join(chr(0x0660 + int(d)) for d in "001090012345"), "id_not_digits"),  # Arabic-Indic
        ("00109001234", "id_length"),
        ("0010900123456", "id_length"),
        ("123456789", "id_length"),
        ("001490012345", "id_century"),
        ("001990012345", "id_century"),
        ("003090012345", "id_province"),
        ("099090012345", "id_province"),
        ("000090012345", "id_province"),
    ],
)
def test_parse_rejects_with_a_stable_code(typed: str, code: str) -> None:
    assert _code_of(typed) == code


def test_length_error_says_how_many_digits() -> None:
    with pytest.raises(UserError) as caught:
        parse_citizen_id("001 090 012")
    assert caught.value.params == {"length": 9}


def test_province_error_names_the_code() -> None:
    with pytest.raises(UserError) as caught:
        parse_citizen_id("003090012345")
    assert caught.value.params == {"province_code": "003"}


def test_none_counts_as_empty() -> None:
    assert _code_of(None) == "id_empty"  # type: ignore[arg-type]


def test_validate_checks_birth_year_and_sex() -> None:
    assert validate_citizen_id("001 190 012345", date(1990, 5, 1), "female") == "001190012345"
    with pytest.raises(UserError) as caught:
        validate_citizen_id("001190012345", date(1991, 5, 1))
    assert caught.value.code == "id_birth_year_mismatch"
    assert caught.value.params == {"id_year": 1990, "birth_year": 1991}
    with pytest.raises(UserError) as caught:
        validate_citizen_id("001190012345", sex="male")
    assert caught.value.code == "id_sex_mismatch"


def test_validate_reports_the_number_before_the_match() -> None:
    with pytest.raises(UserError) as caught:
        validate_citizen_id("12345", date(1990, 1, 1), "male")
    assert caught.value.code == "id_length"


def test_validate_refuses_an_unknown_sex_value_as_a_bug() -> None:
    with pytest.raises(ValueError):
        validate_citizen_id("001190012345", sex="nữ")


def test_old_identity_card() -> None:
    assert is_old_identity_card("123456789")
    assert is_old_identity_card("123 456 789")
    assert not is_old_identity_card("001090012345")
    assert not is_old_identity_card("12345678a")
    assert not is_old_identity_card("")


def test_make_citizen_id_layout() -> None:
    number = make_citizen_id(random.Random(1), date(1990, 3, 4), "female", "079")
    assert number.startswith("079190") and len(number) == 12
    assert make_citizen_id(random.Random(1), date(2001, 1, 1), "male", "001")[:6] == "001201"


def test_make_citizen_id_is_deterministic() -> None:
    a = make_citizen_id(random.Random(7), date(1970, 1, 1), "male")
    b = make_citizen_id(random.Random(7), date(1970, 1, 1), "male")
    assert a == b


@pytest.mark.parametrize("dob", [date(1899, 12, 31), date(2100, 1, 1)])
def test_make_citizen_id_refuses_years_the_format_cannot_hold(dob: date) -> None:
    with pytest.raises(ValueError):
        make_citizen_id(random.Random(1), dob, "male")


@pytest.mark.parametrize("place", ["003", "79", "0790", "abc"])
def test_make_citizen_id_refuses_unknown_places(place: str) -> None:
    with pytest.raises(ValueError):
        make_citizen_id(random.Random(1), date(1990, 1, 1), "male", place)


def test_the_63_pre_2025_provinces() -> None:
    assert len(BIRTH_PROVINCE_CODES) == 63
    assert BIRTH_PROVINCE_CODES["001"] == "Hà Nội"
    assert BIRTH_PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert all(len(code) == 3 and code.startswith("0") for code in BIRTH_PROVINCE_CODES)


_dobs = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
_sexes = st.sampled_from(["male", "female"])
_places = st.one_of(st.none(), st.sampled_from(sorted(BIRTH_PROVINCE_CODES)),
                    st.from_regex(r"[1-9][0-9]{2}", fullmatch=True))


@given(seed=st.integers(0, 2**32), dob=_dobs, sex=_sexes, place=_places)
def test_generated_ids_validate_and_parse_back(
    seed: int, dob: date, sex: str, place: str | None
) -> None:
    number = make_citizen_id(random.Random(seed), dob, sex, place)
    assert validate_citizen_id(number, dob, sex) == number
    parsed = parse_citizen_id(number)
    assert (parsed.birth_year, parsed.sex) == (dob.year, sex)
    if place is not None:
        assert parsed.birth_place_code == place


def _valid_number(seed: int) -> str:
    return make_citizen_id(random.Random(seed), date(1985, 6, 1), "male")


@given(seed=st.integers(0, 2**16), position=st.integers(0, 11))
def test_a_dropped_or_doubled_digit_is_rejected(seed: int, position: int) -> None:
    number = _valid_number(seed)
    dropped = number[:position] + number[position + 1:]
    doubled = number[:position] + number[position] + number[position:]
    assert _code_of(dropped) == "id_length"
    assert _code_of(doubled) == "id_length"


@given(seed=st.integers(0, 2**16), position=st.integers(0, 11),
       char=st.characters(blacklist_categories=["Nd", "No"]))
def test_a_non_digit_in_place_of_a_digit_is_rejected(seed: int, position: int, char: str) -> None:
    number = _valid_number(seed)
    mutated = number[:position] + char + number[position + 1:]
    with pytest.raises(UserError):
        parse_citizen_id(mutated)


@given(seed=st.integers(0, 2**16), digit=st.sampled_from("456789"))
def test_an_impossible_century_digit_is_rejected(seed: int, digit: str) -> None:
    number = _valid_number(seed)
    assert _code_of(number[:3] + digit + number[4:]) == "id_century"


@given(seed=st.integers(0, 2**16), position=st.integers(0, 11), char=st.characters())
def test_any_one_character_change_parses_or_raises_user_error(
    seed: int, position: int, char: str
) -> None:
    number = _valid_number(seed)
    try:
        parse_citizen_id(number[:position] + char + number[position + 1:])
    except UserError:
        pass


@given(text=st.text(max_size=40), dob=st.one_of(st.none(), _dobs), sex=st.one_of(st.none(), _sexes))
def test_arbitrary_text_only_raises_user_error(
    text: str, dob: date | None, sex: str | None
) -> None:
    try:
        number = validate_citizen_id(text, dob, sex)
    except UserError as error:
        assert error.code.startswith("id_") and error.message
    else:
        assert len(number) == 12 and number.isascii() and number.isdigit()
    assert isinstance(is_old_identity_card(text), bool)
