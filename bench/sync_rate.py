"""Sending the outbox to the portal: records per second, and the sync process's memory.

`python -m bench.sync_rate [--db-server URL|none] [--records 10000] [--single 500]
[--backlog 100000]`

A kiosk that was offline for days comes back with thousands of dossiers to send,
and ODK Collect's way (one HTTP request per submission) is slow on a poor link; the
sync worker (sync/worker.py) sends batches of up to 100 records instead. This bench
says whether that pays off, and whether a backlog costs memory. It prints:

(1) records per second for batched sync: `--records` received dossiers seeded with
    `seed_demo` (each with its pending outbox row and a valid portal payload), then one
    `run_cycle()` of the worker against the portal simulator (sync/simulator, a real
    HTTP server on loopback, faults off). Timed from the start of the cycle (lease,
    health check, token) to the outcome of its last batch stored; the status pull that
    ends the cycle is timed apart and printed too. Goal: at least 2,000 records/s.
(2) records per second with one request per record (how ODK Collect sends
    submissions): the same worker with `adapter.max_items = 1`, over `--single` records.
(3) the ratio of (1) to (2). Goal: at least 10x.
(4) the peak memory of a sync process working through a backlog of `--backlog` pending
    records, and of one with 1,000, to show it does not grow with the backlog. The
    process is `python -m bench.sync_rate --child`: the worker built from the settings
    as `kiosk sync run --once` builds it, stopped once the backlog is sent (the status
    pull after it reads pages of 500 and would take minutes for 100,000 records; its
    time per record is in (1)). Goal: under 300 MB, and flat. The peak is the child's
    own VmHWM (/proc/self/status, read before it exits), not ru_maxrss: on Linux a
    child's ru_maxrss, from getrusage or wait4, starts at its parent's high-water mark
    (the mm it was spawned from), so it would show this process's seeding instead.

For (1) and (2) the simulator runs in this process: its HTTP threads share the GIL and
the machine's cores with the worker. For (4) it runs here and the worker in the child,
so the child's rate (printed too) is the one of two processes. Seeding is not timed
(its time for the backlog is printed). The SQLite database is a temporary file; on
PostgreSQL a scratch database `kiosk_bench_<pid>` is created on --db-server (default
the test server, postgresql://postgres@127.0.0.1:5432/test) and dropped at the end;
`--db-server none` skips PostgreSQL (bench/queue.py). The simulator's own database is
a temporary SQLite file next to the kiosk's.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.queue import PG_SERVER, ROOT, bootstrap, scratch_databases, verdict
from kiosk.db.engine import Database
from kiosk.services.seed_demo import seed_demo
from sync.http_portal import HttpPortal, PortalAccount
from sync.simulator import Simulator
from sync.worker import RunSummary, SyncConfig, SyncWorker

RATE_GOAL = 2_000  # records/s, batched
RATIO_GOAL = 10  # batched / one request per record
MEMORY_GOAL_MB = 300
FLAT_SHARE = 0.10  # "flat": the big backlog's peak within 10% of the small one's
SMALL_BACKLOG = 1_000
SEED = 2026
CLIENT_ID, CLIENT_SECRET, DEVICE = "kiosk-dev", "kiosk-dev-secret", "bench-01"


@dataclass(frozen=True)
class Rate:
    records: int
    requests: int  # batches answered
    seconds: float  # cycle start to the last batch's outcome stored
    pull_s: float  # the cycle's status pull (and its end) after that
    status_updates: int

    @property
    def per_second(self) -> float:
        return self.records / self.seconds


@dataclass(frozen=True)
class Peak:
    backlog: int
    seed_s: float
    peak_mb: float  # the child's VmHWM at its end: its peak RSS
    start_mb: float  # its VmHWM before the cycle: interpreter, imports, database open
    seconds: float  # its cycle

    @property
    def per_second(self) -> float:
        return self.backlog / self.seconds


@dataclass
class Figures:
    batched: Rate | None = None
    single: Rate | None = None
    peaks: list[Peak] = field(default_factory=list)


def high_water_mb() -> float:
    """This process's peak RSS so far (VmHWM, Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status")


def check(summary: RunSummary, expected: int, what: str) -> None:
    """Every record accepted, none left: otherwise the figures mean nothing."""
    if summary.accepted != expected or summary.pending or summary.error:
        raise RuntimeError(f"{what}: {summary.as_dict()} (expected {expected} accepted)")


# --- (1) and (2): the worker in this process ---------------------------------------------------

def send_rate(db: Database, sim: Simulator, data_dir: Path, records: int, seed: int,
              max_items: int | None = None) -> Rate:
    """Seed `records` dossiers, then time one cycle of a worker sending them."""
    seed_demo(db, records, seed)
    adapter = HttpPortal(PortalAccount(sim.url, CLIENT_ID, CLIENT_SECRET, DEVICE))
    if max_items is not None:
        adapter.max_items = max_items
    answered: list[float] = []  # when each batch's outcome was stored

    def progress(_settled: int, _total: int) -> None:
        answered.append(time.perf_counter())

    worker = SyncWorker(db, adapter, SyncConfig(data_dir, owner="bench"), progress=progress)
    started = time.perf_counter()
    summary = worker.run_cycle()
    ended = time.perf_counter()
    adapter.close()
    check(summary, records, "the sending")
    return Rate(records, len(answered), answered[-1] - started, ended - answered[-1],
                summary.status_updates)


# --- (4): the worker in a process of its own ---------------------------------------------------

def child() -> None:
    """The sync process: settings from the environment, the worker as `kiosk sync run`
    makes it (sync/connect.py), one cycle stopped after its push; one JSON line out."""
    from kiosk.bootstrap import open_database
    from kiosk.settings import load_settings
    from sync.connect import make_worker

    logging.basicConfig(level=logging.ERROR)
    settings = load_settings()
    db = open_database(settings, first_start_data=False).db
    stop = threading.Event()

    def progress(settled: int, total: int) -> None:
        if settled >= total:
            stop.set()  # everything due is sent: skip the status pull

    worker = make_worker(db, settings, stop=stop, progress=progress)
    start_mb = high_water_mb()
    started = time.perf_counter()
    summary = worker.run_cycle()
    seconds = time.perf_counter() - started
    db.dispose()
    print(json.dumps({"start_mb": start_mb, "peak_mb": high_water_mb(), "seconds": seconds,
                      "summary": summary.as_dict()}), flush=True)


def child_peak(url: str, data_dir: Path, sim: Simulator, backlog: int, seed: int) -> Peak:
    """Seed a backlog, run the sync process over it; its peak RSS as it reports it."""
    db = Database(url)
    started = time.perf_counter()
    seed_demo(db, backlog, seed)
    seed_s = time.perf_counter() - started
    db.dispose()
    env = dict(os.environ, KIOSK_DB_URL=url, KIOSK_DATA_DIR=str(data_dir),
               KIOSK_PORTAL_URL=sim.url, KIOSK_PORTAL_CLIENT_ID=CLIENT_ID,
               KIOSK_PORTAL_CLIENT_SECRET=CLIENT_SECRET, KIOSK_DEVICE_ID=DEVICE)
    proc = subprocess.run([sys.executable, "-m", "bench.sync_rate", "--child"], cwd=ROOT,
                          env=env, stdout=subprocess.PIPE, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    check(RunSummary(**result["summary"]), backlog, f"the sync process ({backlog:,} records)")
    return Peak(backlog, seed_s, result["peak_mb"], result["start_mb"], result["seconds"])


# --- one database ------------------------------------------------------------------------------

def measure(name: str, url: str, data_dir: Path, args: argparse.Namespace) -> Figures:
    figures = Figures()
    db = bootstrap(url, data_dir)
    with Simulator(db_path=data_dir.parent / "portal.sqlite3", status_every=0) as sim:
        print(f"{name}: batched, {args.records:,} records ...", flush=True)
        figures.batched = send_rate(db, sim, data_dir, args.records, SEED)
        print(f"{name}: one request per record, {args.single:,} records ...", flush=True)
        figures.single = send_rate(db, sim, data_dir, args.single, SEED + 1, max_items=1)
        db.dispose()
        for i, backlog in enumerate((SMALL_BACKLOG, args.backlog)):
            print(f"{name}: sync process over a backlog of {backlog:,} ...", flush=True)
            figures.peaks.append(child_peak(url, data_dir, sim, backlog, SEED + 2 + i))
    return figures


# --- main --------------------------------------------------------------------------------------

def report(results: dict[str, Figures], args: argparse.Namespace) -> None:
    print(f"machine: {os.cpu_count()} CPUs. For (1)-(3) the portal simulator runs in the "
          "benchmark's process (its HTTP threads share the GIL and the cores with the "
          "worker); for (4) the worker runs in a child process and the simulator in the "
          "parent. SQLite files with synchronous=FULL on both sides.")
    print(f"(1) batched sync (up to 100 records per request), {args.records:,} records, "
          f"timed from the cycle's start to the last outcome stored (goal >= {RATE_GOAL:,} "
          "records/s)")
    for name, f in results.items():
        r = f.batched
        assert r is not None
        print(f"    {name:<12} {r.per_second:7,.0f} records/s ({r.records:,} in "
              f"{r.seconds:.2f} s, {r.requests} requests, {r.seconds / r.requests * 1000:.1f} "
              f"ms each)  goal >= {RATE_GOAL:,}/s: {verdict(r.per_second >= RATE_GOAL)}")
    for name, f in results.items():
        r = f.batched
        assert r is not None
        print(f"    {name:<12} then the cycle's status pull: {r.status_updates:,} updates in "
              f"{r.pull_s:.2f} s ({r.status_updates / r.pull_s:,.0f} updates/s), not in "
              "the rate above")
    print(f"(2) one request per record (as ODK Collect sends submissions), {args.single:,} "
          "records, the same worker with adapter.max_items = 1")
    for name, f in results.items():
        s = f.single
        assert s is not None
        print(f"    {name:<12} {s.per_second:7,.0f} records/s ({s.records:,} in "
              f"{s.seconds:.2f} s, {s.seconds / s.requests * 1000:.1f} ms per request)")
    print(f"(3) batched / one request per record (goal >= {RATIO_GOAL}x)")
    for name, f in results.items():
        assert f.batched is not None and f.single is not None
        ratio = f.batched.per_second / f.single.per_second
        print(f"    {name:<12} {ratio:5.1f}x  goal >= {RATIO_GOAL}x: "
              f"{verdict(ratio >= RATIO_GOAL)}")
    print(f"(4) peak memory (VmHWM) of a sync process sending its whole backlog "
          f"(goal < {MEMORY_GOAL_MB} MB, and flat: the {args.backlog:,} backlog's peak "
          f"within {FLAT_SHARE:.0%} of the {SMALL_BACKLOG:,} one's)")
    for name, f in results.items():
        for p in f.peaks:
            print(f"    {name:<12} backlog {p.backlog:>7,}: peak {p.peak_mb:6.1f} MB "
                  f"({p.start_mb:.1f} MB before the cycle); sent in {p.seconds:6.2f} s "
                  f"({p.per_second:,.0f} records/s); seeded in {p.seed_s:.1f} s")
        small, big = f.peaks[0], f.peaks[-1]
        growth = big.peak_mb - small.peak_mb
        print(f"    {name:<12} goal < {MEMORY_GOAL_MB} MB: "
              f"{verdict(max(small.peak_mb, big.peak_mb) < MEMORY_GOAL_MB)}; flat "
              f"({growth:+.1f} MB for {big.backlog / small.backlog:,.0f}x the backlog): "
              f"{verdict(big.peak_mb <= small.peak_mb * (1 + FLAT_SHARE))}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Sync to the portal: records per second "
                                     "batched and one per request, memory over a backlog.")
    parser.add_argument("--db-server", "--db", dest="server", default=PG_SERVER,
                        help="PostgreSQL server for the scratch database ('none' to skip)")
    parser.add_argument("--records", type=int, default=10_000, help="records for (1)")
    parser.add_argument("--single", type=int, default=500, help="records for (2)")
    parser.add_argument("--backlog", type=int, default=100_000, help="backlog for (4)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return

    logging.basicConfig(level=logging.ERROR)  # not the scratch databases' first-admin notices
    started = time.perf_counter()
    results: dict[str, Figures] = {}
    scratches: list[tuple[str, Any]] = scratch_databases(args.server)
    for name, scratch in scratches:
        with scratch as (url, data_dir):
            results[name] = measure(name, url, data_dir, args)
    report(results, args)
    print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
