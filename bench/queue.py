"""The queue under load.

`python -m bench.queue [--db URL] [--processes 8] [--tickets-per-process N]`

(a) Tickets per second with 8 processes issuing at once (each a kiosk: its own
    process, its own connection), on a SQLite file and on PostgreSQL. Goal on
    PostgreSQL: at least 500 tickets/s. Measured twice: citizens choosing among the
    office's services (as at a real kiosk), and everybody taking a number for one
    service, the worst case (one number row for all, and a queue 2,000 long by the end,
    which every new ticket counts to print the people ahead).
(b) Tap to committed ticket: one issue_ticket call, in-process, 1,000 calls on one
    SQLite kiosk. Goal: 99th percentile under 20 ms.
(c) Call to display: a counter calls the next ticket at random intervals while the
    hall display polls recent_calls every 200 ms, as it does; the delay from the
    call to the poll that first shows its event. Goal: under 1 s (median and max).

The SQLite database is a temporary file; on PostgreSQL a scratch database
`kiosk_bench_<pid>` is created on the server of --db (default the test server,
postgresql://postgres@127.0.0.1:5432/test) and dropped at the end; `--db none`
skips PostgreSQL. Each database is bootstrapped like a kiosk's first start
(schema, office, catalog) and given the demo office's counters.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.bootstrap import open_database, unlock_personal_data
from kiosk.db.engine import Database
from kiosk.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
SERVICE = "ho-tich"  # served by counters 1 and 4 of the demo office
THROUGHPUT_GOAL = 500  # tickets/s on PostgreSQL
TAP_P99_GOAL_MS = 20
DISPLAY_GOAL_S = 1.0
POLL_S = 0.2
MIXES = {"office": "citizens choose among services", "one": "all to one service (worst)"}


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


# --- databases ----------------------------------------------------------------------------

def bootstrap(url: str, folder: Path) -> Database:
    """A kiosk's first start on `url` (settings from KIOSK_DB_URL and a data folder),
    then the demo office's four counters and officers."""
    from kiosk.services.seed_demo import seed_demo

    folder.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("KIOSK_DB_URL")
    os.environ["KIOSK_DB_URL"] = url
    try:
        db = open_database(load_settings(folder)).db
    finally:
        if previous is None:
            del os.environ["KIOSK_DB_URL"]
        else:
            os.environ["KIOSK_DB_URL"] = previous
    seed_demo(db, 0, 1)
    return db


@contextmanager
def sqlite_scratch() -> Iterator[tuple[str, Path]]:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'kiosk.sqlite3'}", Path(folder) / "data"


@contextmanager
def postgres_scratch(server: str) -> Iterator[tuple[str, Path]]:
    """A database of our own on the server, dropped afterwards (AUTOCOMMIT: no
    CREATE/DROP DATABASE inside a transaction)."""
    name = f"kiosk_bench_{os.getpid()}"
    base = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as folder:
            yield base.set(database=name).render_as_string(hide_password=False), \
                Path(folder) / "data"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def scratch_databases(server: str) -> list[tuple[str, Any]]:
    """(name, scratch context) for a SQLite file and, unless `server` is "none" or does
    not answer (said in one line), a scratch database on that PostgreSQL server."""
    backends: list[tuple[str, Any]] = [("SQLite file", sqlite_scratch())]
    if server.lower() != "none":
        why = postgres_reachable(server)
        if why is None:
            backends.append(("PostgreSQL", postgres_scratch(server)))
        else:
            print(f"PostgreSQL skipped: {why}")
    return backends


def postgres_reachable(server: str) -> str | None:
    try:
        engine = create_engine(make_url(server).set(drivername="postgresql+psycopg"),
                               connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "skip PostgreSQL"
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


# --- (a) throughput: kiosks as processes -------------------------------------------------------

def worker(go: Path, count: int, mix: str) -> None:
    """One kiosk process: connect and warm up, say ready, wait for the start file, issue.
    `mix` "office": each citizen picks one of the office's services (a seeded random
    order per process); "one": everybody takes a number for SERVICE (the worst case: one
    number row, one ever longer queue)."""
    from kiosk.services.issuing import issue_ticket
    from kiosk.services.office_setup import list_services

    settings = load_settings()
    db = Database(settings.db_url)
    unlock_personal_data(db, settings)  # a ticket's print job is sealed with the office's key
    codes = [s.code for s in list_services(db)] if mix == "office" else [SERVICE]
    rng = random.Random(os.getpid())
    chosen = [rng.choice(codes) for _ in range(count)]
    issue_ticket(db, "chung-thuc", check_hours=False)  # warm-up: connection, SQL cache
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    started = time.time()
    issued = [(code, issue_ticket(db, code, check_hours=False).number) for code in chosen]
    finished = time.time()
    db.dispose()
    print(json.dumps({"started": started, "finished": finished, "issued": issued}), flush=True)


@dataclass(frozen=True)
class Throughput:
    tickets: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.tickets / self.seconds


def throughput(url: str, data_dir: Path, processes: int, per_process: int,
               mix: str) -> Throughput:
    go = data_dir / f"go-{time.monotonic_ns()}"
    env = dict(os.environ, KIOSK_DB_URL=url, KIOSK_DATA_DIR=str(data_dir))
    procs = [subprocess.Popen([sys.executable, "-m", "bench.queue", "--worker", str(go),
                               "--mix", mix, "--tickets-per-process", str(per_process)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(processes)]
    try:
        for p in procs:
            assert p.stdout is not None
            if p.stdout.readline().strip() != "ready":
                raise RuntimeError("a kiosk process did not start")
        go.touch()
        outputs = [p.communicate(timeout=600)[0] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        go.unlink(missing_ok=True)
    if any(p.returncode for p in procs):
        raise RuntimeError("a kiosk process failed")
    runs = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    per_service: dict[str, list[int]] = {}
    for r in runs:
        for code, number in r["issued"]:
            per_service.setdefault(code, []).append(number)
    for numbers in per_service.values():
        numbers.sort()
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            raise RuntimeError("numbers were shared or skipped")  # the benchmark is void
    total = processes * per_process
    wall = max(r["finished"] for r in runs) - min(r["started"] for r in runs)
    return Throughput(total, wall)


# --- (b) tap to committed ticket ---------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def tap_to_ticket_ms(db: Database, calls: int) -> list[float]:
    from kiosk.services.issuing import issue_ticket

    for _ in range(20):  # warm-up, on another service's numbers
        issue_ticket(db, "lao-dong", check_hours=False)
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        issue_ticket(db, SERVICE, check_hours=False)
        times.append((time.perf_counter() - started) * 1000)
    return times


# --- (c) call to display -----------------------------------------------------------------------

def call_to_display_s(url: str, calls: int, seed: int = 1) -> list[float]:
    """A counter thread calls `calls` tickets at random intervals (0.05-0.6 s); the display
    polls recent_calls every 200 ms and notes when each call's event id first shows."""
    from kiosk.services.issuing import issue_ticket
    from kiosk.services.tickets import call_next, counter_id_by_number, recent_calls

    setup = Database(url)
    for _ in range(calls):
        issue_ticket(setup, SERVICE, check_hours=False)
    counter = counter_id_by_number(setup, 1)
    setup.dispose()

    called_at: dict[str, float] = {}  # label -> when the officer pressed "call next"
    finished = threading.Event()
    failure: list[BaseException] = []

    def officer() -> None:
        rng = random.Random(seed)
        db = Database(url)
        try:
            for _ in range(calls):
                time.sleep(rng.uniform(0.05, 0.6))
                pressed = time.time()
                ticket = call_next(db, counter, normal_per_priority=2)
                if ticket is None:
                    raise RuntimeError("nobody left to call")
                called_at[ticket.label] = pressed
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            failure.append(exc)
        finally:
            db.dispose()
            finished.set()

    display = Database(url)
    seen: dict[int, tuple[str, float]] = {}  # event id -> (label, first seen)
    recent_calls(display)  # the display was already running
    thread = threading.Thread(target=officer)
    thread.start()
    tick = time.monotonic()
    try:
        while True:
            for call in recent_calls(display):
                if call.event_id not in seen and not call.recall:
                    seen[call.event_id] = (call.label, time.time())
            if finished.is_set() and len(seen) >= calls:
                break
            if finished.is_set() and failure:
                break
            tick += POLL_S
            time.sleep(max(0.0, tick - time.monotonic()))
    finally:
        thread.join()
        display.dispose()
    if failure:
        raise failure[0]
    first_seen = {label: at for label, at in seen.values()}
    return [first_seen[label] - pressed for label, pressed in called_at.items()]


# --- main --------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description="The queue under load: throughput, "
                                     "tap to ticket, call to display.")
    parser.add_argument("--db", default=PG_SERVER,
                        help="PostgreSQL server for the scratch database ('none' to skip)")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--tickets-per-process", type=int, default=250)
    parser.add_argument("--taps", type=int, default=1000, help="calls for (b)")
    parser.add_argument("--calls", type=int, default=40, help="counter calls for (c)")
    parser.add_argument("--worker", metavar="GO_FILE", help=argparse.SUPPRESS)
    parser.add_argument("--mix", choices=MIXES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(Path(args.worker), args.tickets_per_process, args.mix)
        return

    logging.basicConfig(level=logging.ERROR)  # not the scratch databases' first-admin notices
    backends = scratch_databases(args.db)

    rates: dict[tuple[str, str], Throughput] = {}
    delays: dict[str, list[float]] = {}
    taps: list[float] = []
    for name, scratch in backends:
        with scratch as (url, data_dir):
            bootstrap(url, data_dir).dispose()
            for mix in MIXES:
                rates[name, mix] = throughput(url, data_dir, args.processes,
                                              args.tickets_per_process, mix)
            if name == "SQLite file":
                db = Database(url)
                taps = tap_to_ticket_ms(db, args.taps)
                db.dispose()
            delays[name] = call_to_display_s(url, args.calls)

    print(f"machine: {os.cpu_count()} CPUs, shared by the kiosk processes and the database")
    print(f"(a) issue throughput, {args.processes} processes x {args.tickets_per_process} "
          f"tickets at once (goal on PostgreSQL: >= {THROUGHPUT_GOAL} tickets/s)")
    for (name, mix), rate in rates.items():
        goal = (f"  goal >= {THROUGHPUT_GOAL}/s: {verdict(rate.per_second >= THROUGHPUT_GOAL)}"
                if name == "PostgreSQL" else "")
        print(f"    {name:<12} {MIXES[mix]:<32} {rate.per_second:6.0f} tickets/s "
              f"({rate.tickets} tickets in {rate.seconds:.2f} s){goal}")
    p99 = percentile(taps, 0.99)
    print(f"(b) tap to committed ticket, one SQLite kiosk, {len(taps)} calls: "
          f"median {statistics.median(taps):.1f} ms, p99 {p99:.1f} ms, max {max(taps):.1f} ms"
          f"  goal p99 < {TAP_P99_GOAL_MS} ms: {verdict(p99 < TAP_P99_GOAL_MS)}")
    print(f"(c) call to display, display polling every {POLL_S * 1000:.0f} ms, "
          f"{args.calls} calls at random intervals (goal < {DISPLAY_GOAL_S:.0f} s)")
    for name, values in delays.items():
        print(f"    {name:<12} median {statistics.median(values) * 1000:6.0f} ms, "
              f"max {max(values) * 1000:6.0f} ms  goal < {DISPLAY_GOAL_S:.0f} s: "
              f"{verdict(max(values) < DISPLAY_GOAL_S)}")


if __name__ == "__main__":
    main()
