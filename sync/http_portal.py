"""The contract's HTTP client (../shared/portal-api.md): the first `PortalAdapter`.

requests with one keep-alive session, TLS verification on (a custom CA bundle
may be named, never switched off), a token fetched when first needed and renewed
once on 401. Every answer is read defensively: a body that is not the contract's
shape is `PortalUnavailable` (the same ids are resent, the portal's idempotency
makes that safe), never an exception that stops the worker. Logs name the
endpoint and status only: no token, secret or payload. Thread: the sync worker's.
"""
from __future__ import annotations

import json
import logging
import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests
import urllib3

from kiosk.clock import utc_now
from kiosk.portal_payloads import rfc3339
from kiosk.textnorm import storable
from sync.adapter import (ITEM_STATUSES, BatchAnswer, ItemResult, OutgoingItem, PortalAuthFailed,
                          PortalRefused, PortalTooLarge, PortalUnavailable, StatusPage,
                          StatusUpdate)

log = logging.getLogger(__name__)
MAX_ANSWER_BYTES = 4 * 2**20  # a batch answer is a few kB; anything huge is not the portal
_TOKEN = re.compile("[!-~]+")  # visible ASCII: it goes into a header


@dataclass(frozen=True)
class PortalAccount:
    url: str
    client_id: str
    client_secret: str
    device_id: str
    ca_bundle: str | None = None  # a province's own CA; None: the system's store

    def __repr__(self) -> str:  # never print the secret
        return f"PortalAccount(url={self.url!r}, device_id={self.device_id!r})"


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
        # in UTC now: 9999-12-31T23:59-12:00 cannot be, and would fail when stored
        return moment.astimezone(UTC) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


def _text(value: Any, limit: int) -> str | None:
    """Text from an answer as it can be stored (NUL or a lone surrogate cannot), or None."""
    return value[:limit] if isinstance(value, str) and storable(value) else None


def _retry_after(response: requests.Response) -> float | None:
    raw = response.headers.get("Retry-After", "")
    try:
        seconds = float(raw)
    except ValueError:
        return None  # an HTTP date or rubbish: the worker's own backoff applies
    return min(max(seconds, 0.0), 3600.0) if not math.isnan(seconds) else None


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


class HttpPortal:
    """`PortalAdapter` over the contract's HTTP endpoints."""

    max_items = 100
    max_bytes = 2**20

    def __init__(self, account: PortalAccount, *, timeout: tuple[float, float] = (5.0, 30.0),
                 session: requests.Session | None = None) -> None:
        self.account = account
        self.base = account.url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.verify = account.ca_bundle or True
        self.session.headers["User-Agent"] = "mot-cua-kiosk-sync/1"
        self._token: str | None = None

    # -- transport ---------------------------------------------------------------------
    def _request(self, method: str, path: str, *, auth: bool = True, **kwargs: Any
                 ) -> requests.Response:
        if auth and self._token is None:
            self._fetch_token()
        for renewed in (False, True):
            headers = dict(kwargs.pop("headers", {}) or {})
            if auth:
                headers["Authorization"] = f"Bearer {self._token}"
            try:
                # no redirects: the contract has none (a 3xx is refused below)
                response = self.session.request(method, self.base + path, headers=headers,
                                                timeout=self.timeout, stream=True,
                                                allow_redirects=False, **kwargs)
                body = response.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
                if len(body) > MAX_ANSWER_BYTES:
                    response.close()
                else:
                    response.raw.release_conn()  # keep-alive: back to the pool
                response._content = body  # bounded read, then the usual API
                response._content_consumed = True
            except requests.exceptions.SSLError as exc:
                raise PortalUnavailable(f"TLS check failed for {self.base}: "
                                        f"{type(exc).__name__}") from None
            except (requests.RequestException, urllib3.exceptions.HTTPError, OSError,
                    ValueError) as exc:
                # urllib3's own: the body is read from response.raw, past requests' wrapping;
                # ValueError: requests parses even an unfollowed Location ("http://[::1")
                raise PortalUnavailable(f"{method} {path}: {type(exc).__name__}") from None
            if len(body) > MAX_ANSWER_BYTES:
                raise PortalUnavailable(f"{method} {path}: answer larger than 4 MiB")
            if response.status_code == 401 and auth and not renewed:
                log.info("%s %s: 401, renewing the token", method, path)
                self._fetch_token()
                kwargs["headers"] = headers
                continue
            self._raise_for(response, method, path)
            return response
        raise PortalAuthFailed("The portal refused a fresh token")

    def _raise_for(self, response: requests.Response, method: str, path: str) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        where = f"{method} {path}: HTTP {status}"
        if status < 400:  # a redirect or 1xx is no answer: an upload is not done, say
            raise PortalUnavailable(where)
        if status == 401:
            raise PortalAuthFailed(f"{where} (token refused)")
        if status == 413:
            raise PortalTooLarge(where)
        if status in (408, 429) or status >= 500:
            raise PortalUnavailable(where, _retry_after(response))
        raise PortalRefused(f"{where}: {self._error_text(response)}")

    @staticmethod
    def _error_text(response: requests.Response) -> str:
        try:
            body = json.loads(response.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return ""
        if isinstance(body, dict):
            return _text(body.get("message") or body.get("error"), 200) or ""
        return ""

    def _json(self, response: requests.Response, path: str) -> dict[str, Any]:
        try:
            body = json.loads(response.content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: [[[[...
            raise PortalUnavailable(f"{path}: the answer is not JSON") from None
        if not isinstance(body, dict):
            raise PortalUnavailable(f"{path}: the answer is not a JSON object")
        return body

    def _fetch_token(self) -> None:
        self._token = None
        try:
            response = self._request("POST", "/v1/auth/token", auth=False, json={
                "client_id": self.account.client_id,
                "client_secret": self.account.client_secret,
                "device_id": self.account.device_id})
        except (PortalRefused, PortalTooLarge) as exc:  # says nothing of the records sent
            raise PortalUnavailable(str(exc)) from None
        token = self._json(response, "/v1/auth/token").get("access_token")
        if not isinstance(token, str) or len(token) > 4096 or not _TOKEN.fullmatch(token):
            raise PortalUnavailable("/v1/auth/token: no access_token in the answer")
        self._token = token

    # -- PortalAdapter -----------------------------------------------------------------
    def health(self) -> bool:
        try:
            response = self._request("GET", "/v1/health", auth=False)
            return self._json(response, "/v1/health").get("status") == "ok"
        except (PortalUnavailable, PortalRefused, PortalAuthFailed, PortalTooLarge):
            return False

    def batch_body(self, items: Sequence[OutgoingItem]) -> bytes:
        """The request body, each payload spliced in as the exact text that was hashed."""
        head = json.dumps({"device_id": self.account.device_id, "sent_at": rfc3339(utc_now())},
                          ensure_ascii=False)[:-1]
        parts = []
        for item in items:
            envelope = json.dumps({"id": str(item.id), "type": item.record_type,
                                   "created_at": rfc3339(item.created_at),
                                   "payload_sha256": item.payload_sha256})
            parts.append(f'{envelope[:-1]}, "payload": {item.payload}}}')
        return f'{head}, "items": [{", ".join(parts)}]}}'.encode()

    def send_batch(self, items: Sequence[OutgoingItem]) -> BatchAnswer:
        response = self._request("POST", "/v1/records:batch", data=self.batch_body(items),
                                 headers={"Content-Type": "application/json; charset=utf-8"})
        body = self._json(response, "/v1/records:batch")
        raw = body.get("results")
        if not isinstance(raw, list) or len(raw) != len(items):
            raise PortalUnavailable("/v1/records:batch: not one result per item")
        results = []
        for item, result in zip(items, raw, strict=True):
            results.append(self._result(item, result))
        return BatchAnswer(results, _parse_time(body.get("server_time")))

    @staticmethod
    def _result(item: OutgoingItem, raw: Any) -> ItemResult:
        if not isinstance(raw, dict) or _uuid(raw.get("id")) != item.id \
                or raw.get("status") not in ITEM_STATUSES:
            raise PortalUnavailable("/v1/records:batch: a result does not match its item")
        errors: list[dict[str, str]] = []
        listed = raw.get("errors")
        for error in listed if isinstance(listed, list) else []:
            if isinstance(error, dict):
                errors.append({key: _text(error.get(key), 300) or ""
                               for key in ("field", "code", "message")})
        return ItemResult(item.id, raw["status"], _text(raw.get("portal_ref"), 60),
                          tuple(errors[:50]))

    def upload_attachment(self, sha256: str, data: bytes) -> None:
        self._request("PUT", f"/v1/attachments/{sha256}", data=data,
                      headers={"Content-Type": "application/octet-stream"})

    def status_updates(self, cursor: str | None, limit: int) -> StatusPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = self._request("GET", "/v1/status-updates", params=params)
        body = self._json(response, "/v1/status-updates")
        raw, next_cursor = body.get("updates"), body.get("next_cursor")
        if not isinstance(raw, list) or not (next_cursor is None or (
                isinstance(next_cursor, str) and storable(next_cursor))):
            raise PortalUnavailable("/v1/status-updates: not the contract's shape")
        updates = []
        for entry in raw:
            record_id = _uuid(entry.get("id")) if isinstance(entry, dict) else None
            status = _text(entry.get("status"), 32) if isinstance(entry, dict) else None
            if record_id is None or not status:
                log.warning("a status update without a usable id or status was skipped")
                continue
            updates.append(StatusUpdate(
                record_id, status, _text(entry.get("portal_ref"), 60),
                _parse_time(entry.get("updated_at")), _text(entry.get("note"), 500)))
        return StatusPage(updates, next_cursor)

    def close(self) -> None:
        self.session.close()
