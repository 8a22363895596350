"""HTTP plumbing of the simulated portal: routing, limits, faults, tokens, answers.

The stdlib's ThreadingHTTPServer is enough for a loopback test server and adds
no dependency to the sync layer. This module turns each request into a call on
`Portal` and its `Reply` into bytes, in this order: route (404/405), injected
fault (slow answer, 5xx/429), bearer token (401), size (413), body, answer,
and, when the fault plan says so after a commit, a closed connection instead
of the answer. Keep-alive connections are tracked so that `close_all()` makes
a stopped simulator really go away (a client's pooled connection must not
reach the old server's threads).

Thread: `serve_forever` runs on the Simulator's "portal-http" thread; each
connection gets a daemon handler thread of its own.
"""
from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from sync.simulator.faults import FaultPlan
from sync.simulator.portal import (
    MAX_ATTACHMENT_BYTES,
    Portal,
    Reply,
    error,
    too_large,
)
from sync.simulator.validation import MAX_BATCH_BYTES

log = logging.getLogger(__name__)

MAX_SMALL_BODY = 64 * 1024  # token requests, and bodies sent where none is expected
MAX_DRAIN = 16 * 1024 * 1024  # read and discard up to this much of a refused body
ATTACHMENT_PREFIX = "/v1/attachments/"
ROUTES: dict[str, tuple[str, ...]] = {  # path -> methods
    "/v1/health": ("GET",),
    "/v1/auth/token": ("POST",),
    "/v1/records:batch": ("POST",),
    "/v1/status-updates": ("GET",),
    ATTACHMENT_PREFIX: ("PUT",),
    "/openapi.yaml": ("GET",),
}
OPEN = ("/v1/health", "/v1/auth/token", "/openapi.yaml")  # no token needed
NO_FAULTS = ("/v1/health", "/openapi.yaml")  # a clean signal that the simulator runs
BODY_LIMITS = {"/v1/records:batch": MAX_BATCH_BYTES, ATTACHMENT_PREFIX: MAX_ATTACHMENT_BYTES}


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], portal: Portal, faults: FaultPlan,
                 spec: bytes) -> None:
        super().__init__(address, PortalHandler)
        self.portal = portal
        self.faults = faults
        self.spec = spec
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def track(self, conn: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            (self._connections.add if open_ else self._connections.discard)(conn)

    def close_all(self) -> None:
        """Cut every open connection (after `shutdown()`, so no new ones arrive)."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class PortalHandler(BaseHTTPRequestHandler):
    server: PortalServer
    protocol_version = "HTTP/1.1"
    server_version = "PortalSimulator/1"
    timeout = 120  # an idle keep-alive connection is closed after this

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def __getattr__(self, name: str) -> Callable[[], None]:
        """Any other method (DELETE, HEAD, QUERY...) gets 405 or 404, not the stdlib's 501."""
        if name.startswith("do_"):
            return lambda: self._handle(name[3:])
        raise AttributeError(name)

    def _handle(self, method: str) -> None:
        try:
            reply = self._answer(method)
        except Exception:
            log.exception("%s %s failed", method, self.path)
            self.close_connection = True
            reply = error(500, "internal", "the simulator failed; see its log")
        try:
            if reply.drop:
                self._drop()
            else:
                self._send(reply)
        except OSError:  # the client went away, or `close_all()` cut the connection
            self.close_connection = True

    def _answer(self, method: str) -> Reply:
        url = urlsplit(self.path)
        path = unquote(url.path)
        route = ATTACHMENT_PREFIX if path.startswith(ATTACHMENT_PREFIX) else path
        if route not in ROUTES:
            return self._refuse(error(404, "not_found", f"no endpoint {path}"))
        if method not in ROUTES[route]:
            reply = error(405, "method_not_allowed", f"{path} takes {', '.join(ROUTES[route])}")
            reply.headers["Allow"] = ", ".join(ROUTES[route])
            return self._refuse(reply)
        if route not in NO_FAULTS:
            faults = self.server.faults
            delay = faults.delay_s()
            if delay:
                time.sleep(delay)
            fault = faults.error()
            if fault is not None:
                reply = error(fault.status, "injected_fault", "a fault injected by the simulator")
                if fault.retry_after is not None:
                    reply.headers["Retry-After"] = str(fault.retry_after)
                return self._refuse(reply)
        device = None
        if route not in OPEN:
            device = self.server.portal.tokens.device_for(self.headers.get("Authorization"))
            if device is None:
                return self._refuse(error(401, "unauthorized", "a valid bearer token is needed"))
        body = self._body(BODY_LIMITS.get(route, MAX_SMALL_BODY))
        if isinstance(body, Reply):
            return body
        portal = self.server.portal
        if route == "/v1/health":
            return portal.health()
        if route == "/openapi.yaml":
            return Reply(200, self.server.spec, content_type="application/yaml")
        if route == "/v1/auth/token":
            return portal.token(body)
        assert device is not None
        if route == "/v1/records:batch":
            return portal.batch(device, body)
        if route == ATTACHMENT_PREFIX:
            return portal.attachment(path[len(ATTACHMENT_PREFIX):], body)
        return portal.updates(device, parse_qs(url.query, keep_blank_values=True))

    def _length(self) -> int | None:
        """The body's announced size; None if it cannot be read (answer and close)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return None
        text = self.headers.get("Content-Length", "0").strip() or "0"
        return int(text) if text.isdigit() else None

    def _body(self, limit: int) -> bytes | Reply:
        length = self._length()
        if length is None:
            self.close_connection = True
            return error(400, "malformed", "send the body with a Content-Length")
        if length > limit:
            reply = too_large(f"{length} bytes: at most {limit}, split the batch") \
                if limit == MAX_BATCH_BYTES else error(413, "too_large", f"at most {limit} bytes")
            return self._refuse(reply)
        return self.rfile.read(length)

    def _refuse(self, reply: Reply) -> Reply:
        """Answer without using the body: read it away first, or close after answering."""
        length = self._length()
        if length is None or length > MAX_DRAIN:
            self.close_connection = True
            return reply
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 64 * 1024))
            if not chunk:
                self.close_connection = True
                break
            remaining -= len(chunk)
        return reply

    def _send(self, reply: Reply) -> None:
        if isinstance(reply.body, bytes):
            body = reply.body
        else:
            body = json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
        self.send_response(reply.status)
        charset = "; charset=utf-8" if reply.content_type == "application/json" else ""
        self.send_header("Content-Type", reply.content_type + charset)
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _drop(self) -> None:
        """Close the connection without a byte of answer: the client cannot know the outcome."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
