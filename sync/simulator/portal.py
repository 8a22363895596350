"""The contract's endpoints as plain methods: request bytes in, a `Reply` out.

Kept apart from the HTTP plumbing (server.py) so that what the portal answers
can be read in one place against portal-api.md: authentication, the batch's
per-item results, attachments and the status feed with its opaque cursor.
Faults are not decided here, except "drop after commit", which only makes
sense once the work is stored.

Thread: any HTTP handler thread; the state it touches (store, tokens, faults)
is safe to share.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sync.simulator.faults import FaultPlan
from sync.simulator.store import Store, rfc3339
from sync.simulator.tokens import Tokens
from sync.simulator.validation import (
    MAX_BATCH_BYTES,
    MAX_ITEMS,
    SHA256_HEX,
    Malformed,
    TooManyItems,
    check_envelope,
    check_token_request,
    parse_json,
)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
CURSOR_PREFIX = "sim1:"
DIGITS = re.compile(r"[0-9]{1,9}")  # a limit
POSITION = re.compile(r"[0-9]{1,18}")  # a feed position (SQLite integers are 64-bit)


@dataclass
class Reply:
    status: int
    body: dict[str, Any] | bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    drop: bool = False  # stored, but close the connection without answering


def error(status: int, code: str, message: str, **extra: Any) -> Reply:
    headers = {"WWW-Authenticate": 'Bearer realm="portal"'} if status == 401 else {}
    return Reply(status, {"error": code, "message": message, **extra}, headers)


def too_large(message: str) -> Reply:
    return error(413, "too_large", message, max_items=MAX_ITEMS, max_bytes=MAX_BATCH_BYTES)


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{seq}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The feed position a cursor stands for; Malformed if this portal never made it."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    number = text.removeprefix(CURSOR_PREFIX)
    if not text.startswith(CURSOR_PREFIX) or not POSITION.fullmatch(number):
        raise Malformed("cursor", "not a cursor this portal gave out")
    return int(number)


class Portal:
    def __init__(self, store: Store, tokens: Tokens, faults: FaultPlan,
                 procedure_codes: frozenset[str], now: Callable[[], datetime]) -> None:
        self.store = store
        self.tokens = tokens
        self.faults = faults
        self.procedure_codes = procedure_codes
        self.now = now

    def health(self) -> Reply:
        return Reply(200, {"status": "ok"})

    def token(self, raw: bytes) -> Reply:
        try:
            client_id, secret, device_id = check_token_request(parse_json(raw))
        except Malformed as exc:
            return error(400, "malformed", exc.message, field=exc.where)
        if not self.tokens.credentials_ok(client_id, secret):
            return error(401, "bad_credentials", "unknown client id or wrong secret")
        token, expires_in = self.tokens.issue(device_id)
        return Reply(200, {"access_token": token, "token_type": "Bearer",
                           "expires_in": expires_in})

    def batch(self, device_id: str, raw: bytes) -> Reply:
        try:
            envelope = check_envelope(parse_json(raw), self.procedure_codes)
        except TooManyItems as exc:
            return too_large(f"{exc.count} items: at most {MAX_ITEMS} per request, split it")
        except Malformed as exc:
            return error(400, "malformed", exc.message, field=exc.where)
        if envelope.device_id != device_id:
            return error(400, "malformed", "device_id is not the device the token was issued to",
                         field="device_id")
        now = self.now()
        results = self.store.store_batch(device_id, envelope.items, now)
        return Reply(200, {"server_time": rfc3339(now),
                           "results": [r.as_dict() for r in results]},
                     drop=self.faults.drop_after_commit())

    def attachment(self, sha256: str, body: bytes) -> Reply:
        if not SHA256_HEX.fullmatch(sha256):
            return error(400, "malformed", "the path must be a lowercase hex SHA-256",
                         field="sha256")
        actual = hashlib.sha256(body).hexdigest()
        if actual != sha256:
            return error(422, "hash_mismatch", f"the body's SHA-256 is {actual}")
        created = self.store.put_attachment(sha256, body, self.now())
        return Reply(201 if created else 200, {"sha256": sha256, "size": len(body)},
                     drop=self.faults.drop_after_commit())

    def updates(self, device_id: str, query: dict[str, list[str]]) -> Reply:
        try:
            after = decode_cursor(query["cursor"][-1]) if query.get("cursor", [""])[-1] else 0
            limit = self._limit(query.get("limit"))
        except Malformed as exc:
            return error(400, "malformed", exc.message, field=exc.where)
        updates = self.store.updates(device_id, after, limit)
        last = updates[-1].seq if updates else after
        return Reply(200, {"updates": [u.as_dict() for u in updates],
                           "next_cursor": encode_cursor(last)})

    @staticmethod
    def _limit(values: list[str] | None) -> int:
        if not values:
            return DEFAULT_LIMIT
        text = values[-1]
        if not DIGITS.fullmatch(text) or not 1 <= int(text) <= MAX_LIMIT:
            raise Malformed("limit", f"limit must be a whole number from 1 to {MAX_LIMIT}")
        return int(text)
