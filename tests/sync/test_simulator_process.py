"""The simulator keeps its state across restarts, in-process and as `python -m sync.simulator`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

from sync.simulator import Simulator
from tests.sync.conftest import Client, item, simulator_process

ROOT = Path(__file__).resolve().parents[2]


def test_a_restart_keeps_records_refs_and_attachments(sim_db: Path) -> None:
    records = [item() for _ in range(3)]
    scan = b"%PDF-1.4 scanned"
    with Simulator(db_path=sim_db, status_every=0) as first:
        client = Client(first.url)
        refs = [r["portal_ref"] for r in client.results(records)]
        assert client.upload(scan).status_code == 201
        old_token = client.token
    with Simulator(db_path=sim_db, status_every=0) as second:
        stale = requests.get(f"{second.url}/v1/status-updates", timeout=5,
                             headers={"Authorization": f"Bearer {old_token}"})
        assert stale.status_code == 401  # tokens do not survive a restart
        client = Client(second.url)
        again = client.results(records)
        assert [r["status"] for r in again] == ["duplicate"] * 3
        assert [r["portal_ref"] for r in again] == refs
        [new] = client.results([item()])
        assert new["portal_ref"].endswith("-0004")  # the day's numbers go on
        assert client.upload(scan).status_code == 200
        assert second.count_by_id() == {r["id"]: 1 for r in records} | {new["id"]: 1}


def test_a_temporary_database_is_removed_on_stop() -> None:
    sim = Simulator(status_every=0)
    path = sim.db_path
    sim.start()
    Client(sim.url).results([item()])
    sim.stop()
    assert not path.exists()


@pytest.mark.slow
def test_the_command_line_serves_and_keeps_state_across_restarts(tmp_path: Path) -> None:
    db = tmp_path / "portal.sqlite3"
    options = ("--db", str(db), "--status-every", "0", "--seed", "3",
               "--client-id", "office-7", "--client-secret", "s3cret", "--token-ttl", "30")
    record = item()
    with simulator_process(*options) as (proc, url):
        reply = requests.post(f"{url}/v1/auth/token", timeout=5, json={
            "client_id": "office-7", "client_secret": "s3cret", "device_id": "kiosk-01"})
        assert reply.status_code == 200 and reply.json()["expires_in"] == 30
        token = reply.json()["access_token"]
        batch = {"device_id": "kiosk-01", "sent_at": "2026-11-24T08:00:00+07:00",
                 "items": [record]}
        headers = {"Authorization": f"Bearer {token}"}
        first = requests.post(f"{url}/v1/records:batch", json=batch, headers=headers, timeout=5)
        assert first.json()["results"][0]["status"] == "accepted"
        spec = requests.get(f"{url}/openapi.yaml", timeout=5)
        assert spec.content == (ROOT / "sync/simulator/openapi.yaml").read_bytes()
    assert proc.returncode == 0  # SIGTERM stops it cleanly
    with simulator_process(*options) as (_proc, url):
        token = requests.post(f"{url}/v1/auth/token", timeout=5, json={
            "client_id": "office-7", "client_secret": "s3cret",
            "device_id": "kiosk-01"}).json()["access_token"]
        again = requests.post(f"{url}/v1/records:batch", json=batch, timeout=5,
                              headers={"Authorization": f"Bearer {token}"})
        assert again.json()["results"][0] == {**first.json()["results"][0],
                                              "status": "duplicate"}


@pytest.mark.slow
@pytest.mark.parametrize("bad", [("--fault-rate", "1.5"), ("--token-ttl", "0"),
                                 ("--drop-after-commit-rate", "-0.1")])
def test_the_command_line_refuses_bad_options(bad: tuple[str, str]) -> None:
    out = subprocess.run([sys.executable, "-m", "sync.simulator", "--port", "0", *bad],
                         check=False, cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert out.returncode == 2 and bad[0] in out.stderr


def test_the_openapi_document_is_served_as_is() -> None:
    with Simulator(status_every=0) as sim:
        served = requests.get(f"{sim.url}/openapi.yaml", timeout=5)
    assert served.status_code == 200 and served.headers["Content-Type"] == "application/yaml"
    assert served.content == (ROOT / "sync/simulator/openapi.yaml").read_bytes()
