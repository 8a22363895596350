"""Injected faults at their configured rates; drops after commit; concurrent batches."""
from __future__ import annotations

import hashlib
import math
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sync.simulator import Simulator
from sync.simulator.faults import FaultPlan
from tests.sync.conftest import Client, item


def _within(observed: int, trials: int, rate: float, sigmas: float = 4.0) -> bool:
    """Binomial count within `sigmas` standard deviations of trials × rate."""
    spread = sigmas * math.sqrt(trials * rate * (1 - rate))
    return abs(observed - trials * rate) <= spread


@pytest.fixture
def faulty(tmp_path: Path) -> Iterator[Simulator]:
    with Simulator(db_path=tmp_path / "p.sqlite3", status_every=0, fault_rate=0.3, seed=5,
                   retry_after_max=3) as simulator:
        yield simulator


def _statuses(client: Client, count: int) -> list[requests.Response]:
    # plain GETs with one token: `Client.call` would re-authenticate, and the token
    # endpoint is faulted too
    headers = {"Authorization": f"Bearer {client.token}"}
    return [client.http.get(f"{client.url}/v1/status-updates", headers=headers, timeout=5)
            for _ in range(count)]


def _token(url: str) -> Client:
    for _ in range(50):  # the token endpoint fails at the fault rate too
        try:
            return Client(url)
        except AssertionError:
            continue
    raise AssertionError("no token in 50 tries")


def test_errors_come_at_the_configured_rate(faulty: Simulator) -> None:
    client = _token(faulty.url)
    replies = _statuses(client, 600)
    codes = Counter(r.status_code for r in replies)
    failed = sum(n for code, n in codes.items() if code != 200)
    assert _within(failed, 600, 0.3), codes
    assert set(codes) == {200, 500, 502, 503, 429}
    for kind in (500, 502, 503, 429):  # a quarter of the faults each
        assert _within(codes[kind], failed, 0.25), codes
    for reply in replies:
        if reply.status_code in (429, 503):
            assert 1 <= int(reply.headers["Retry-After"]) <= 3
        else:
            assert "Retry-After" not in reply.headers
        if reply.status_code >= 500:
            assert reply.json()["error"] == "injected_fault"


def test_health_is_never_faulted(faulty: Simulator) -> None:
    replies = [requests.get(f"{faulty.url}/v1/health", timeout=5) for _ in range(50)]
    assert {r.status_code for r in replies} == {200}


def test_the_same_seed_faults_the_same_requests(tmp_path: Path) -> None:
    def run(name: str) -> list[int]:
        with Simulator(db_path=tmp_path / name, status_every=0, fault_rate=0.5,
                       seed=11) as sim:
            return [requests.get(f"{sim.url}/v1/status-updates", timeout=5).status_code
                    for _ in range(40)]

    first = run("a.sqlite3")
    assert first == run("b.sqlite3")
    assert 401 in first and len(set(first)) > 2  # faults come before the token check


def test_a_fault_stores_nothing(faulty: Simulator) -> None:
    client = _token(faulty.url)
    sent: list[str] = []
    for _ in range(40):
        record = item()
        reply = client.batch([record])
        if reply.status_code != 200:
            sent.append(record["id"])
    assert sent and not set(sent) & faulty.accepted_ids()


def test_slow_answers_wait_latency_plus_jitter(tmp_path: Path) -> None:
    with Simulator(db_path=tmp_path / "p.sqlite3", status_every=0, latency_ms=40) as sim:
        client = Client(sim.url)  # the token request waits too
        durations = []
        for _ in range(5):
            start = time.perf_counter()
            client.updates()
            durations.append(time.perf_counter() - start)
        requests.get(f"{sim.url}/v1/health", timeout=5)
        assert sim.fault_counts()["slow"] == 6  # not the health check
    assert min(durations) >= 0.040, durations
    assert len({round(d, 4) for d in durations}) > 1  # jitter


def test_latency_jitter_stays_within_half_again() -> None:
    plan = FaultPlan(latency_ms=100, seed=1)
    delays = [plan.delay_s() for _ in range(2000)]
    assert 0.1 <= min(delays) < 0.105 and 0.145 < max(delays) <= 0.15


def test_dropped_after_commit_the_items_are_stored_and_a_resend_is_a_duplicate(
        tmp_path: Path) -> None:
    with Simulator(db_path=tmp_path / "p.sqlite3", status_every=0,
                   drop_after_commit_rate=0.3, seed=9) as sim:
        client = Client(sim.url)
        attempts = drops = 0
        first_answers: Counter[str] = Counter()
        for _ in range(100):
            record = item()
            answer = None
            while answer is None:
                attempts += 1
                try:
                    reply = client.batch([record])
                except requests.ConnectionError:
                    drops += 1
                    assert record["id"] in sim.accepted_ids()  # stored before the drop
                    continue
                answer = reply.json()["results"][0]
            first_answers[answer["status"]] += 1
            assert answer["portal_ref"] == sim.record(record["id"])["portal_ref"]
        assert drops == sim.fault_counts()["drop"]
        assert _within(drops, attempts, 0.3), (drops, attempts)
        assert first_answers["accepted"] + first_answers["duplicate"] == 100
        assert first_answers["duplicate"] > 0
        counts = sim.count_by_id()
        assert len(counts) == 100 and set(counts.values()) == {1}


def test_a_dropped_upload_is_stored(tmp_path: Path) -> None:
    with Simulator(db_path=tmp_path / "p.sqlite3", status_every=0,
                   drop_after_commit_rate=1.0) as sim:
        client = Client(sim.url)
        with pytest.raises(requests.ConnectionError):
            client.upload(b"scan")
        assert sim.store.has_attachment(hashlib.sha256(b"scan").hexdigest())
        assert sim.fault_counts()["drop"] == 1


def test_concurrent_batches_never_accept_one_id_twice(tmp_path: Path) -> None:
    with Simulator(db_path=tmp_path / "p.sqlite3", status_every=0) as sim:
        records = [item() for _ in range(300)]
        clients = [Client(sim.url), Client(sim.url, device="kiosk-02")]
        start = threading.Barrier(len(clients))
        answers: list[list[dict]] = [[] for _ in clients]

        def send(n: int) -> None:
            mine = records[:]
            random.Random(n).shuffle(mine)
            start.wait()
            for i in range(0, len(mine), 15):
                answers[n].extend(clients[n].results(mine[i:i + 15]))

        threads = [threading.Thread(target=send, args=(n,)) for n in range(len(clients))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        by_id: dict[str, list[dict]] = {}
        for result in answers[0] + answers[1]:
            by_id.setdefault(result["id"], []).append(result)
        assert len(by_id) == 300
        for results in by_id.values():
            assert sorted(r["status"] for r in results) == ["accepted", "duplicate"]
            assert len({r["portal_ref"] for r in results}) == 1
        assert [len(a) for a in answers] == [300, 300]
        counts = sim.count_by_id()
        assert len(counts) == 300 and set(counts.values()) == {1}
        refs = [sim.record(r["id"])["portal_ref"] for r in records]
        assert len(set(refs)) == 300
