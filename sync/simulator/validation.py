"""What the simulated portal refuses: malformed requests (400) and bad records (`rejected`).

The kiosk's sync worker is only as good as the portal it is tested against, so
the simulator checks what a real portal would (portal-api.md): the envelope's
shape, each item's integrity (type, created_at, payload_sha256) and each
payload's fields (a 12-digit citizen id, a plausible Vietnamese phone number, a
known procedure code, required fields, NFC text). Whether an attachment was
uploaded needs the database and is checked by the store, in the batch's
transaction. Pure functions with no I/O: they run on the HTTP handler's thread
(one per request) and share nothing but the read-only procedure codes.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from kiosk.citizen_id import parse_citizen_id
from kiosk.errors import UserError
from kiosk.phone import normalise_phone
from kiosk.services.outbox import canonical_json, payload_sha256
from resources import resource_path

MAX_ITEMS = 100
MAX_BATCH_BYTES = 1024 * 1024
RECORD_TYPES = ("dossier", "account_request")
MAX_FEE_VND = 2_000_000_000
MAX_DOCUMENTS, MAX_COPIES = 300, 99

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# A national code (1.001193) and a province's variant of it (2.000815.000.00.00.H38)
PROCEDURE_CODE = re.compile(r"(\d{1,2}\.\d{6})(?:\.[0-9A-Z]{1,8}){0,6}")


class Malformed(Exception):
    """The request as a whole is refused with 400: `where` names the bad part."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


class TooManyItems(Exception):
    """Over 100 items: the whole request is refused with 413 and the client splits it."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} items; at most {MAX_ITEMS} per request")
        self.count = count


@dataclass(frozen=True)
class FieldError:
    field: str  # a path in the item: "type", or in its payload: "applicant.id_number"
    code: str  # required | type | invalid | unknown | mismatch | not_nfc | missing_attachment
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Item:
    """One record of a batch with what the store needs to decide about it."""

    id: str  # lowercase UUID text
    type: str
    created_at: str
    payload: dict[str, Any]
    payload_sha256: str | None  # as sent
    canonical: str  # the payload's canonical JSON
    content_sha256: str  # of type and payload: what "same content" means for duplicates
    integrity: tuple[FieldError, ...] = ()  # refused before any id lookup
    errors: tuple[FieldError, ...] = ()  # the payload's field errors
    attachments: tuple[tuple[str, str], ...] = ()  # (field, sha256) to look up


@dataclass(frozen=True)
class Envelope:
    device_id: str
    sent_at: datetime
    items: tuple[Item, ...]


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"key {key!r} appears twice in one object")
        result[key] = value
    return result


def parse_json(raw: bytes) -> Any:
    """Strict JSON: UTF-8, no NaN, no repeated keys (they would make the hash ambiguous)."""
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Malformed("body", f"the body is not strict UTF-8 JSON: {exc}") from None


def parse_rfc3339(value: Any) -> datetime | None:
    if not isinstance(value, str) or not RFC3339.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value.upper())  # RFC 3339 allows "t" and "z"
    except ValueError:
        return None


def _text(value: Any, where: str, limit: int = 200) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise Malformed(where, f"{where} must be a non-empty string of at most {limit} characters")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Malformed(where, f"{where} must be a JSON object")
    return value


def check_token_request(body: Any) -> tuple[str, str, str]:
    """(client_id, client_secret, device_id) of POST /v1/auth/token, or Malformed."""
    body = _object(body, "body")
    return (_text(body.get("client_id"), "client_id"),
            _text(body.get("client_secret"), "client_secret", 500),
            _text(body.get("device_id"), "device_id", 100))


def check_envelope(body: Any, procedure_codes: frozenset[str]) -> Envelope:
    """The batch request checked whole; raises Malformed, or `TooManyItems` over 100 items."""
    body = _object(body, "body")
    device_id = _text(body.get("device_id"), "device_id", 100)
    sent_at = parse_rfc3339(body.get("sent_at"))
    if sent_at is None:
        raise Malformed("sent_at", "sent_at must be an RFC 3339 time with an offset")
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise Malformed("items", "items must be a non-empty list")
    if len(items) > MAX_ITEMS:
        raise TooManyItems(len(items))
    return Envelope(device_id, sent_at, tuple(
        _item(raw, f"items[{i}]", procedure_codes) for i, raw in enumerate(items)))


def _item(raw: Any, where: str, procedure_codes: frozenset[str]) -> Item:
    raw = _object(raw, where)
    record_id = raw.get("id")
    if not isinstance(record_id, str) or not UUID.fullmatch(record_id):
        raise Malformed(f"{where}.id", f"{where}.id must be a UUID")
    kind, created_at, payload = raw.get("type"), raw.get("created_at"), raw.get("payload")
    if not isinstance(kind, str):
        raise Malformed(f"{where}.type", f"{where}.type must be a string")
    if not isinstance(created_at, str):
        raise Malformed(f"{where}.created_at", f"{where}.created_at must be a string")
    payload = _object(payload, f"{where}.payload")
    claimed = raw.get("payload_sha256")
    if claimed is not None and not isinstance(claimed, str):
        raise Malformed(f"{where}.payload_sha256", f"{where}.payload_sha256 must be a string")
    canonical = canonical_json(payload)
    integrity: list[FieldError] = []
    if kind not in RECORD_TYPES:
        integrity.append(FieldError("type", "unknown", f"unknown record type {kind!r}"))
    if parse_rfc3339(created_at) is None:
        integrity.append(FieldError("created_at", "invalid", "not an RFC 3339 time with offset"))
    if claimed is not None:
        if not SHA256_HEX.fullmatch(claimed.lower()):
            integrity.append(FieldError("payload_sha256", "invalid", "not a hex SHA-256"))
        elif claimed.lower() != payload_sha256(canonical):
            integrity.append(FieldError(
                "payload_sha256", "mismatch",
                "the SHA-256 of the payload's canonical JSON is not the one sent"))
    checker = PayloadChecker(procedure_codes)
    if not integrity:
        checker.check(kind, payload)
    return Item(
        id=record_id.lower(), type=kind, created_at=created_at, payload=payload,
        payload_sha256=claimed, canonical=canonical,
        content_sha256=payload_sha256(kind + "\n" + canonical),
        integrity=tuple(integrity), errors=tuple(checker.errors),
        attachments=tuple(checker.attachments))


class PayloadChecker:
    """Collects every field error of one payload (a staff member fixes them all at once)."""

    def __init__(self, procedure_codes: frozenset[str]) -> None:
        self.procedure_codes = procedure_codes
        self.errors: list[FieldError] = []
        self.attachments: list[tuple[str, str]] = []

    def check(self, kind: str, payload: dict[str, Any]) -> None:
        for path in _non_nfc(payload, ""):
            self.fail(path, "not_nfc", "text must be in Unicode NFC")
        if kind == "dossier":
            self._dossier(payload)
        elif kind == "account_request":
            self._account_request(payload)

    def fail(self, path: str, code: str, message: str) -> None:
        self.errors.append(FieldError(path, code, message))

    def _dossier(self, p: dict[str, Any]) -> None:
        code = self.text(p, "procedure_code", "", required=True, limit=64)
        if code is not None and not self._known_procedure(code):
            self.fail("procedure_code", "unknown", f"no procedure has the code {code!r}")
        self.text(p, "office_code", "", required=True, limit=64)
        received = self.moment(p, "received_at", "", required=True)
        appointment = self.moment(p, "appointment_at", "", required=False)
        if received and appointment and appointment < received:
            self.fail("appointment_at", "invalid", "the appointment is before the reception")
        fee = p.get("fee_vnd")
        if "fee_vnd" not in p or fee is None:
            self.fail("fee_vnd", "required", "fee_vnd is required")
        elif type(fee) is not int or not 0 <= fee <= MAX_FEE_VND:
            self.fail("fee_vnd", "invalid", f"a whole number of đồng, 0 to {MAX_FEE_VND}")
        applicant = self.obj(p, "applicant", "")
        if applicant is not None:
            self._person(applicant, "applicant.", full=False)
        if "fields" not in p or not isinstance(p["fields"], dict):
            self.fail("fields", "required" if p.get("fields") is None else "type",
                      "fields must be an object of the procedure's answers")
        self._documents(p.get("documents"))

    def _account_request(self, p: dict[str, Any]) -> None:
        self._person(p, "", full=True)
        self.moment(p, "consent_at", "", required=True)
        helper = p.get("assisted_by")
        helper_ok = helper is None or type(helper) is int or (
            isinstance(helper, str) and len(helper) <= 64)
        if not helper_ok:
            self.fail("assisted_by", "type", "a volunteer id (text or number) or null")

    def _person(self, p: dict[str, Any], prefix: str, *, full: bool) -> None:
        """A citizen's identity; an account request needs more of it than a dossier."""
        self.text(p, "full_name", prefix, required=True, limit=200)
        born = self.day(p, "date_of_birth", prefix, required=full)
        number = self.text(p, "id_number", prefix, required=True, limit=12)
        if number is not None:
            try:
                parsed = parse_citizen_id(number)
            except UserError as exc:
                self.fail(prefix + "id_number", "invalid", exc.message)
            else:
                if parsed.number != number:
                    self.fail(prefix + "id_number", "invalid", "12 digits without separators")
                elif born is not None and born.year != parsed.birth_year:
                    self.fail(prefix + "id_number", "mismatch",
                              f"the number is for someone born in {parsed.birth_year}")
        phone = self.text(p, "phone", prefix, required=full, limit=20)
        if phone is not None:
            try:
                normalise_phone(phone)
            except UserError as exc:
                self.fail(prefix + "phone", "invalid", exc.message)
        email = self.text(p, "email", prefix, required=False, limit=254)
        if email is not None and not EMAIL.fullmatch(email):
            self.fail(prefix + "email", "invalid", "not an e-mail address")
        if not full:
            self.text(p, "address", prefix, required=False, limit=500)

    def _documents(self, documents: Any) -> None:
        if not isinstance(documents, list) or len(documents) > MAX_DOCUMENTS:
            self.fail("documents", "required" if documents is None else "type",
                      f"documents must be a list of at most {MAX_DOCUMENTS}")
            return
        for i, doc in enumerate(documents):
            where = f"documents[{i}]"
            if not isinstance(doc, dict):
                self.fail(where, "type", "a document must be an object")
                continue
            if not isinstance(doc.get("code", ""), str):
                self.fail(f"{where}.code", "type", "a document code is text")
            self.text(doc, "name", where + ".", required=True, limit=2000)
            copies = doc.get("copies", 0)
            if type(copies) is not int or not 0 <= copies <= MAX_COPIES:
                self.fail(f"{where}.copies", "invalid", f"0 to {MAX_COPIES} copies")
            sha = doc.get("attachment_sha256")
            if sha is None:
                continue
            if not isinstance(sha, str) or not SHA256_HEX.fullmatch(sha):
                self.fail(f"{where}.attachment_sha256", "invalid", "not a lowercase hex SHA-256")
            else:
                self.attachments.append((f"{where}.attachment_sha256", sha))

    def _known_procedure(self, code: str) -> bool:
        match = PROCEDURE_CODE.fullmatch(code)
        return code in self.procedure_codes or bool(match and match[1] in self.procedure_codes)

    def text(self, obj: dict[str, Any], key: str, prefix: str, *, required: bool,
             limit: int) -> str | None:
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(prefix + key, "required", f"{key} is required")
            return None
        if not isinstance(value, str):
            self.fail(prefix + key, "type", f"{key} must be text")
            return None
        if len(value) > limit:
            self.fail(prefix + key, "invalid", f"at most {limit} characters")
            return None
        return value

    def moment(self, obj: dict[str, Any], key: str, prefix: str, *,
               required: bool) -> datetime | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(prefix + key, "required", f"{key} is required")
            return None
        parsed = parse_rfc3339(value)
        if parsed is None:
            self.fail(prefix + key, "invalid", "an RFC 3339 time with an offset")
        return parsed

    def day(self, obj: dict[str, Any], key: str, prefix: str, *, required: bool) -> date | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.fail(prefix + key, "required", f"{key} is required")
            return None
        try:
            if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
                raise ValueError
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(prefix + key, "invalid", "a date as YYYY-MM-DD")
            return None
        if parsed.year < 1900 or parsed > date.today():
            self.fail(prefix + key, "invalid", "a date of birth between 1900 and today")
            return None
        return parsed

    def obj(self, p: dict[str, Any], key: str, prefix: str) -> dict[str, Any] | None:
        value = p.get(key)
        if not isinstance(value, dict):
            self.fail(prefix + key, "required" if value is None else "type",
                      f"{key} must be an object")
            return None
        return value


def _non_nfc(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if not unicodedata.is_normalized("NFC", value):
            yield path or "payload"
    elif isinstance(value, dict):
        for key, inner in value.items():
            where = f"{path}.{key}" if path else key
            if not unicodedata.is_normalized("NFC", key):
                yield where
            yield from _non_nfc(inner, where)
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _non_nfc(inner, f"{path}[{i}]")


def load_procedure_codes(path: Path | None = None) -> frozenset[str]:
    """The codes of the catalog file (the bundled one by default): what the portal knows."""
    return _procedure_codes(Path(path or resource_path("catalog", "procedures.json")).resolve())


@lru_cache(maxsize=4)
def _procedure_codes(path: Path) -> frozenset[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(entry["code"] for entry in data["procedures"])
