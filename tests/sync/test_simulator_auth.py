"""GET /v1/health and POST /v1/auth/token; 401 without, with a bad or an expired token."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import requests

from sync.simulator import Simulator
from tests.sync.conftest import CLIENT, Client, FakeClock, item


def test_health_needs_no_token(sim: Simulator) -> None:
    reply = requests.get(f"{sim.url}/v1/health", timeout=5)
    assert reply.status_code == 200 and reply.json() == {"status": "ok"}


def test_a_token_for_good_credentials(sim: Simulator) -> None:
    reply = requests.post(f"{sim.url}/v1/auth/token",
                          json={**CLIENT, "device_id": "kiosk-01"}, timeout=5)
    assert reply.status_code == 200
    body = reply.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert len(body["access_token"]) >= 32


@pytest.mark.parametrize("credentials", [
    {"client_id": "kiosk-dev", "client_secret": "guess"},
    {"client_id": "someone", "client_secret": "kiosk-dev-secret"},
])
def test_bad_credentials_get_401(sim: Simulator, credentials: dict[str, str]) -> None:
    reply = requests.post(f"{sim.url}/v1/auth/token",
                          json={**credentials, "device_id": "kiosk-01"}, timeout=5)
    assert reply.status_code == 401 and reply.json()["error"] == "bad_credentials"


@pytest.mark.parametrize("body", [{"client_id": "kiosk-dev"}, {**CLIENT, "device_id": ""},
                                  {**CLIENT, "device_id": 7}, ["kiosk-dev"]])
def test_a_malformed_token_request_gets_400(sim: Simulator, body: object) -> None:
    reply = requests.post(f"{sim.url}/v1/auth/token", json=body, timeout=5)
    assert reply.status_code == 400


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer nonsense", "Basic a2lvc2s6eA=="])
@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/v1/records:batch"), ("GET", "/v1/status-updates"),
    ("PUT", "/v1/attachments/" + "0" * 64)])
def test_every_data_endpoint_needs_a_valid_token(sim: Simulator, header: str | None,
                                                 method: str, path: str) -> None:
    headers = {"Authorization": header} if header else {}
    reply = requests.request(method, sim.url + path, headers=headers, data=b"{}", timeout=5)
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert reply.json()["error"] == "unauthorized"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timed(tmp_path: Path, clock: FakeClock) -> Iterator[Simulator]:
    simulator = Simulator(db_path=tmp_path / "p.sqlite3", token_ttl=60, status_every=0,
                          clock=clock)
    simulator.start()
    yield simulator
    simulator.stop()


def test_a_token_expires_after_its_ttl(timed: Simulator, clock: FakeClock) -> None:
    client = Client(timed.url)
    headers = {"Authorization": f"Bearer {client.token}"}
    url = f"{timed.url}/v1/status-updates"
    clock.now += 59
    assert requests.get(url, headers=headers, timeout=5).status_code == 200
    clock.now += 1
    assert requests.get(url, headers=headers, timeout=5).status_code == 401
    assert client.call("GET", "/v1/status-updates").status_code == 200  # re-auth once


def test_revoked_tokens_make_the_client_authenticate_again(sim: Simulator,
                                                           client: Client) -> None:
    old = client.token
    assert sim.revoke_tokens() >= 1
    record = item()
    reply = client.batch([record])  # 401, new token, same request again
    assert reply.status_code == 200 and reply.json()["results"][0]["status"] == "accepted"
    assert client.token != old
    stale = requests.get(f"{sim.url}/v1/status-updates",
                         headers={"Authorization": f"Bearer {old}"}, timeout=5)
    assert stale.status_code == 401


def test_the_server_time_carries_the_configured_offset(tmp_path: Path, clock: FakeClock) -> None:
    with Simulator(db_path=tmp_path / "p.sqlite3", status_every=0, clock=clock,
                   clock_offset_s=400) as simulator:
        client = Client(simulator.url)
        reply = client.batch([item()])
        server = datetime.fromisoformat(reply.json()["server_time"]).timestamp()
        assert server - clock.now == pytest.approx(400, abs=1)
