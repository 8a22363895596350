"""Mobile numbers: every way people write one, stored one way."""
from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import UserError
from kiosk.phone import CARRIER_PREFIXES, carrier_of, make_phone, normalise_phone


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "(091) 234-5678",
        "+84 912 345 678",
        "+84912345678",
        "(+84) 912.345.678",
        "+84 (0) 912 345 678",
        "84912345678",
        "0084 912 345 678",
        "０９１２３４５６７８",
        " 0912\u00a0345\u00a0678 ",
    ],
)
def test_forms_of_one_number(typed: str) -> None:
    assert normalise_phone(typed) == "0912345678"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "phone_empty"),
        ("  - ", "phone_empty"),
        ("0912abc678", "phone_not_digits"),
        ("+", "phone_not_digits"),
        ("09123456789", "phone_length"),
        ("091234567", "phone_length"),
        ("912345678", "phone_length"),
        ("+84 91234567", "phone_length"),
        ("0111111111", "phone_prefix"),
        ("0212345678", "phone_prefix"),
        ("0951234567", "phone_prefix"),
        ("+1 415 555 0100", "phone_prefix"),
    ],
)
def test_rejections_have_stable_codes(typed: str, code: str) -> None:
    with pytest.raises(UserError) as caught:
        normalise_phone(typed)
    assert caught.value.code == code
    assert "\n" not in caught.value.message


def test_error_params_for_the_ui() -> None:
    with pytest.raises(UserError) as caught:
        normalise_phone("091 234 567")
    assert caught.value.params == {"length": 9}
    with pytest.raises(UserError) as caught:
        normalise_phone("0111111111")
    assert caught.value.params == {"prefix": "011"}


@pytest.mark.parametrize(
    ("number", "carrier"),
    [
        ("0981234567", "Viettel"),
        ("0321234567", "Viettel"),
        ("0861234567", "Viettel"),
        ("0901234567", "MobiFone"),
        ("0701234567", "MobiFone"),
        ("0891234567", "MobiFone"),
        ("0911234567", "VinaPhone"),
        ("0881234567", "VinaPhone"),
        ("0921234567", "Vietnamobile"),
        ("0561234567", "Vietnamobile"),
        ("0991234567", "Gmobile"),
        ("0591234567", "Gmobile"),
        ("0871234567", "Itel"),
        ("+84 87 123 4567", "Itel"),
    ],
)
def test_carrier_of(number: str, carrier: str) -> None:
    assert carrier_of(number) == carrier


def test_carrier_of_an_invalid_number_is_a_user_error() -> None:
    with pytest.raises(UserError):
        carrier_of("0111111111")


def test_no_prefix_belongs_to_two_carriers() -> None:
    prefixes = [p for group in CARRIER_PREFIXES.values() for p in group]
    assert len(prefixes) == len(set(prefixes))


def test_make_phone_is_deterministic() -> None:
    assert make_phone(random.Random(3)) == make_phone(random.Random(3))


@given(seed=st.integers(0, 2**32))
def test_generated_numbers_are_valid(seed: int) -> None:
    number = make_phone(random.Random(seed))
    assert normalise_phone(number) == number
    assert carrier_of(number) in CARRIER_PREFIXES


@given(seed=st.integers(0, 2**32), separator=st.sampled_from(["", " ", ".", "-"]))
def test_international_forms_normalise_equal(seed: int, separator: str) -> None:
    number = make_phone(random.Random(seed))
    rest = number[1:]
    grouped = separator.join([rest[:2], rest[2:5], rest[5:]])
    forms = [number, "+84" + rest, "84" + rest, "0084" + rest, "+84 " + grouped,
             "(+84) " + grouped, "0" + grouped, "+84 (0)" + grouped]
    assert {normalise_phone(form) for form in forms} == {number}


@given(text=st.text(max_size=30))
def test_arbitrary_text_only_raises_user_error(text: str) -> None:
    try:
        number = normalise_phone(text)
    except UserError as error:
        assert error.code.startswith("phone_") and error.message
    else:
        assert len(number) == 10 and number.startswith("0") and number.isdigit()


@given(digits=st.from_regex(r"\+?[0-9]{0,16}", fullmatch=True))
def test_digit_strings_only_raise_user_error(digits: str) -> None:
    try:
        normalise_phone(digits)
    except UserError:
        pass
