"""The sync client against a portal that answers badly: a real HTTP server on loopback.

The simulator (sync/simulator) keeps the contract; this server breaks it on purpose,
with answers hypothesis draws: any status code, rubbish or huge headers (Retry-After
included), bodies that are not JSON, not UTF-8, NaN, nested a million deep, 10 MB long,
cut short, falsely gzipped, and JSON with the wrong type at every level of the contract's
shapes (a result per item, ids that do not match, statuses that do not exist, text
no column can hold). `HttpPortal` may only raise the adapter's exceptions
(sync/adapter.py), and `SyncWorker.run_cycle()` never raises, loses nothing, and marks
no row delivered on a garbage answer.
"""
from __future__ import annotations

import gzip
import json
import math
import socket
import threading
import time
import tracemalloc
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from kiosk.attachments import store_bytes
from kiosk.db.engine import Database
from kiosk.models import Dossier, Outbox, SyncState
from kiosk.services.outbox import canonical_json
from kiosk.services.seed_demo import seed_demo
from kiosk.textnorm import storable
from sync.adapter import (
    ITEM_STATUSES,
    BatchAnswer,
    OutgoingItem,
    PortalAuthFailed,
    PortalError,
    PortalRefused,
    PortalTooLarge,
    PortalUnavailable,
    StatusPage,
)
from sync.http_portal import MAX_ANSWER_BYTES, HttpPortal, PortalAccount
from sync.worker import SyncConfig, SyncWorker
from tests.sync.test_worker import Waits, first_rows, put_payload

ADAPTER_ERRORS = (PortalUnavailable, PortalRefused, PortalTooLarge, PortalAuthFailed)
FIXTURES = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
TIMEOUT = (2.0, 2.0)
GOOD_TOKEN = {"access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600}


# --- the hostile server ----------------------------------------------------------------

@dataclass(frozen=True)
class Reply:
    """One answer. `body` may be a function of the request body (to echo its ids).

    framing: "length" (Content-Length, keep-alive), "close" (no length, then close),
    "short" (a length longer than the body, then close), "gzip" (gzipped here),
    "fake-gzip" (says gzip, sends the body as it is), "bad-chunks" (says chunked, is not),
    "drop" (close without a word), "raw" (the body alone, no status line).
    """

    status: int = 200
    body: bytes | Callable[[bytes], bytes] = b"{}"
    headers: tuple[tuple[str, str], ...] = ()
    framing: str = "length"

    def __repr__(self) -> str:  # a failing example is shown with its body cut short
        body = self.body if callable(self.body) else self.body[:80]
        heads = [(name, value[:40]) for name, value in self.headers[:4]]
        return f"Reply({self.status}, {body!r}, {heads}, {self.framing!r})"


def ok(value: Any) -> Reply:
    return Reply(200, json.dumps(value).encode())


ENDPOINTS = {"/v1/auth/token": "token", "/v1/health": "health",
             "/v1/records:batch": "batch", "/v1/status-updates": "status"}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # head and body go in two writes: no 40 ms wait on ACKs
    server: HostileServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = self.rfile.read(length) if length > 0 else b""
        path = self.path.split("?", 1)[0]
        endpoint = "upload" if path.startswith("/v1/attachments/") else ENDPOINTS.get(path, "")
        self.server.seen.append(endpoint or path)
        reply = self.server.replies.get(endpoint, Reply(404, b'{"error": "not_found"}'))
        body = reply.body(request) if callable(reply.body) else reply.body
        try:
            self._write(reply, body)
        except OSError:  # the client stopped reading (a huge body): as it should
            pass
        self.close_connection = reply.framing != "length" or reply.status < 200

    do_GET = do_POST = do_PUT = _serve

    def _write(self, reply: Reply, body: bytes) -> None:
        if reply.framing == "drop":
            return
        if reply.framing == "raw":
            self.wfile.write(body)
            return
        head = [f"HTTP/1.1 {reply.status} Whatever"]
        if reply.framing == "gzip":
            body = gzip.compress(body, compresslevel=1)
            head.append("Content-Encoding: gzip")
        if reply.framing == "fake-gzip":
            head.append("Content-Encoding: gzip")
        if reply.framing in ("length", "gzip", "fake-gzip"):
            head.append(f"Content-Length: {len(body)}")
        elif reply.framing == "short":
            head.append(f"Content-Length: {len(body) + 1000}")
        elif reply.framing == "bad-chunks":
            head.append("Transfer-Encoding: chunked")
        else:
            head.append("Connection: close")
        head += [f"{name}: {value}" for name, value in reply.headers]
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace"))
        self.wfile.write(body)  # apart: a 64 MB body is not copied


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies: dict[str, Reply] = {}
        self.seen: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up mid-answer is part of the game


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    hostile = HostileServer()
    thread = threading.Thread(target=hostile.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield hostile
    hostile.shutdown()
    hostile.server_close()
    thread.join(5)


def portal(url: str, timeout: tuple[float, float] = TIMEOUT) -> HttpPortal:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment between us and loopback
    return HttpPortal(PortalAccount(url, "kiosk-dev", "kiosk-dev-secret", "kiosk-01"),
                      timeout=timeout, session=session)


# --- hostile answers, drawn ------------------------------------------------------------

KEYS = ["access_token", "status", "results", "id", "portal_ref", "errors", "field", "code",
        "message", "server_time", "updates", "next_cursor", "updated_at", "note", "error"]
TEXTS = ["", "\x00", "ref\x00", "\ud800", "\udfff", "e\u0301", "ư", "\u202e", "ok",
         "accepted", "duplicate", "conflict", "rejected", "processing",
         "2026-11-24T01:00:03+00:00", "2026-11-24T01:00:03", "9999-12-31T23:59:59-23:59",
         "0001-01-01T00:00:00+23:59", "bad\r\nInjected: 1", str(uuid.UUID(int=0))]
scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=2**63)
           | st.floats() | st.text(max_size=12) | st.sampled_from(TEXTS)
           | st.just(5000).map(lambda n: "x" * n))  # longer than any column
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=4), max_leaves=10)

DEEP = b"[" * 1_000_000 + b"]" * 1_000_000  # 2 MB: under the limit, too deep to parse
HUGE = b'{"results": "' + b"x" * (10 * 2**20) + b'"}'  # 10 MB of valid JSON
RUBBISH = {  # by name: hypothesis shows the name, not 10 MB
    "empty": b"", "cut": b"{", "null": b"null", "list": b"[]", "text": b'"ok"', "NaN": b"NaN",
    "NaN inside": b'{"status": NaN}', "UTF-16": b"\xff\xfe{}",
    "not UTF-8": b'{"status": "\xc3"}', "BOM": b"\xef\xbb\xbf{}",
    "HTML": b"<html>502 Bad Gateway</html>", "repeated key": b'{"a": 1, "a": 2}',
    "5000 digits": b"1" * 5000, "deep": DEEP, "deep, cut": b"[" * 300_000,
    "deep objects": b"{" + b'"a":{' * 100_000,
    "4 MiB and 2 bytes": b" " * MAX_ANSWER_BYTES + b"{}", "10 MB": HUGE}
bodies = (st.sampled_from(sorted(RUBBISH)).map(lambda name: RUBBISH[name])
          | st.binary(max_size=64)
          | values.map(lambda v: json.dumps(v).encode()))

STATUS_CODES = [200, 201, 204, 100, 103, 206, 300, 301, 302, 303, 304, 307, 308, 400, 401,
                403, 404, 405, 408, 409, 410, 413, 418, 422, 429, 431, 451, 500, 501, 502,
                503, 504, 599, 600, 999]
RETRY_AFTER = ["0", "-5", "1.5", "nan", "NaN", "inf", "-inf", "1e309", "9" * 400, "abc", "",
               "Wed, 21 Oct 2026 07:28:00 GMT", "Â°Ã"]
LOCATIONS = ["/v1/health", "/v1/records:batch", "http://127.0.0.1:1/", "ftp://x/",
             "http://[::1", "//", "javascript:x"]
ODD_HEADERS = {  # by name: hypothesis shows the name, not 70 kB
    "length not a number": ("Content-Length", "abc"), "length < 0": ("Content-Length", "-5"),
    "two lengths": ("Content-Length", "7, 9"), "HTML": ("Content-Type", "text/html"),
    "70 kB header": ("X-Huge", "h" * 70_000),  # longer than a header line may be
    "4 kB cookie": ("Set-Cookie", "a=" + "c" * 4000)}
headers = st.lists(st.tuples(st.just("Retry-After"), st.sampled_from(RETRY_AFTER))
                   | st.tuples(st.just("Location"), st.sampled_from(LOCATIONS))
                   | st.sampled_from(sorted(ODD_HEADERS)).map(lambda name: ODD_HEADERS[name]),
                   max_size=3).map(tuple)
many_headers = st.just(tuple((f"X-{i}", "v") for i in range(120)))  # over http.client's 100
FRAMINGS = ["length", "close", "short", "gzip", "fake-gzip", "bad-chunks", "drop", "raw"]


def replies(body: st.SearchStrategy[Any]) -> st.SearchStrategy[Reply]:
    """Any status, headers and framing around `body` (bytes, or a function of the request)."""
    return st.builds(Reply, st.sampled_from(STATUS_CODES), body, headers | many_headers,
                     st.sampled_from(FRAMINGS))


def shaped(shape: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """JSON with the contract's keys and hostile values, as the portal would write it."""
    return shape.map(lambda v: json.dumps(v).encode())


tokens = shaped(st.fixed_dictionaries({}, optional={
    "access_token": values | st.sampled_from(["t" * 4097, "ư-token", "a b", "tok\r\nX: 1",
                                              "tok\x7f"]),
    "token_type": values}))
health_bodies = shaped(st.fixed_dictionaries({}, optional={"status": values}))
update_entries = st.fixed_dictionaries({}, optional={
    "id": values | st.uuids().map(str), "status": values, "portal_ref": values,
    "updated_at": values, "note": values})
status_bodies = shaped(st.fixed_dictionaries({}, optional={
    "updates": values | st.lists(update_entries | values, max_size=5),
    "next_cursor": values}))


# A batch answer is the valid one for the request's ids, then broken in one way that
# leaves no doubt: whatever the batch's size, it is not one matching result per item.
def _ids(request: bytes) -> list[str]:
    return [item["id"] for item in json.loads(request)["items"]]


def _valid(ids: list[str]) -> dict[str, Any]:
    return {"server_time": "2026-11-24T01:00:03+00:00",
            "results": [{"id": i, "status": "accepted", "portal_ref": f"G22.99-{n}"}
                        for n, i in enumerate(ids)]}


def _not_an_id(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return True
    return False


BREAKS: dict[str, st.SearchStrategy[Callable[[dict[str, Any]], None]]] = {
    "one result too few": st.just(lambda b: b["results"].pop()),
    "one result too many": values.map(lambda v: lambda b: b["results"].append(v)),
    "an id that is not one": values.filter(_not_an_id).map(
        lambda v: lambda b: b["results"][-1].__setitem__("id", v)),
    "another item's id": st.uuids().map(
        lambda u: lambda b: b["results"][0].__setitem__("id", str(u))),
    "the id missing": st.just(lambda b: b["results"][0].pop("id")),
    "a status that is not one": values.filter(lambda v: v not in ITEM_STATUSES).map(
        lambda v: lambda b: b["results"][-1].__setitem__("status", v)),
    "a result that is not an object": values.filter(lambda v: not isinstance(v, dict)).map(
        lambda v: lambda b: b["results"].__setitem__(0, v)),
    "results that are not a list": values.filter(lambda v: not isinstance(v, list)).map(
        lambda v: lambda b: b.__setitem__("results", v)),
    "results nested once more": st.just(lambda b: b.__setitem__("results", [b["results"]])),
    "the body not an object": values.filter(lambda v: not isinstance(v, dict)).map(
        lambda v: lambda b: (b.clear(), b.__setitem__("_", v))),
}


def _broken_answer(break_: Callable[[dict[str, Any]], None]) -> Callable[[bytes], bytes]:
    def render(request: bytes) -> bytes:
        body = _valid(_ids(request))
        break_(body)
        if "_" in body:  # "the body not an object"
            return json.dumps(body["_"]).encode()
        return json.dumps(body).encode()
    return render


garbage_batches = st.one_of(
    st.sampled_from(list(BREAKS)).flatmap(lambda name: BREAKS[name]).map(_broken_answer)
    .flatmap(lambda render: st.builds(Reply, st.sampled_from([200, 201, 200]), st.just(render),
                                      headers, st.sampled_from(["length", "gzip", "close"]))),
    replies(bodies).filter(lambda r: r.status != 413),  # 413 splits, then goes to staff
)


# --- each call of the adapter ----------------------------------------------------------

def _items(n: int) -> list[OutgoingItem]:
    at = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    return [OutgoingItem(uuid.uuid4(), "dossier", at, '{"fee_vnd":0}', "0" * 64)
            for _ in range(n)]


def _readable(text: Any, limit: int) -> bool:
    return isinstance(text, str) and len(text) <= limit and storable(text)


def _check_retry_after(exc: PortalError) -> None:
    if isinstance(exc, PortalUnavailable) and exc.retry_after is not None:
        assert math.isfinite(exc.retry_after) and 0 <= exc.retry_after <= 3600


def _any_reply(body: st.SearchStrategy[bytes]) -> st.SearchStrategy[Reply]:
    return st.one_of(st.builds(lambda b: Reply(200, b), body), replies(body | bodies))


@settings(max_examples=120, deadline=None, suppress_health_check=FIXTURES)
@given(call=st.sampled_from(["health", "batch", "status", "upload"]), data=st.data())
def test_each_call_gives_an_answer_or_an_adapter_error(server, call, data):
    token = data.draw(st.one_of(st.just(ok(GOOD_TOKEN)), _any_reply(tokens)), "token")
    endpoint_body = {"health": health_bodies, "status": status_bodies, "upload": bodies,
                     "batch": values.map(lambda v: json.dumps({"results": v}).encode())}[call]
    server.replies = {"token": token, call: data.draw(_any_reply(endpoint_body), call)}
    client = portal(server.url)
    items = _items(data.draw(st.integers(1, 3), "items"))
    try:
        if call == "health":
            assert client.health() in (True, False)  # never raises
        elif call == "batch":
            answer = client.send_batch(items)
            assert isinstance(answer, BatchAnswer)
            assert [r.id for r in answer.results] == [i.id for i in items]
            for result in answer.results:
                assert result.status in ITEM_STATUSES
                assert result.portal_ref is None or _readable(result.portal_ref, 60)
                assert all(_readable(v, 300) for e in result.errors for v in e.values())
            if answer.server_time is not None:
                assert answer.server_time.utcoffset() is not None
                answer.server_time.astimezone(UTC)
        elif call == "status":
            page = client.status_updates(data.draw(st.none() | st.just("c1"), "cursor"), 50)
            assert isinstance(page, StatusPage)
            assert page.next_cursor is None or storable(page.next_cursor)  # opaque, any length
            for got in page.updates:
                assert isinstance(got.id, uuid.UUID) and _readable(got.status, 32) and got.status
                assert got.portal_ref is None or _readable(got.portal_ref, 60)
                assert got.note is None or _readable(got.note, 500)
                if got.updated_at is not None:
                    got.updated_at.astimezone(UTC)
        else:
            assert client.upload_attachment("ab" * 32, b"%PDF-1.4 scan") is None
    except ADAPTER_ERRORS as exc:
        _check_retry_after(exc)
        assert "tok-1" not in str(exc) and "kiosk-dev-secret" not in str(exc)
    finally:
        client.close()


def _gzip_bomb(size: int) -> bytes:
    """`size` bytes of spaces then {}, gzipped: a few hundred kB on the wire."""
    packer = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: the gzip container
    chunk = b" " * 2**20
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join([*parts, packer.compress(b"{}"), packer.flush()])


def test_a_huge_answer_is_cut_at_4_mib_and_memory_stays_bounded(server):
    big = 64 * 2**20
    cases = {  # built before measuring: only what the client holds is counted
        "64 MB, then the connection closes": Reply(200, b" " * big + b"{}", framing="close"),
        "64 MB with its length": Reply(200, b"[" + b"0," * (big // 2) + b"0]"),
        # "fake-gzip" sends the body as it is: here it really is gzip, 256 MB unpacked
        "a gzip bomb": Reply(200, _gzip_bomb(256 * 2**20), framing="fake-gzip"),
    }
    for name, reply in cases.items():
        server.replies = {"token": ok(GOOD_TOKEN), "status": reply}
        client = portal(server.url)
        tracemalloc.start()
        started = time.monotonic()
        try:
            with pytest.raises(PortalUnavailable, match="larger than 4 MiB"):
                client.status_updates(None, 10)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            client.close()
        assert peak < 16 * 2**20, f"{name}: the client held {peak / 2**20:.0f} MiB"
        assert time.monotonic() - started < 10, name


@pytest.mark.parametrize("where", ["before the headers", "inside the body"])
def test_an_answer_that_stalls_is_unavailable(where):
    """A portal that stops talking, before its headers or halfway through its body."""
    listener = socket.create_server(("127.0.0.1", 0))
    token = json.dumps(GOOD_TOKEN).encode()

    def answer() -> None:
        for n in range(2):  # the token, then the status request
            conn, _ = listener.accept()
            with conn:
                conn.recv(65536)
                if n == 0:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: "
                                 + str(len(token)).encode() + b"\r\n\r\n" + token)
                    continue
                if where == "inside the body":
                    conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"upd')
                time.sleep(0.6)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    client = portal(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=(0.2, 0.2))
    started = time.monotonic()
    try:
        with pytest.raises(PortalUnavailable):
            client.status_updates(None, 10)
        assert time.monotonic() - started < 0.5  # the read timeout, not the whole stall
    finally:
        client.close()
        thread.join(10)
        listener.close()


# --- the worker ------------------------------------------------------------------------

ROWS = 3


@pytest.fixture
def queued(db: Database, data_dir) -> dict[uuid.UUID, tuple[str, str]]:
    """Three received dossiers waiting in the outbox: id -> (payload, its hash)."""
    seed_demo(db, ROWS, seed=21)
    with db.read() as s:
        return {r.id: (r.payload, r.payload_sha256) for r in s.scalars(select(Outbox))}


def _reset(db: Database) -> None:
    """Every row back to pending and due, as before the example."""
    with db.write() as s:
        s.execute(update(Outbox).values(state="pending", attempts=0, next_attempt_at=None,
                                        last_error=None, portal_ref=None, done_at=None,
                                        portal_status=None, portal_status_at=None))
        s.execute(update(Dossier).values(portal_ref=None, portal_status=None,
                                         portal_status_at=None))
        s.execute(update(SyncState).where(SyncState.name == "status_cursor").values(value=None))


def _worker(db: Database, url: str, folder: Path) -> SyncWorker:
    return SyncWorker(db, portal(url), SyncConfig(folder, owner="hostile", max_failures=2),
                      stop=Waits())


def _rows(db: Database) -> dict[uuid.UUID, Outbox]:
    with db.read() as s:
        return {r.id: r for r in s.scalars(select(Outbox))}


def good_or_not(good: Reply, hostile: st.SearchStrategy[Reply]) -> st.SearchStrategy[Reply]:
    return st.one_of(st.just(good), hostile)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(health=good_or_not(ok({"status": "ok"}), _any_reply(health_bodies)),
       token=good_or_not(ok(GOOD_TOKEN), _any_reply(tokens)),
       batch=garbage_batches,
       status=_any_reply(status_bodies))
def test_garbage_answers_lose_nothing_and_deliver_nothing(db, data_dir, server, queued,
                                                          health, token, batch, status):
    _reset(db)
    server.replies = {"health": health, "token": token, "batch": batch, "status": status}
    worker = _worker(db, server.url, data_dir)
    try:
        summary = worker.run_cycle()  # never raises
    finally:
        worker.adapter.close()
    rows = _rows(db)
    assert {row_id: (r.payload, r.payload_sha256) for row_id, r in rows.items()} == queued
    assert {r.state for r in rows.values()} == {"pending"}, summary
    assert all(r.portal_ref is None and r.done_at is None for r in rows.values())
    assert summary.pending == ROWS and summary.accepted == summary.duplicate == 0
    assert summary.error or not any(r.attempts for r in rows.values()) or all(
        r.next_attempt_at is not None for r in rows.values())


# A well-formed answer whose text is hostile: what the portal decided is kept, what cannot
# be stored is dropped, and the cycle goes on.
hostile_texts = st.sampled_from(TEXTS) | values


def _answer_with(statuses: list[str], refs: list[Any], errors: Any, server_time: Any
                 ) -> Callable[[bytes], bytes]:
    def render(request: bytes) -> bytes:
        ids = _ids(request)
        return json.dumps({"server_time": server_time, "results": [
            {"id": i, "status": statuses[n % len(statuses)], "portal_ref": refs[n % len(refs)],
             "errors": errors} for n, i in enumerate(ids)]}).encode()
    return render


def _updates_for(ids: list[uuid.UUID], status: Any, note: Any, at: Any, ref: Any,
                 cursor: Any) -> Reply:
    return ok({"updates": [{"id": str(i), "status": status, "note": note, "updated_at": at,
                            "portal_ref": ref} for i in ids], "next_cursor": cursor})


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURES)
@given(statuses=st.lists(st.sampled_from(ITEM_STATUSES), min_size=1, max_size=3),
       refs=st.lists(hostile_texts, min_size=1, max_size=3), errors=values,
       server_time=hostile_texts, status=hostile_texts, note=hostile_texts,
       at=hostile_texts, ref=hostile_texts, cursor=hostile_texts)
def test_well_formed_answers_with_hostile_text_are_stored_safely(
        db, data_dir, server, queued, statuses, refs, errors, server_time, status, note, at,
        ref, cursor):
    _reset(db)
    server.replies = {"health": ok({"status": "ok"}), "token": ok(GOOD_TOKEN),
                      "batch": Reply(200, _answer_with(statuses, refs, errors, server_time)),
                      "status": _updates_for(list(queued), status, note, at, ref, cursor)}
    worker = _worker(db, server.url, data_dir)
    try:
        summary = worker.run_cycle()  # never raises
    finally:
        worker.adapter.close()
    rows = _rows(db)
    assert {row_id: (r.payload, r.payload_sha256) for row_id, r in rows.items()} == queued
    order = sorted(rows.values(), key=lambda r: (r.created_at, r.id))
    for n, row in enumerate(order):
        assert row.state == statuses[n % len(statuses)], summary
        assert row.portal_ref is None or _readable(row.portal_ref, 60)
        assert row.last_error is None or storable(row.last_error)
        assert row.portal_status is None or _readable(row.portal_status, 32)
    with db.read() as s:
        cursor_now = s.scalar(select(SyncState.value).where(SyncState.name == "status_cursor"))
        offset = s.scalar(select(SyncState.value).where(SyncState.name == "clock_offset_s"))
    assert cursor_now is None or storable(cursor_now)
    assert offset is None or math.isfinite(float(offset))


def test_a_retry_after_in_the_past_or_absurd_is_bounded(server):
    """Retry-After the worker waits: a number of seconds from 0 to an hour, or nothing."""
    for raw in RETRY_AFTER:
        server.replies = {"token": ok(GOOD_TOKEN),
                          "status": Reply(503, b"{}", (("Retry-After", raw),))}
        client = portal(server.url)
        with pytest.raises(PortalUnavailable) as caught:
            client.status_updates(None, 10)
        client.close()
        _check_retry_after(caught.value)


def test_the_portals_clock_far_off_gives_a_finite_offset_and_storable_times(
        db, data_dir, server, queued):
    """Times at the ends of the calendar, which no UTC time can hold, are not stored."""
    for moment in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"):
        _reset(db)
        server.replies = {"health": ok({"status": "ok"}), "token": ok(GOOD_TOKEN),
                          "batch": Reply(200, _answer_with(["accepted"], ["G1"], None, moment)),
                          "status": _updates_for(list(queued), "processing", None, moment,
                                                 None, None)}
        worker = _worker(db, server.url, data_dir)
        try:
            summary = worker.run_cycle()
        finally:
            worker.adapter.close()
        assert (summary.accepted, summary.status_updates, summary.error) == (ROWS, ROWS, None)
        with db.read() as s:
            offset = s.scalar(select(SyncState.value).where(SyncState.name == "clock_offset_s"))
        assert offset is None or math.isfinite(float(offset))
        assert {r.portal_status for r in _rows(db).values()} == {"processing"}


# --- named answers: each broke the client once ---------------------------------------

CALLS: dict[str, Callable[[HttpPortal], Any]] = {
    "batch": lambda c: c.send_batch(_items(2)), "status": lambda c: c.status_updates(None, 9),
    "upload": lambda c: c.upload_attachment("ab" * 32, b"%PDF")}


def _call(server: HostileServer, call: str, reply: Reply, token: Reply | None = None) -> Any:
    server.replies = {"token": token or ok(GOOD_TOKEN), call: reply}
    client = portal(server.url)
    try:
        return CALLS[call](client)
    finally:
        client.close()


@pytest.mark.parametrize("call", ["batch", "status"])
def test_every_rubbish_body_is_unavailable_or_a_refusal_with_a_readable_reason(server, call):
    for name, body in RUBBISH.items():
        with pytest.raises(PortalUnavailable):  # 200: "the answer is not JSON" or its shape
            _call(server, call, Reply(200, body))
        if len(body) > MAX_ANSWER_BYTES:
            continue  # too big to read as a refusal either: unavailable, as above
        with pytest.raises(PortalRefused) as refused:  # 400: its reason read if it can be
            _call(server, call, Reply(400, body))
        assert storable(str(refused.value)), name
    for message in ("bad\x00", "\ud800", "\x00" * 300):
        with pytest.raises(PortalRefused) as refused:
            _call(server, call, Reply(400, json.dumps({"message": message}).encode()))
        assert storable(str(refused.value))


@pytest.mark.parametrize("framing", ["short", "fake-gzip", "bad-chunks", "drop", "raw"])
def test_an_answer_broken_on_the_wire_is_unavailable(server, framing):
    for call in CALLS:
        with pytest.raises(PortalUnavailable):
            _call(server, call, Reply(200, b'{"results": [], "updates": []}', framing=framing))


def test_a_token_that_cannot_go_in_a_header_is_unavailable(server):
    for token in ("ư-token", "tok en", "tok\r\nX: 1", "tok\x7f", "", "t" * 4097, 42, None):
        with pytest.raises(PortalUnavailable, match="no access_token"):
            _call(server, "status", ok({"updates": []}), ok({"access_token": token}))


@pytest.mark.parametrize("status", [301, 302, 303, 304, 307, 308, 300, 103])
def test_a_redirect_is_not_followed_and_is_no_answer(server, status):
    """No redirect is in the contract: an upload "redirected" is not stored anywhere."""
    for location in LOCATIONS:
        with pytest.raises(PortalUnavailable):
            _call(server, "upload", Reply(status, b"{}", (("Location", location),)))


@pytest.mark.parametrize("endpoint, status", [("token", 400), ("token", 413), ("status", 413),
                                              ("status", 400), ("upload", 413), ("upload", 422)])
def test_a_refusal_that_is_not_about_the_records_sends_none_to_staff(
        db, data_dir, server, queued, endpoint, status):
    """A 413 to the token request is no verdict on the records (it once quarantined them
    all); a 413 to a status request or an upload is not one the worker knows: the cycle
    ends with the error shown, and every record is still to send."""
    scanned = first_rows(db, 1)[0]
    if endpoint == "upload":
        scan = store_bytes(data_dir, b"%PDF-1.4 a scanned birth certificate", "giay.pdf")
        payload = json.loads(scanned.payload)
        payload["documents"][0]["attachment_sha256"] = scan.sha256
        put_payload(db, scanned.id, canonical_json(payload))
    server.replies = {"health": ok({"status": "ok"}), "token": ok(GOOD_TOKEN),
                      "batch": Reply(200, _answer_with(["accepted"], ["G1"], None, None)),
                      "status": ok({"updates": [], "next_cursor": None}),
                      endpoint: Reply(status, b'{"message": "no"}')}
    worker = _worker(db, server.url, data_dir)
    try:
        summary = worker.run_cycle()  # never raises
    finally:
        worker.adapter.close()
    rows = _rows(db)
    assert summary.error and str(status) in summary.error
    assert summary.quarantined == 0 and {r.state for r in rows.values()} <= {"pending", "accepted"}
    if endpoint != "status":  # nothing was sent, nothing put aside
        assert {r.state for r in rows.values()} == {"pending"}
        assert all(r.next_attempt_at is None for r in rows.values())
