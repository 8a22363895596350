"""VietQR payloads: byte-exact against published examples, checked CRC, clean refusals."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import UserError
from kiosk.vietqr import (
    build_payload,
    clean_reference,
    crc16_ccitt_false,
    parse_payload,
    to_ascii,
)

# Published by the open-source generator subiz/vietqr (README.md and vietqr_test.go), which
# follows NAPAS's VietQR specification; the same field layout as ours, CRC included.
PUBLISHED = [
    (("970415", "0011001932418"), {"amount_vnd": 120000, "reference": "ủng hộ lũ lụt"},
     ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
      "530370454061200005802VN62170813ung ho lu lut6304C15C")),
    (("970423", "0099999999"), {"amount_vnd": None, "reference": ""},
     ("00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA"
      "53037045802VN6304CBB4")),
    (("970422", "0023457923442"), {"amount_vnd": 40123, "reference": "test text string"},
     ("00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA"
      "53037045405401235802VN62200816test text string6304D9C6")),
    (("970422", "0023457923442"), {"amount_vnd": 40123, "reference": "chuyển khoản"},
     ("00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA"
      "53037045405401235802VN62160812chuyen khoan6304722F")),
]


@pytest.mark.parametrize(("account", "kwargs", "expected"), PUBLISHED)
def test_matches_published_examples_byte_for_byte(
    account: tuple[str, str], kwargs: dict, expected: str
) -> None:
    assert build_payload(*account, **kwargs) == expected
    assert parse_payload(expected)["63"] == expected[-4:]


@pytest.mark.parametrize(
    ("data", "crc"),
    [(b"123456789", 0x29B1), (b"", 0xFFFF), (b"A", 0xB915)],
)
def test_crc16_ccitt_false_check_values(data: bytes, crc: int) -> None:
    assert crc16_ccitt_false(data) == crc


def test_dossier_code_fits_exactly() -> None:
    code = "000.00.01.H22-261127-0001"
    assert len(code) == 25
    payload = build_payload("970436", "1234567890", amount_vnd=50000, reference=code,
                            merchant_name="UBND Phường Bà Đình", city="Hà Nội")
    parsed = parse_payload(payload)
    assert parsed == {
        "00": "01", "01": "12",
        "38": {"00": "A000000727", "01": {"00": "970436", "01": "1234567890"}, "02": "QRIBFTTA"},
        "53": "704", "54": "50000", "58": "VN", "59": "UBND Phuong Ba Dinh", "60": "Ha Noi",
        "62": {"08": code}, "63": payload[-4:],
    }
    assert payload.isascii()
    assert re.fullmatch(r"[0-9A-F]{4}", payload[-4:])


def test_static_code_has_no_amount() -> None:
    parsed = parse_payload(build_payload("970436", "1234567890", amount_vnd=None, reference="X"))
    assert parsed["01"] == "11"
    assert "54" not in parsed


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("Đắk Lắk", "Dak Lak"), ("  phí   hồ sơ\t", "phi ho so"), ("HS#12/3", "HS123"),
     ("đơn-số.7", "don-so.7"), ("中文", "")],
)
def test_reference_is_made_ascii(raw: str, clean: str) -> None:
    assert clean_reference(raw) == clean


def test_to_ascii() -> None:
    assert to_ascii("Nguyễn Thị Đào") == "Nguyen Thi Dao"


REFUSALS = [
    ({"bank_bin": "97043"}, "vietqr_bad_bin"),
    ({"bank_bin": "9704366"}, "vietqr_bad_bin"),
    ({"bank_bin": "97043a"}, "vietqr_bad_bin"),
    ({"bank_bin": "９７０４３６"}, "vietqr_bad_bin"),
    ({"account": ""}, "vietqr_bad_account"),
    ({"account": "1" * 20}, "vietqr_bad_account"),
    ({"account": "0123 456"}, "vietqr_bad_account"),
    ({"account": "0123-456"}, "vietqr_bad_account"),
    ({"amount_vnd": 0}, "vietqr_bad_amount"),
    ({"amount_vnd": -5000}, "vietqr_bad_amount"),
    ({"amount_vnd": 1.5}, "vietqr_bad_amount"),
    ({"amount_vnd": True}, "vietqr_bad_amount"),
    ({"amount_vnd": "50000"}, "vietqr_bad_amount"),
    ({"amount_vnd": 10**13}, "vietqr_amount_too_large"),
    ({"reference": "000.00.01.H22-261127-00011"}, "vietqr_reference_too_long"),
    ({"reference": "中文"}, "vietqr_bad_reference"),
    ({"merchant_name": "U" * 26}, "vietqr_merchant_name_too_long"),
    ({"merchant_name": "UBND\x07Phuong"}, "vietqr_bad_merchant_name"),
    ({"city": "Thanh pho Ho Chi Minh"}, "vietqr_city_too_long"),
    ({"city": "Ha\tNoi\x00"}, "vietqr_bad_city"),
    ({"city": "河内"}, "vietqr_bad_city"),
]


@pytest.mark.parametrize(("change", "code"), REFUSALS)
def test_refusals_have_stable_codes(change: dict, code: str) -> None:
    args = {"bank_bin": "970436", "account": "1234567890", "amount_vnd": 50000,
            "reference": "HS-1", "merchant_name": "", "city": ""} | change
    with pytest.raises(UserError) as caught:
        build_payload(args.pop("bank_bin"), args.pop("account"), **args)
    assert caught.value.code == code
    assert "\n" not in caught.value.message


def test_amount_of_thirteen_digits_fits() -> None:
    assert parse_payload(build_payload("970436", "1", amount_vnd=10**13 - 1, reference=""))[
        "54"] == "9" * 13


def test_field_length_guard() -> None:
    from kiosk.vietqr import _tlv

    assert _tlv("08", "x" * 99).startswith("0899")
    for value in ("", "x" * 100):
        with pytest.raises(UserError) as caught:
            _tlv("08", value)
        assert caught.value.code == "vietqr_field_too_long"


GOOD = PUBLISHED[0][2]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (GOOD[:-1] + ("D" if GOOD[-1] != "D" else "E"), "vietqr_bad_crc"),
        (GOOD.replace("120000", "920000"), "vietqr_bad_crc"),
        (GOOD[:-8], "vietqr_no_crc"),
        ("", "vietqr_no_crc"),
        ("6304ABCD", "vietqr_bad_crc"),
    ],
)
def test_parse_refusals(text: str, code: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_payload(text)
    assert caught.value.code == code


def _with_crc(body: str) -> str:
    body += "6304"
    return body + f"{crc16_ccitt_false(body.encode()):04X}"


@pytest.mark.parametrize(
    "body",
    [
        "000201010212X",  # header not digits
        "0002010102",  # cut short
        "00020100020101",  # tag repeated
        "0000",  # empty value
        "0002013808000201",  # template 38 holds a cut element
        "0002016304ABCD5802VN",  # two CRC elements
    ],
)
def test_parse_refuses_broken_structure(body: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_payload(_with_crc(body))
    assert caught.value.code == "vietqr_malformed"


def test_parse_refuses_a_crc_hidden_inside_another_element() -> None:
    text = _with_crc("0012xxxx")  # element 00 swallows "6304" and the checksum
    assert len(text) == 16
    with pytest.raises(UserError) as caught:
        parse_payload(text)
    assert caught.value.code == "vietqr_no_crc"


def test_parse_accepts_lower_case_crc_and_surrounding_space() -> None:
    assert parse_payload(f"  {GOOD[:-4]}{GOOD[-4:].lower()}\n")["58"] == "VN"


ACCOUNTS = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                   min_size=1, max_size=19)


@given(
    bank_bin=st.text(alphabet="0123456789", min_size=6, max_size=6),
    account=ACCOUNTS,
    amount=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    reference=st.text(max_size=40),
    name=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=25),
)
def test_round_trip(bank_bin: str, account: str, amount: int | None, reference: str,
                    name: str) -> None:
    try:
        payload = build_payload(bank_bin, account, amount_vnd=amount, reference=reference,
                                merchant_name=name)
    except UserError as error:
        assert error.code in {"vietqr_reference_too_long", "vietqr_bad_reference"}
        return
    parsed = parse_payload(payload)
    assert parsed["38"] == {"00": "A000000727", "01": {"00": bank_bin, "01": account},
                            "02": "QRIBFTTA"}
    assert parsed.get("54") == (None if amount is None else str(amount))
    assert parsed["01"] == ("11" if amount is None else "12")
    purpose = clean_reference(reference)
    assert parsed.get("62") == ({"08": purpose} if purpose else None)
    assert parsed.get("59") == (" ".join(name.split()) or None)
    assert payload.isascii()


@given(st.text(max_size=120))
def test_parse_never_crashes(text: str) -> None:
    try:
        parse_payload(text)
    except UserError as error:
        assert error.code.startswith("vietqr_")
