"""Finding one dossier among a million.

`python -m bench.dossier_lookup [--db URL|none] [--dossiers 1000000] [--lookups 200]`

A year of an office's dossiers is seeded with `seed_demo` (each dossier with its
documents and pending outbox row; the seeding time is printed too), then one dossier
is looked up three ways, through the project's own functions in
kiosk/services/dossiers.py:

(a) `lookup_status(db, code)`: the kiosk's status lookup by dossier code (typed, or
    read from the receipt's QR).
(b) `search_dossiers(db, id_number)`: the counter's search by 12-digit citizen id.
(c) `search_dossiers(db, name)`: the counter's search by the start of a name, as an
    officer types it: the applicant's first two words, upper case, no accents
    ("NGUYEN THI"). A common start matches tens of thousands of dossiers, of which
    the newest 20 are shown.

Goal: each lookup under 50 ms with 1,000,000 dossiers. The targets are real seeded
dossiers drawn at random (seeded: the same codes on both databases); each kind runs
once per target, `--lookups` targets, after a warm-up on other targets; median, 95th
percentile and max are printed. For each kind the statement the function sent is
EXPLAINed (EXPLAIN QUERY PLAN on SQLite) and summed up in one line: the index used,
or a full scan. On PostgreSQL the database is VACUUM ANALYZEd after seeding, as
autovacuum does on a real server after a million inserts (autovacuum_vacuum_insert_
threshold; it also sets the visibility map, which lets a name search read the index
alone); the SQLite file gets no ANALYZE, as a kiosk's
does not. On PostgreSQL every call is planned with its values (a LIKE prefix can use
the index): psycopg would prepare a statement run 5 times, but it forgets its counts
on every ROLLBACK, which ends each of the project's read sessions.

The SQLite database is a temporary file; on PostgreSQL a scratch database
`kiosk_bench_<pid>` is created on the server of --db (default the test server,
postgresql://postgres@127.0.0.1:5432/test) and dropped at the end; `--db none`
skips PostgreSQL. Each is bootstrapped like a kiosk's first start (bench/queue.py).
"""
from __future__ import annotations

import argparse
import logging
import os
import random
import re
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select, text

from bench.queue import (
    PG_SERVER,
    bootstrap,
    percentile,
    scratch_databases,
    verdict,
)
from kiosk.db.engine import Database
from kiosk.models import Dossier
from kiosk.services.dossiers import _name_prefix, lookup_status, search_dossiers
from kiosk.services.seed_demo import seed_demo
from kiosk.textnorm import fold_for_search

GOAL_MS = 50
SEED = 2026  # the seeded year and the drawn targets
WARM_UP = 10  # lookups per kind before the timed ones, on other targets
KINDS = {
    "code": "lookup_status, dossier code",
    "id_number": "search_dossiers, 12-digit id",
    "name": "search_dossiers, name start",
}
EXPECTED_INDEX = {"code": "the unique index on code", "id_number": "ix_dossier_id_hash",
                  "name": "ix_dossier_name_folded"}
MATCH_BANDS = ((0, 1_000), (1_000, 10_000), (10_000, 30_000), (30_000, 10**9))
_SQLITE_INDEX = re.compile(r"USING (?:COVERING )?INDEX (\S+)")
_PG_INDEX = re.compile(r"Index (?:Only )?Scan (?:Backward )?using (\S+)|Bitmap Index Scan on (\S+)")


@dataclass(frozen=True)
class Target:
    code: str
    id_number: str
    full_name: str

    @property
    def typed_name(self) -> str:
        """What an officer types: the first two words, upper case, without accents."""
        return " ".join(fold_for_search(self.full_name).split()[:2]).upper()


@dataclass(frozen=True)
class Plan:
    summary: str  # the plan in one line
    indexes: tuple[str, ...]  # the indexes it reads on dossier
    full_scan: bool  # dossier (or a whole index of it) read from end to end


@dataclass
class Figures:
    seed_s: float = 0.0
    analyze_s: float | None = None
    times: dict[str, list[float]] | None = None
    plans: list[tuple[str, str, Plan]] | None = None  # (kind, what was looked up, plan)
    name_matches: list[int] | None = None  # per timed target, in order


# --- targets -----------------------------------------------------------------------------------

def pick_targets(db: Database, count: int, rng: random.Random) -> list[Target]:
    """`count` seeded dossiers drawn at random: all codes are read (an index scan), a
    sample taken, then their id numbers and names."""
    with db.read() as s:
        codes = list(s.scalars(select(Dossier.code).where(Dossier.code.is_not(None))
                               .order_by(Dossier.code)))
        if len(codes) < count:
            raise RuntimeError(f"only {len(codes)} dossiers for {count} targets")
        chosen = rng.sample(codes, count)
        rows = {code: (number, name) for code, number, name in s.execute(
            select(Dossier.code, Dossier.applicant_id_number, Dossier.applicant_full_name)
            .where(Dossier.code.in_(chosen)))}
    return [Target(code, *rows[code]) for code in chosen]


def lookup(db: Database, kind: str, target: Target) -> Callable[[], None]:
    """One lookup of `kind` for `target`, checking it found what it should: a lookup
    that finds nothing quickly would void the benchmark."""
    if kind == "code":
        def run() -> None:
            if lookup_status(db, target.code).code != target.code:
                raise RuntimeError(f"lookup_status did not find {target.code}")
    elif kind == "id_number":
        def run() -> None:
            if target.code not in {r.code for r in search_dossiers(db, target.id_number)}:
                raise RuntimeError(f"no {target.code} for id {target.id_number}")
    else:
        typed, folded = target.typed_name, target.typed_name.lower()

        def run() -> None:
            rows = search_dossiers(db, typed)
            if not rows or not all(fold_for_search(r.applicant_full_name).startswith(folded)
                                   for r in rows):
                raise RuntimeError(f"name search {typed!r} found the wrong dossiers")
    return run


def time_lookups(db: Database, kind: str, warm: list[Target],
                 timed: list[Target]) -> list[float]:
    for target in warm:
        lookup(db, kind, target)()
    times = []
    for target in timed:
        run = lookup(db, kind, target)
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def name_matches(db: Database, targets: list[Target]) -> list[int]:
    """How many dossiers each typed name start matches (the same predicate as the search)."""
    with db.read() as s:
        return [s.scalar(select(func.count()).select_from(Dossier).where(
            _name_prefix(s, fold_for_search(t.typed_name)))) or 0 for t in targets]


# --- plans -------------------------------------------------------------------------------------

@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """The statements (and their parameters) sent to the database inside the block."""
    sent: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
             _many: bool) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def explain(db: Database, statement: str, parameters: Any) -> Plan:
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        if db.dialect == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            steps = [row[3] for row in cursor.fetchall()]
            indexes = tuple(m.group(1) for step in steps
                            if step.startswith(("SEARCH dossier", "SCAN dossier"))
                            for m in [_SQLITE_INDEX.search(step)] if m)
            full = any(step.startswith("SCAN dossier") for step in steps)
        else:
            cursor.execute("EXPLAIN " + statement, parameters)
            lines = [row[0] for row in cursor.fetchall()]
            steps = [line.strip().removeprefix("->").split("  (cost")[0].strip()
                     for line in lines if "(cost" in line]
            indexes = tuple(m.group(1) or m.group(2) for step in steps
                            for m in [_PG_INDEX.search(step)] if m)
            full = any(step.startswith("Seq Scan on dossier") for step in steps)
        cursor.close()
        raw.rollback()
    finally:
        raw.close()
    return Plan(" > ".join(steps), indexes, full)


def plan_of(db: Database, kind: str, target: Target) -> Plan:
    with statements(db) as sent:
        lookup(db, kind, target)()
    query = next((stmt, params) for stmt, params in sent if "FROM dossier" in stmt)
    return explain(db, *query)


def reads_expected(kind: str, plan: Plan) -> bool:
    """The index meant for the kind: on code, the unique constraint's (uq_dossier_code on
    PostgreSQL, sqlite_autoindex_dossier_N on SQLite); else the one named."""
    if plan.full_scan:
        return False
    if kind == "code":
        return any(i == "uq_dossier_code" or i.startswith("sqlite_autoindex_dossier")
                   for i in plan.indexes)
    return EXPECTED_INDEX[kind] in plan.indexes


def plan_line(kind: str, plan: Plan) -> str:
    expected = EXPECTED_INDEX[kind]
    used = reads_expected(kind, plan)
    if plan.full_scan:
        what = "FULL SCAN"
    elif used:
        what = f"index {', '.join(plan.indexes)}"
    elif plan.indexes:
        what = f"NOT {expected}: {', '.join(plan.indexes)}"
    else:
        what = "NO INDEX"
    return f"{what}  [{plan.summary}]"


# --- one database ------------------------------------------------------------------------------

def measure(name: str, url: str, data_dir: Any, dossiers: int, lookups: int) -> Figures:
    figures = Figures()
    db = bootstrap(url, data_dir)
    print(f"{name}: seeding {dossiers:,} dossiers ...", flush=True)
    started = time.perf_counter()
    seed_demo(db, dossiers, SEED)
    figures.seed_s = time.perf_counter() - started
    if db.dialect == "postgresql":
        started = time.perf_counter()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE)"))
        figures.analyze_s = time.perf_counter() - started
    db.dispose()

    db = Database(url)  # a kiosk or counter process of its own
    try:
        targets = pick_targets(db, WARM_UP + lookups, random.Random(SEED))
        warm, timed = targets[:WARM_UP], targets[WARM_UP:]
        figures.times = {kind: time_lookups(db, kind, warm, timed) for kind in KINDS}
        figures.name_matches = name_matches(db, timed)
        by_matches = sorted(zip(figures.name_matches, range(len(timed))))
        figures.plans = [("code", timed[0].code, plan_of(db, "code", timed[0])),
                         ("id_number", timed[0].id_number, plan_of(db, "id_number", timed[0]))]
        for matches, i in (by_matches[-1], by_matches[0]):  # the broadest, the narrowest
            figures.plans.append(("name", f"{timed[i].typed_name!r} ({matches:,} matching)",
                                  plan_of(db, "name", timed[i])))
    finally:
        db.dispose()
    return figures


# --- main --------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description="One dossier among a million: lookup by "
                                     "code, by id number, by name start.")
    parser.add_argument("--db", default=PG_SERVER,
                        help="PostgreSQL server for the scratch database ('none' to skip)")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=200, help="timed lookups per kind")
    args = parser.parse_args()

    logging.basicConfig(level=logging.ERROR)  # not the scratch databases' first-admin notices
    backends = scratch_databases(args.db)

    results: dict[str, Figures] = {}
    for name, scratch in backends:
        with scratch as (url, data_dir):
            results[name] = measure(name, url, data_dir, args.dossiers, args.lookups)

    print(f"machine: {os.cpu_count()} CPUs, shared by the benchmark and the database")
    print(f"seeding {args.dossiers:,} dossiers with seed_demo (each with its documents and "
          f"outbox row, one transaction)")
    for name, f in results.items():
        analyze = f", then VACUUM ANALYZE {f.analyze_s:.1f} s" if f.analyze_s is not None else ""
        print(f"    {name:<12} {f.seed_s:7.1f} s ({args.dossiers / f.seed_s:,.0f} dossiers/s)"
              f"{analyze}")
    print(f"one dossier among {args.dossiers:,}: {args.lookups} random targets per kind "
          f"after {WARM_UP} warm-up lookups (goal: each < {GOAL_MS} ms)")
    for name, f in results.items():
        assert f.times is not None
        for kind, times in f.times.items():
            p95, worst = percentile(times, 0.95), max(times)
            note = "" if worst < GOAL_MS or p95 >= GOAL_MS else f" (p95 < {GOAL_MS} ms)"
            print(f"    {name:<12} {KINDS[kind]:<29} median {statistics.median(times):6.1f} ms, "
                  f"p95 {p95:6.1f} ms, max {worst:6.1f} ms  goal: {verdict(worst < GOAL_MS)}"
                  f"{note}")
        if f.name_matches:
            print(f"    {name:<12} name start, by how many dossiers it matches (the newest "
                  f"20 are returned; median {statistics.median(f.name_matches):,.0f}):")
            for low, high in MATCH_BANDS:
                band = [t for t, m in zip(f.times["name"], f.name_matches) if low <= m < high]
                label = f"{low:,} to {high - 1:,}" if high < 10**9 else f"{low:,} or more"
                if band:
                    print(f"    {'':<12}   {label:>17}: {len(band):3} lookups, "
                          f"median {statistics.median(band):6.1f} ms, max {max(band):6.1f} ms")
    print("plans (EXPLAIN of the statement each function sent; for the name start, the "
          "broadest and the narrowest one drawn)")
    for name, f in results.items():
        assert f.plans is not None
        for kind, what, plan in f.plans:
            print(f"    {name:<12} {kind:<9} {what}")
            print(f"    {'':<12} {'':<9} -> {plan_line(kind, plan)}")
    for name, f in results.items():
        assert f.plans is not None
        for kind, what, plan in f.plans:
            if not reads_expected(kind, plan):
                print(f"WARNING {name}: {KINDS[kind]} ({what}) does not read "
                      f"{EXPECTED_INDEX[kind]}: {plan.summary}")


if __name__ == "__main__":
    main()
