"""Acceptance test of the sync feature: a worker killed again and again loses and doubles nothing.

5,000 received dossiers (kiosk.services.seed_demo) wait in the outbox. The portal
simulator runs in this process with 30% of its requests failing (500, 502, 503, 429;
the last two with a Retry-After the worker honours) and some stored batches answered
by a closed connection (the items are in; the worker cannot know and must resend).
The real `python -m kiosk sync run` runs as its own process and is SIGKILLed (a power
cut, as far as it knows) at seeded random moments while it is sending, then started
again, and each new process must take over and send within seconds (its dead
predecessor holds no lock on it); at last it is left to finish and stopped with
SIGTERM, which must end it cleanly (exit 0, the sending lease given back). Then both
ends are compared:

- every outbox row ended `accepted` or `duplicate` (none pending, rejected, in conflict
  or quarantined), and every dossier carries the portal_ref the portal gave it;
- the portal accepted exactly the outbox's ids, each exactly once;
- the run really was hostile: faults and dropped answers were injected, kills landed
  while rows were unsettled, and rows were sent more than once.

The worker's waits after a fault are capped at 1 s (`sync.backoff_max_seconds` in the
data folder's settings.toml), Retry-After still applies: with 30% faults the run time
is otherwise mostly the worker sleeping. Works on SQLite and PostgreSQL (KIOSK_TEST_DB).
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.models import Dossier, Outbox, SyncState
from kiosk.services.delivery import LEASE, take_lease
from kiosk.services.seed_demo import seed_demo
from sync.simulator import Simulator
from tests.sync.conftest import CLIENT

ROOT = Path(__file__).resolve().parents[2]
RECORDS = 5000
KILLS = 6
FAULT_RATE = 0.3  # the figure
DROP_RATE = 0.1  # stored batches answered by a closed connection
SEED = 20261124  # the simulator's faults and the kill moments: a run can be replayed
RUN_BEFORE_KILL_S = (0.5, 3.0)  # how long a worker sends before it is killed
START_TIMEOUT_S = 20.0  # a (re)started worker has sent its first batch by then
FINISH_TIMEOUT_S = 180.0  # the last worker has settled everything by then
STOP_TIMEOUT_S = 30.0  # SIGTERM to exit


def outbox_states(db: Database) -> Counter[str]:
    with db.read() as s:
        return Counter(dict(s.execute(select(Outbox.state, func.count())
                                      .group_by(Outbox.state)).all()))


def attempts_made(db: Database) -> int:
    """Attempts on all rows: each is committed before its request leaves the kiosk."""
    with db.read() as s:
        return s.scalar(select(func.coalesce(func.sum(Outbox.attempts), 0))) or 0


def unsettled_tried(db: Database) -> int:
    """Rows sent at least once and still without an answer (in flight or to be retried)."""
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Outbox)
                        .where(Outbox.state == "pending", Outbox.attempts > 0)) or 0


def lease_holder(db: Database) -> str | None:
    """Who holds the sending lease (`terminal:pid|until`), for the failure messages."""
    with db.read() as s:
        return s.scalar(select(SyncState.value).where(SyncState.name == LEASE))


def worker_env(db_url: str, data_dir: Path, portal_url: str) -> dict[str, str]:
    return dict(os.environ, KIOSK_DB_URL=db_url, KIOSK_DATA_DIR=str(data_dir),
                KIOSK_PORTAL_URL=portal_url, KIOSK_PORTAL_CLIENT_ID=CLIENT["client_id"],
                KIOSK_PORTAL_CLIENT_SECRET=CLIENT["client_secret"],
                KIOSK_DEVICE_ID="kiosk-01", PYTHONUNBUFFERED="1")


def start_worker(env: dict[str, str], output: Path) -> subprocess.Popen[str]:
    """`kiosk sync run`, one JSON line per cycle (stdout and stderr) into `output`."""
    with output.open("w", encoding="utf-8") as out:
        return subprocess.Popen([sys.executable, "-m", "kiosk", "sync", "run",
                                 "--interval", "0.2"], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, text=True)


def tail(output: Path, lines: int = 8) -> str:
    content = output.read_text(encoding="utf-8", errors="replace") if output.exists() else ""
    return "\n".join(content.splitlines()[-lines:])


def wait_until_sending(db: Database, child: subprocess.Popen[str], before: int,
                       output: Path, killed: list[int]) -> None:
    """Until the child has recorded an attempt (its first request is about to leave)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while attempts_made(db) == before:
        assert child.poll() is None, f"the worker exited ({child.returncode}):\n{tail(output)}"
        assert time.monotonic() < deadline, (
            f"worker {child.pid}, started after killing {killed}, sent nothing in "
            f"{START_TIMEOUT_S:.0f} s ({dict(outbox_states(db))}, lease held by "
            f"{lease_holder(db)!r}); its output:\n{tail(output)}")
        time.sleep(0.05)


def stop_child(child: subprocess.Popen[str]) -> None:
    if child.poll() is None:
        child.kill()
        child.wait(timeout=20)


@pytest.mark.slow
def test_killed_and_restarted_worker_delivers_every_record_exactly_once(
        db: Database, db_url: str, data_dir: Path, sim_db: Path, tmp_path: Path) -> None:
    seed_demo(db, RECORDS, seed=SEED % 1000)
    with db.read() as s:
        ids = {str(i) for i in s.scalars(select(Outbox.id))}
    assert len(ids) == RECORDS and outbox_states(db) == Counter(pending=RECORDS)
    (data_dir / "settings.toml").write_text("[sync]\nbackoff_max_seconds = 1\n",
                                            encoding="utf-8")
    rng = random.Random(SEED)
    kills: list[tuple[int, int]] = []  # (pending, sent but unanswered) right after each kill
    killed: list[int] = []  # their pids

    with Simulator(db_path=sim_db, fault_rate=FAULT_RATE, drop_after_commit_rate=DROP_RATE,
                   status_every=0, seed=SEED) as sim:
        env = worker_env(db_url, data_dir, sim.url)
        for round_ in range(KILLS):
            output = tmp_path / f"worker-{round_}.out"
            before = attempts_made(db)
            child = start_worker(env, output)
            try:
                wait_until_sending(db, child, before, output, killed)
                time.sleep(rng.uniform(*RUN_BEFORE_KILL_S))
                assert child.poll() is None, f"the worker exited early:\n{tail(output)}"
                os.kill(child.pid, signal.SIGKILL)
                child.wait(timeout=20)
            finally:
                stop_child(child)
            assert child.returncode == -signal.SIGKILL
            killed.append(child.pid)
            kills.append((outbox_states(db)["pending"], unsettled_tried(db)))

        output = tmp_path / "worker-last.out"
        before = attempts_made(db)
        child = start_worker(env, output)
        try:
            if outbox_states(db)["pending"]:
                wait_until_sending(db, child, before, output, killed)
            deadline = time.monotonic() + FINISH_TIMEOUT_S
            while (states := outbox_states(db))["pending"]:
                assert child.poll() is None, f"the worker exited ({child.returncode}):\n" \
                                             f"{tail(output)}"
                assert time.monotonic() < deadline, (
                    f"not finished in {FINISH_TIMEOUT_S:.0f} s: {dict(states)}\n{tail(output)}")
                time.sleep(0.25)
            child.send_signal(signal.SIGTERM)
            returncode = child.wait(timeout=STOP_TIMEOUT_S)
        finally:
            stop_child(child)
        assert returncode == 0, f"SIGTERM did not end the worker cleanly:\n{tail(output)}"
        last = json.loads(output.read_text(encoding="utf-8").strip().splitlines()[-1])
        assert last["pending"] == 0, last

        portal_counts = sim.count_by_id()
        portal_ids = sim.accepted_ids()
        faults = sim.fault_counts()
        with db.read() as s:
            rows = s.execute(select(Outbox.id, Outbox.state, Outbox.portal_ref,
                                    Outbox.attempts)).all()
        sample = random.Random(SEED).sample(rows, 200)
        portal_refs = {str(r.id): (sim.record(str(r.id)) or {}).get("portal_ref")
                       for r in sample}

    # the kiosk's side: everything settled as delivered, nothing for staff, nothing lost
    states = Counter(row.state for row in rows)
    assert set(states) <= {"accepted", "duplicate"}, dict(states)
    assert sum(states.values()) == RECORDS and {str(r.id) for r in rows} == ids
    # the portal's side: exactly the outbox's ids, each answered `accepted` exactly once
    assert portal_ids == ids
    assert set(portal_counts) == ids
    twice = {i: n for i, n in portal_counts.items() if n != 1}
    assert not twice, f"{len(twice)} ids accepted more than once, e.g. {list(twice.items())[:5]}"
    assert max(portal_counts.values()) == 1
    # the references agree: dossier = outbox row = what the portal stored
    assert all(portal_refs[str(r.id)] == r.portal_ref for r in sample)
    with db.read() as s:
        refs = s.execute(select(func.count(Dossier.portal_ref),
                                func.count(func.distinct(Dossier.portal_ref)))).one()
        mismatched = s.scalar(select(func.count()).select_from(Dossier)
                              .join(Outbox, Outbox.record_id == Dossier.id)
                              .where(Outbox.portal_ref != Dossier.portal_ref))
    assert tuple(refs) == (RECORDS, RECORDS) and mismatched == 0
    # a clean stop gave the sending lease back: another terminal can take it at once
    assert take_lease(db, "counter-2:1", utc_now(), 60)
    if db.dialect == "sqlite":
        with db.read() as s:
            assert s.scalar(text("PRAGMA integrity_check")) == "ok"

    # and the run was as hostile as it claims
    assert faults.get("429", 0) and sum(faults.get(c, 0) for c in ("500", "502", "503")), faults
    assert faults.get("drop", 0) > 0, faults
    assert any(pending and tried for pending, tried in kills), kills
    assert states["duplicate"] > 0 and max(row.attempts for row in rows) > 1, dict(states)
