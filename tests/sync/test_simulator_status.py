"""GET /v1/status-updates: records move through the statuses; the cursor pages the feed."""
from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import requests

from sync.simulator import Simulator
from tests.sync.conftest import Client, item

ORDER = ["received", "processing", "done", "returned"]
WITH_SUPPLEMENT = ["received", "processing", "needs_supplement", "processing", "done",
                   "returned"]


def _all_updates(client: Client, limit: int = 100) -> tuple[list[dict], str]:
    updates, cursor = [], None
    while True:
        page = client.updates(cursor, limit)
        cursor = page["next_cursor"]
        if not page["updates"]:
            return updates, cursor
        updates.extend(page["updates"])


def _paths(updates: list[dict]) -> dict[str, list[str]]:
    paths: dict[str, list[str]] = defaultdict(list)
    for update in updates:
        paths[update["id"]].append(update["status"])
    return dict(paths)


def test_an_accepted_record_starts_received(client: Client) -> None:
    record = item()
    [result] = client.results([record])
    page = client.updates()
    [update] = page["updates"]
    assert update["id"] == record["id"] and update["status"] == "received"
    assert update["portal_ref"] == result["portal_ref"]
    assert update["note"] and update["updated_at"].endswith("+00:00")
    assert page["next_cursor"]


def test_each_step_moves_every_record_on_until_returned(client: Client, sim: Simulator) -> None:
    ids = [r["id"] for r in (item() for _ in range(20))]
    client.results([item(record_id=i) for i in ids])
    steps = 0
    while sim.advance_statuses():
        steps += 1
    assert steps in (3, 5)  # five when a record was asked for papers
    updates, _ = _all_updates(client)
    paths = _paths(updates)
    assert set(paths) == set(ids)
    assert all(p in (ORDER, WITH_SUPPLEMENT) for p in paths.values()), paths
    assert all(sim.record(i)["status"] == "returned" for i in ids)


def test_the_same_seed_moves_the_same_way(tmp_path: Path) -> None:
    def run(name: str) -> list[list[str]]:
        with Simulator(db_path=tmp_path / name, status_every=0, seed=42,
                       supplement_rate=0.5) as sim:
            client = Client(sim.url)
            ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(30)]
            client.results([item(record_id=i) for i in ids])
            while sim.advance_statuses():
                pass
            paths = _paths(_all_updates(client)[0])
            return [paths[i] for i in ids]

    first = run("a.sqlite3")
    assert first == run("b.sqlite3")
    assert WITH_SUPPLEMENT in first and ORDER in first


def test_the_supplement_rate_is_the_share_asked_for_papers(tmp_path: Path) -> None:
    for rate, expected in ((0.0, ORDER), (1.0, WITH_SUPPLEMENT)):
        with Simulator(db_path=tmp_path / f"{rate}.sqlite3", status_every=0,
                       supplement_rate=rate) as sim:
            client = Client(sim.url)
            client.results([item() for _ in range(5)])
            while sim.advance_statuses():
                pass
            assert set(map(tuple, _paths(_all_updates(client)[0]).values())) == {
                tuple(expected)}


def test_the_cursor_pages_without_gaps_or_repeats(client: Client, sim: Simulator) -> None:
    client.results([item() for _ in range(7)])
    sim.advance_statuses()
    everything = client.updates(limit=1000)["updates"]
    assert len(everything) == 14
    paged, cursor = _all_updates(client, limit=3)
    assert paged == everything
    assert client.updates(cursor) == {"updates": [], "next_cursor": cursor}
    sim.advance_statuses()
    newer = client.updates(cursor)["updates"]
    assert [u["status"] for u in newer] == ["done"] * 7


def test_the_feed_is_oldest_first(client: Client, sim: Simulator) -> None:
    first, second = item(), item()
    client.results([first])
    sim.advance_statuses()
    client.results([second])
    updates = client.updates()["updates"]
    assert [(u["id"], u["status"]) for u in updates] == [
        (first["id"], "received"), (first["id"], "processing"), (second["id"], "received")]
    times = [u["updated_at"] for u in updates]
    assert times == sorted(times)


def test_a_device_sees_only_its_own_records(sim: Simulator, client: Client) -> None:
    other = Client(sim.url, device="kiosk-02")
    mine, theirs = item(), item()
    client.results([mine])
    other.results([theirs])
    assert [u["id"] for u in client.updates()["updates"]] == [mine["id"]]
    assert [u["id"] for u in other.updates()["updates"]] == [theirs["id"]]


def test_bad_cursor_or_limit_is_400(client: Client) -> None:
    for params in ({"cursor": "not-a-cursor"}, {"cursor": "c2ltMTp4"}, {"limit": "0"},
                   {"limit": "1001"}, {"limit": "ten"}):
        reply = client.call("GET", "/v1/status-updates", params=params)
        assert reply.status_code == 400, params
        assert reply.json()["field"] in ("cursor", "limit")
    assert client.call("GET", "/v1/status-updates", params={"cursor": ""}).status_code == 200


def test_statuses_move_on_their_own_every_interval(tmp_path: Path) -> None:
    with Simulator(db_path=tmp_path / "p.sqlite3", status_every=0.02, seed=3) as sim:
        client = Client(sim.url)
        record = item()
        client.results([record])
        deadline = time.monotonic() + 5
        statuses: list[str] = []
        cursor = None
        while "returned" not in statuses and time.monotonic() < deadline:
            page = client.updates(cursor)
            cursor = page["next_cursor"]
            statuses += [u["status"] for u in page["updates"]]
            time.sleep(0.01)
        assert statuses in (ORDER, WITH_SUPPLEMENT)


def test_the_feed_and_cursor_survive_a_restart(sim_db: Path) -> None:
    with Simulator(db_path=sim_db, status_every=0) as sim:
        client = Client(sim.url)
        client.results([item(), item()])
        cursor = client.updates()["next_cursor"]
        sim.advance_statuses()
    with Simulator(db_path=sim_db, status_every=0) as again:
        client = Client(again.url)
        assert [u["status"] for u in client.updates(cursor)["updates"]] == ["processing"] * 2
        again.advance_statuses()
        assert len(client.updates()["updates"]) == 6
        url = again.url
    try:
        requests.get(f"{url}/v1/health", timeout=1)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("a stopped simulator still answers")
