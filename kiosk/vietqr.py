"""VietQR payment codes built offline, so a citizen can pay the dossier fee by transfer.

The receipt prints a QR code that any Vietnamese banking app reads: the
office's account, the fee and the dossier code as the transfer reference, so
the treasurer can match the incoming transfer to the dossier. No bank API is
called; the payload is a string laid out by NAPAS's VietQR profile of the
EMVCo Merchant-Presented QR specification (NAPAS QR Switching technical
specification v1.5.2):

    00 payload format "01"
    01 point of initiation: "12" dynamic (amount fixed) or "11" static
    38 merchant account information
       00 GUID "A000000727" (NAPAS)
       01 beneficiary organisation: 00 acquirer BIN (6 digits), 01 account number
       02 service code "QRIBFTTA" (inter-bank transfer 24/7 to an account)
    53 currency "704" (VND)
    54 amount in whole dong, only when fixed
    58 country "VN"
    59 / 60 merchant name / city, only when given
    62 additional data: 08 purpose of transaction = our reference
    63 CRC-16/CCITT-FALSE of everything before it, "6304" included

Every element is ID (2 digits), length (2 digits, 01-99) and value. The
output matches byte for byte the published examples of the subiz/vietqr
generator (see tests/unit/test_vietqr.py).

The bank BIN is the 6-digit NAPAS code of the office's bank (Vietcombank
970436, VietinBank 970415, BIDV 970418, Agribank 970405, ...); the admin
types it from the bank's own list, so no table of banks is kept here.

The reference is made ASCII (diacritics stripped, "đ" -> "d") and keeps only
letters, digits, space, "." and "-": bank apps differ in what they pass on
to the statement, and these survive the common ones. A dossier code such as
"000.00.01.H22-261127-0001" is exactly 25 characters, the limit of tag 62/08,
and is kept whole; a longer reference is refused, never cut, because a cut
reference would no longer match its dossier.
"""
from __future__ import annotations

import re
import unicodedata

from kiosk.errors import UserError
from kiosk.textnorm import storable

NAPAS_GUID = "A000000727"
SERVICE_TRANSFER_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC, DYNAMIC = "11", "12"

MAX_ACCOUNT = 19
MAX_AMOUNT_DIGITS = 13
MAX_REFERENCE = 25
MAX_MERCHANT_NAME = 25
MAX_CITY = 15
MAX_VALUE = 99

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")
_REFERENCE_DROPPED = re.compile(r"[^A-Za-z0-9 .\-]")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")
_SPACES = re.compile(r"\s+")
_TEMPLATES = {"38", "62"}  # root tags whose value is itself a list of TLVs
_NESTED_IN_38 = {"01"}  # beneficiary organisation: BIN and account


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def to_ascii(text: str) -> str:
    """Vietnamese without diacritics ("Đắk Lắk" -> "Dak Lak"); other non-ASCII is dropped."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if ch.isascii())


def clean_reference(reference: str) -> str:
    """The transfer reference as it will be printed in the code (see module docstring)."""
    kept = _REFERENCE_DROPPED.sub("", _SPACES.sub(" ", to_ascii(reference)))
    return _SPACES.sub(" ", kept).strip()


def _tlv(tag: str, value: str) -> str:
    if not 1 <= len(value) <= MAX_VALUE:
        raise UserError(
            "vietqr_field_too_long",
            f"The payment code field {tag} would be {len(value)} characters; at most 99 fit.",
            tag=tag, length=len(value),
        )
    return f"{tag}{len(value):02d}{value}"


def _check_bin(bank_bin: str) -> str:
    if not _BIN.fullmatch(bank_bin):
        raise UserError("vietqr_bad_bin", "The bank code (BIN) must be exactly 6 digits.",
                        bank_bin=bank_bin)
    return bank_bin


def _check_account(account: str) -> str:
    if not _ACCOUNT.fullmatch(account):
        raise UserError(
            "vietqr_bad_account",
            "The account number must be 1 to 19 letters or digits, without spaces.",
            length=len(account),
        )
    return account


def _check_amount(amount_vnd: int | None) -> str | None:
    if amount_vnd is None:
        return None
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd <= 0:
        raise UserError("vietqr_bad_amount", "The amount must be a whole number of dong above 0.",
                        amount=amount_vnd)
    text = str(amount_vnd)
    if len(text) > MAX_AMOUNT_DIGITS:
        raise UserError("vietqr_amount_too_large",
                        "The amount is too large for a payment code (at most 13 digits).",
                        amount=amount_vnd)
    return text


def _check_reference(reference: str) -> str:
    cleaned = clean_reference(reference)
    if reference.strip() and not cleaned:
        raise UserError("vietqr_bad_reference",
                        "The transfer reference has no letters or digits that a bank can carry.",
                        reference=reference)
    if len(cleaned) > MAX_REFERENCE:
        raise UserError(
            "vietqr_reference_too_long",
            f"The transfer reference is {len(cleaned)} characters; banks carry at most 25.",
            reference=cleaned, length=len(cleaned),
        )
    return cleaned


def _check_label(value: str, limit: int, field: str) -> str:
    text = _SPACES.sub(" ", to_ascii(value)).strip()
    if not _PRINTABLE_ASCII.fullmatch(text) or (value.strip() and not text):
        raise UserError(f"vietqr_bad_{field}", f"The {field.replace('_', ' ')} has characters "
                        "a payment code cannot carry.", value=value)
    if len(text) > limit:
        raise UserError(
            f"vietqr_{field}_too_long",
            f"The {field.replace('_', ' ')} is {len(text)} characters; at most {limit} fit.",
            value=text, length=len(text), limit=limit,
        )
    return text


def build_payload(
    bank_bin: str,
    account: str,
    *,
    amount_vnd: int | None,
    reference: str,
    merchant_name: str = "",
    city: str = "",
) -> str:
    """The VietQR text for a transfer to `account` at the bank `bank_bin`.

    With `amount_vnd` the code is dynamic ("12") and the app fills the amount;
    without it the code is static ("11") and the payer types it. An empty
    `reference` leaves out tag 62 (a bare account code).
    """
    bank_bin = _check_bin(bank_bin)
    account = _check_account(account)
    amount = _check_amount(amount_vnd)
    purpose = _check_reference(reference)
    name = _check_label(merchant_name, MAX_MERCHANT_NAME, "merchant_name")
    place = _check_label(city, MAX_CITY, "city")

    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant_account = (_tlv("00", NAPAS_GUID) + _tlv("01", beneficiary)
                        + _tlv("02", SERVICE_TRANSFER_TO_ACCOUNT))
    parts = [
        _tlv("00", "01"),
        _tlv("01", STATIC if amount is None else DYNAMIC),
        _tlv("38", merchant_account),
        _tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(_tlv("54", amount))
    parts.append(_tlv("58", COUNTRY_VN))
    if name:
        parts.append(_tlv("59", name))
    if place:
        parts.append(_tlv("60", place))
    if purpose:
        parts.append(_tlv("62", _tlv("08", purpose)))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def _malformed(message: str, **params: object) -> UserError:
    return UserError("vietqr_malformed", f"This is not a valid payment code: {message}.", **params)


def _split(text: str, where: str) -> dict[str, str]:
    """Tag -> value for one level of TLVs; refuses bad lengths and repeated tags."""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        head = text[pos:pos + 4]
        if len(head) < 4 or not head.isdigit() or not head.isascii():
            raise _malformed(f"bad element header at {where}{pos}", position=pos)
        tag, length = head[:2], int(head[2:])
        value = text[pos + 4:pos + 4 + length]
        if length == 0 or len(value) != length:
            raise _malformed(f"element {where}{tag} is cut short", tag=where + tag)
        if tag in fields:
            raise _malformed(f"element {where}{tag} appears twice", tag=where + tag)
        fields[tag] = value
        pos += 4 + length
    return fields


def parse_payload(text: str) -> dict[str, str | dict]:
    """Tag -> value, with templates 38 (and its 01) and 62 as nested dicts; CRC checked.

    Raises `UserError` "vietqr_no_crc" when the text does not end with a CRC
    element, "vietqr_bad_crc" when the CRC does not match, "vietqr_malformed"
    for a broken element structure.
    """
    text = text.strip()
    if len(text) < 8 or text[-8:-4] != "6304":
        raise UserError("vietqr_no_crc", "This payment code has no checksum at its end.")
    if not storable(text):  # a lone surrogate has no bytes to check (a misread, not a code)
        raise _malformed("it holds characters that are not text")
    body, given = text[:-4], text[-4:].upper()
    expected = f"{crc16_ccitt_false(body.encode('utf-8')):04X}"
    if given != expected:
        raise UserError("vietqr_bad_crc",
                        "This payment code's checksum does not match; it was altered or misread.",
                        given=given, expected=expected)
    root = _split(text, "")
    if list(root)[-1] != "63" or len(root["63"]) != 4:
        raise UserError("vietqr_no_crc", "This payment code has no checksum at its end.")
    parsed: dict[str, str | dict] = {}
    for tag, value in root.items():
        if tag not in _TEMPLATES:
            parsed[tag] = value
            continue
        sub: dict[str, str | dict] = dict(_split(value, tag + "."))
        if tag == "38":
            for inner in _NESTED_IN_38 & set(sub):
                sub[inner] = dict(_split(str(sub[inner]), f"38.{inner}."))
        parsed[tag] = sub
    return parsed
