"""Fixtures for the portal simulator's tests: a running simulator and a client of it.

The client is deliberately thin (requests, a token, one re-auth on 401): the
kiosk's sync worker is tested elsewhere; these tests check the simulator.
"""
from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.simulator import Simulator

DEVICE = "kiosk-01"
CLIENT = {"client_id": "kiosk-dev", "client_secret": "kiosk-dev-secret"}
SENT_AT = "2026-11-24T08:00:00+07:00"
ROOT = Path(__file__).resolve().parents[2]


def dossier(**changes: Any) -> dict[str, Any]:
    """A payload the portal accepts (portal-api.md's example), with `changes` on top."""
    payload: dict[str, Any] = {
        "procedure_code": "1.001193", "office_code": "000.00.01.H22",
        "received_at": "2026-11-24T08:00:00+07:00",
        "appointment_at": "2026-11-25T08:00:00+07:00", "fee_vnd": 0,
        "applicant": {"full_name": "Nguyễn Văn An", "id_number": "001203004567",
                      "date_of_birth": "2003-05-14", "phone": "0912345678",
                      "email": None, "address": "Thôn 3, xã Tân Lập, tỉnh Phú Thọ"},
        "fields": {"child_name": "Nguyễn Văn Bình"},
        "documents": [{"code": "000.00.00.G15-KQ003362", "name": "Tờ khai đăng ký khai sinh",
                       "copies": 1, "attachment_sha256": None}],
    }
    applicant = changes.pop("applicant", {})
    payload.update(changes)
    payload["applicant"] = {**payload["applicant"], **applicant}
    return payload


def account_request(**changes: Any) -> dict[str, Any]:
    return {"full_name": "Trần Thị Hoa", "id_number": "001303004568",
            "date_of_birth": "2003-01-02", "phone": "+84 912 345 678", "email": None,
            "consent_at": "2026-11-24T08:05:00+07:00", "assisted_by": "vol-7", **changes}


def item(payload: dict[str, Any] | None = None, *, kind: str = "dossier",
         record_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": record_id or str(uuid.uuid4()), "type": kind,
            "created_at": "2026-11-24T08:00:00+07:00",
            "payload": dossier() if payload is None else payload, **extra}


class Client:
    """Just enough of a portal client: token, one re-auth on 401, plain calls."""

    def __init__(self, url: str, device: str = DEVICE) -> None:
        self.url = url
        self.device = device
        self.http = requests.Session()
        self.token = ""
        self.authenticate()

    def authenticate(self) -> None:
        reply = self.http.post(f"{self.url}/v1/auth/token",
                               json={**CLIENT, "device_id": self.device}, timeout=10)
        assert reply.status_code == 200, reply.text
        self.token = reply.json()["access_token"]

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One request with the token; on 401 a new token, once, and again."""
        extra = kwargs.pop("headers", {})
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self.token}", **extra}
            reply = self.http.request(method, self.url + path, headers=headers, timeout=10,
                                      **kwargs)
            if reply.status_code != 401 or attempt == 2:
                return reply
            self.authenticate()
        raise AssertionError("unreachable")

    def batch(self, items: list[dict[str, Any]], **kwargs: Any) -> requests.Response:
        body = {"device_id": self.device, "sent_at": SENT_AT, "items": items}
        return self.call("POST", "/v1/records:batch", json=body, **kwargs)

    def results(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        reply = self.batch(items)
        assert reply.status_code == 200, reply.text
        return reply.json()["results"]

    def upload(self, data: bytes, sha: str | None = None) -> requests.Response:
        sha = sha or hashlib.sha256(data).hexdigest()
        return self.call("PUT", f"/v1/attachments/{sha}", data=data,
                         headers={"Content-Type": "application/octet-stream"})

    def updates(self, cursor: str | None = None, limit: int | None = None) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if cursor is not None:
            params["cursor"] = cursor
        if limit is not None:
            params["limit"] = limit
        reply = self.call("GET", "/v1/status-updates", params=params)
        assert reply.status_code == 200, reply.text
        return reply.json()


class FakeClock:
    """Epoch seconds that move only when a test says so."""

    def __init__(self, start: float = 1_795_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sim_db(tmp_path: Path) -> Path:
    return tmp_path / "portal.sqlite3"


@pytest.fixture
def sim(sim_db: Path) -> Iterator[Simulator]:
    """A simulator with faults off and statuses moved only by the test."""
    simulator = Simulator(db_path=sim_db, status_every=0, seed=1)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def client(sim: Simulator) -> Iterator[Client]:
    c = Client(sim.url)
    yield c
    c.http.close()


@contextmanager
def simulator_process(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`python -m sync.simulator --port 0 ARGS` as a child process: (process, base URL).
    SIGTERM at the end; a start that hangs is killed after 30 s."""
    proc = subprocess.Popen([sys.executable, "-m", "sync.simulator", "--port", "0", *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    killer = threading.Timer(30, proc.kill)  # a hung start fails the test, not the run
    killer.start()
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("portal simulator listening at http://127.0.0.1:"), (
            line, proc.stderr.read() if proc.stderr else "")
        yield proc, line.split(" at ", 1)[1].strip()
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        killer.cancel()
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()
