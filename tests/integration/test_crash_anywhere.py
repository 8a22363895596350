"""Kill the kiosk at any moment (issue 8): nothing committed is lost, the database stays sound.

For each of four operations (taking a number, saving and receiving a dossier, printing,
sending to the portal) a child process (tests/crash_child.py) repeats it as fast as it
can and journals each commit after the commit returns, so every journal line is
something the database must hold. The test SIGKILLs it (a power cut, as far as the
process knows) KILLS times at seeded random moments 0.2-1.5 s after it is up, starting a
new one each time, then reopens the database as a restarted kiosk would and checks:

- the database is sound: SQLite `PRAGMA integrity_check` and `foreign_key_check`;
  PostgreSQL amcheck (every B-tree index against its table, and the heap), when the
  server has it; on both, the rows agree with each other (events, print jobs and
  outbox rows of existing records; numbers and dossier codes unique and gapless per
  day, their counters at the last one);
- nothing is locked: SQLite recovered the killed process's WAL and a write lock is
  free at once; no PostgreSQL backend of a killed process is left, no lock held;
- every journaled record is there as journaled, and whatever is there beyond the
  journal is at most one unjournaled commit per kill;
- the app goes on: one more ticket, one more draft (and printing, sending) work.

Works on SQLite and PostgreSQL (KIOSK_TEST_DB). Seeded: a failing run can be replayed.
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from kiosk.bootstrap import open_database
from kiosk.db.engine import Database
from kiosk.models import Dossier, Outbox, PrintJob, SequenceCounter, Service, Ticket, TicketEvent
from kiosk.services import delivery, dossiers, print_jobs
from kiosk.services.issuing import issue_ticket
from kiosk.services.seed_demo import seed_demo
from kiosk.settings import Settings
from printers.backends import PrinterRegistry
from printers.spooler import print_pending
from sync.simulator import Simulator
from tests import crash_child
from tests.crash_child import draft_answers, read_journal
from tests.sync.conftest import CLIENT

ROOT = Path(__file__).resolve().parents[2]
KILLS = 5
RUN_BEFORE_KILL_S = (0.2, 1.5)
SEED = 20261128
READY_TIMEOUT_S = 30.0  # a (re)started child is up by then
APP_NAME = "crash_child"  # PostgreSQL application_name of the children's connections
GO_ON_S = 5.0  # one more operation after the crashes takes less (a lock would wait 10 s)
OUTBOX = 600  # records waiting for the portal in the sync test
SYNC_FINISH_S = 60.0

pytestmark = pytest.mark.slow
Restart = Callable[[], Database]


# -- running and killing the child ------------------------------------------------------

def child_env(db_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    url = make_url(db_url)
    if url.get_backend_name() == "postgresql":  # to find its backends after a kill
        db_url = url.update_query_dict({"application_name": APP_NAME}) \
            .render_as_string(hide_password=False)
    return dict(os.environ, KIOSK_DB_URL=db_url, KIOSK_DATA_DIR=str(data_dir), **extra)


def start_child(operation: str, journal: Path, env: dict[str, str],
                log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as err:
        return subprocess.Popen([sys.executable, "-m", "tests.crash_child", operation,
                                 str(journal)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=err)


def wait_ready(child: subprocess.Popen[bytes], journal: Path, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while ["READY", str(child.pid)] not in read_journal(journal):
        assert child.poll() is None, f"the child exited ({child.returncode}):\n" \
                                     f"{log.read_text(errors='replace')[-3000:]}"
        assert time.monotonic() < deadline, f"the child was not up in {READY_TIMEOUT_S} s"
        time.sleep(0.02)


class Run(NamedTuple):
    seconds: float  # how long it worked before it was killed
    commits: int  # how many commits it journaled


def crash_repeatedly(db: Database, operation: str, env: dict[str, str], folder: Path,
                     kills: int = KILLS) -> tuple[Path, list[Run]]:
    """Start the child, let it work, SIGKILL it; `kills` times. The journal and the runs.
    The test's own connections are closed first, so that on SQLite the next open is a
    real recovery of the WAL the last killed process left behind."""
    db.dispose()
    rng = random.Random(f"{SEED}:{operation}")
    journal = folder / f"{operation}.journal"
    runs: list[Run] = []
    for round_ in range(kills):
        log = folder / f"{operation}-{round_}.err"
        before = len(read_journal(journal))
        child = start_child(operation, journal, env, log)
        try:
            wait_ready(child, journal, log)
            seconds = rng.uniform(*RUN_BEFORE_KILL_S)
            time.sleep(seconds)
            assert child.poll() is None, f"the child exited early:\n" \
                                         f"{log.read_text(errors='replace')[-3000:]}"
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=20)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=20)
        assert child.returncode == -signal.SIGKILL
        runs.append(Run(seconds, len(read_journal(journal)) - before - 1))  # less READY
    return journal, runs


def assert_each_restart_worked(runs: list[Run]) -> None:
    """A restarted kiosk goes on where the killed one stopped: each run given half a
    second committed something (a shorter one may be killed in its first operation)."""
    assert all(run.commits for run in runs if run.seconds >= 0.5), runs


def lines_of(journal: Path, kind: str) -> list[list[str]]:
    return [line[1:] for line in read_journal(journal) if line[0] == kind]


def summary(runs: list[Run]) -> str:
    """For the output (pytest -s, or a failure): (seconds, commits) of each killed run."""
    return str([(round(run.seconds, 2), run.commits) for run in runs])


# -- after the crash: sound, unlocked, consistent ---------------------------------------

@pytest.fixture
def restarted(db_url: str, settings: Settings) -> Iterator[Restart]:
    """After the crashes: checks, before anything else touches it, that the database is
    unlocked and sound (plain SQL), then opens it as the next start of the kiosk does
    (kiosk.bootstrap) and checks the rows agree."""
    opened: list[Database] = []

    def restart() -> Database:
        raw = Database(db_url)
        opened.append(raw)
        assert_unlocked(raw)
        assert_sound(raw)
        raw.dispose()
        db = open_database(settings).db
        opened.append(db)
        assert_consistent(db)
        return db

    yield restart
    for db in opened:
        db.dispose()


def assert_unlocked(db: Database) -> None:
    """No killed process holds anything: the write lock, rows, tables are free now."""
    if db.dialect == "sqlite":
        path = make_url(db.url).database
        assert Path(f"{path}-wal").stat().st_size > 0, "no WAL left: nothing to recover"
        conn = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")  # fails at once if anybody holds the write lock
            conn.execute("ROLLBACK")
        finally:
            conn.close()
        return
    with db.engine.connect() as conn:
        deadline = time.monotonic() + 10
        while left := conn.execute(text(
                "SELECT pid, state FROM pg_stat_activity WHERE datname = current_database()"
                " AND application_name = :app"), {"app": APP_NAME}).all():
            assert time.monotonic() < deadline, f"backends of killed children remain: {left}"
            time.sleep(0.1)
        held = conn.execute(text(  # autovacuum may come by: it is no client, and yields
            "SELECT a.pid, a.application_name, a.state, l.locktype, l.mode FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.datname = current_database()"
            " AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()")).all()
        assert held == [], f"locks held after the crash: {held}"
        assert conn.scalar(text("SELECT count(*) FROM pg_prepared_xacts")) == 0
        conn.execute(text("SET LOCAL lock_timeout = '5s'"))  # what the children wrote
        conn.execute(text("LOCK TABLE ticket, ticket_event, sequence_counter, dossier, "
                          "print_job, outbox, sync_state IN ACCESS EXCLUSIVE MODE"))
        conn.rollback()


def assert_sound(db: Database) -> None:
    """The storage itself: SQLite's own checks; PostgreSQL's amcheck when installed."""
    if db.dialect == "sqlite":
        with db.read() as s:
            assert s.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
        return
    with db.engine.connect() as conn:
        if not conn.scalar(text("SELECT count(*) FROM pg_available_extensions"
                                " WHERE name = 'amcheck'")):
            warnings.warn("amcheck is not installed on this PostgreSQL: indexes and heap "
                          "not verified (the consistency checks still ran)", stacklevel=2)
            return
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
        indexes = conn.execute(text(
            "SELECT c.oid, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE am.amname = 'btree' AND n.nspname = 'public'")).all()
        assert len(indexes) > 10
        for oid, name in indexes:  # raises on a corrupt index or a row missing from it
            conn.execute(text("SELECT bt_index_check(:oid, true)"), {"oid": oid})
        tables = conn.execute(text("SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n"
                                   " ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
                                   " AND n.nspname = 'public'")).all()
        for oid, name in tables:
            problems = conn.execute(text("SELECT * FROM verify_heapam(:oid)"),
                                    {"oid": oid}).all()
            assert problems == [], f"{name}: {problems[:5]}"
        conn.commit()


def assert_consistent(db: Database) -> None:
    """The rows agree with one another, on both backends (foreign keys aside, which the
    storage checks cover): what the crash tests could break if a commit were half done."""
    with db.read() as s:
        tickets = {t.id: t for t in s.scalars(select(Ticket))}
        events = s.execute(select(TicketEvent.ticket_id, TicketEvent.from_state,
                                  TicketEvent.to_state)).all()
        jobs = list(s.scalars(select(PrintJob)))
        counters = {(c.name, c.business_date): c.value for c in s.scalars(select(SequenceCounter))}
        received = s.execute(select(Dossier.id, Dossier.code, Dossier.received_at)
                             .where(Dossier.state == "received")).all()
        outbox = s.execute(select(Outbox.record_type, Outbox.record_id, Outbox.state,
                                   Outbox.portal_ref)).all()
        refs = dict(s.execute(select(Dossier.id, Dossier.portal_ref)).all())
    # tickets: each has its first event and its one ticket print job; numbers 1..N per day
    assert {e.ticket_id for e in events} == set(tickets), "events without a ticket, or back"
    first = Counter(e.ticket_id for e in events if e.from_state is None)
    assert set(first.values()) <= {1} and len(first) == len(tickets)
    ticket_jobs = Counter(j.subject_id for j in jobs if j.kind == "ticket")
    assert ticket_jobs == Counter(str(t) for t in tickets), "a ticket without its print job"
    numbers: dict[tuple[int, date], list[int]] = defaultdict(list)
    for t in tickets.values():
        numbers[(t.service_id, t.business_date)].append(t.number)
    for (service_id, day), taken in numbers.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), (service_id, day)
        assert counters[(f"ticket:{service_id}", day)] == len(taken), (service_id, day)
    # received dossiers: codes unique and gapless per day, each with one outbox row
    codes: dict[str, list[int]] = defaultdict(list)
    for row in received:
        prefix, _, number = row.code.rpartition("-")
        codes[prefix].append(int(number))
    for prefix, taken in codes.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), prefix
    assert sum(v for (name, _), v in counters.items() if name.startswith("dossier:")) \
        == len(received)
    carried = Counter(r.record_id for r in outbox)
    assert carried == Counter(r.id for r in received), "a received dossier not in the outbox"
    # jobs and rows in known states; what the portal confirmed is on the dossier too
    for job in jobs:
        assert job.state in ("pending", "printing", "done"), (job.id, job.state)
        assert (job.state == "done") == (job.printed_at is not None), job.id
        assert job.state != "printing" or job.claimed_at is not None, job.id
    for row in outbox:
        assert row.state in ("pending", "accepted", "duplicate"), row
        assert (row.state != "pending") == (row.portal_ref is not None), row
        assert row.record_type != "dossier" or refs[row.record_id] == row.portal_ref, row


def assert_goes_on(db: Database) -> None:
    """The next citizen: a number and a draft, at once."""
    started = time.monotonic()
    next_ = issue_ticket(db, "ho-tich", check_hours=False, source="cli")
    made = dossiers.start_draft(db, crash_child.PROCEDURE, source="kiosk")
    dossiers.save_draft(db, made.id, draft_answers(made.id, 1), step=crash_child.SAVES[0])
    assert dossiers.get_dossier(db, made.id).answers == draft_answers(made.id, 1)
    assert time.monotonic() - started < GO_ON_S
    with db.read() as s:  # the number follows the last one taken, whoever took it
        ticket = s.get(Ticket, next_.id)
        assert ticket is not None
        counter = s.get(SequenceCounter, (f"ticket:{ticket.service_id}", ticket.business_date))
        assert counter is not None and counter.value == ticket.number


# -- the four operations ----------------------------------------------------------------

def test_killed_while_taking_numbers(db: Database, restarted: Restart, db_url: str,
                                     data_dir: Path, tmp_path: Path) -> None:
    journal, runs = crash_repeatedly(db, "ticket", child_env(db_url, data_dir), tmp_path)
    assert_each_restart_worked(runs)
    db = restarted()
    with db.read() as s:
        codes = dict(s.execute(select(Service.id, Service.code)).all())
        found = {t.id: t for t in s.scalars(select(Ticket))}
        jobs = {j.id: j for j in s.scalars(select(PrintJob))}
    journaled = lines_of(journal, "TICKET")
    for ticket_id, service, day, number, label, job_id in journaled:
        ticket = found.get(uuid.UUID(ticket_id))
        assert ticket is not None, f"journaled ticket {label} ({ticket_id}) is gone"
        assert (codes[ticket.service_id], ticket.business_date.isoformat(), ticket.number,
                ticket.label) == (service, day, int(number), label)
        job = jobs.get(uuid.UUID(job_id))
        assert job is not None and job.subject_id == ticket_id and job.data["label"] == label
    # a number each kill may have committed without journaling it, no more
    assert 0 <= len(found) - len(journaled) <= KILLS
    print(f"tickets: runs {summary(runs)}, {len(found)} in the database")
    assert {codes[t.service_id] for t in found.values()} == set(crash_child.TICKET_SERVICES)
    assert_goes_on(db)


def test_killed_while_saving_and_receiving_dossiers(db: Database, restarted: Restart,
                                                     db_url: str, data_dir: Path,
                                                     tmp_path: Path) -> None:
    journal, runs = crash_repeatedly(db, "draft", child_env(db_url, data_dir), tmp_path)
    assert_each_restart_worked(runs)
    db = restarted()
    with db.read() as s:
        found = {d.id: d for d in s.scalars(select(Dossier))}
        receipts = dict(s.execute(select(PrintJob.subject_id, PrintJob.id)
                                  .where(PrintJob.kind == "receipt")).all())
        assert len(receipts) == sum(d.state == "received" for d in found.values())
    started = [uuid.UUID(line[0]) for line in lines_of(journal, "DRAFT")]
    saves: dict[uuid.UUID, list[tuple[int, str, str]]] = defaultdict(list)
    for dossier_id, save, step, sha in lines_of(journal, "SAVED"):
        saves[uuid.UUID(dossier_id)].append((int(save), step, sha))
    received = {uuid.UUID(d): (code, job) for d, code, job in lines_of(journal, "RECEIVED")}
    unjournaled = len(set(found) - set(started))  # started, killed before the line
    for dossier_id in started:
        dossier = found.get(dossier_id)
        assert dossier is not None, f"journaled draft {dossier_id} is gone"
        journaled = saves[dossier_id]
        last = journaled[-1][0] if journaled else 0
        if dossier_id in received:
            code, job = received[dossier_id]
            assert (dossier.state, dossier.code) == ("received", code)
            assert str(receipts[str(dossier_id)]) == job
        if dossier.state == "received":
            unjournaled += dossier_id not in received
            assert dossier.answers["request_text"] == \
                draft_answers(dossier_id, len(crash_child.SAVES))["request_text"]
            assert dossier.applicant_full_name == "Nguyễn Thị Hòa"
            saved = len(crash_child.SAVES)
        else:  # the last journaled save, or the one after it, committed as a whole
            assert dossier.state == "draft"
            saved = crash_child.save_number(dossier.answers)
            assert last <= saved <= last + 1, (dossier_id, last, saved)
            assert dossier.answers == draft_answers(dossier_id, saved)
            assert dossier.draft_step == (crash_child.SAVES[saved - 1] if saved else None)
            assert dossier.applicant_id_number == ("001303004567" if saved else None)
            if saved == last and journaled:
                assert crash_child.answers_sha(dossier.answers) == journaled[-1][2]
        unjournaled += saved - len({n for n, _, _ in journaled})  # saves without their line
    assert 0 <= unjournaled <= KILLS, unjournaled
    print(f"dossiers: runs {summary(runs)}, {len(found)} in the database, {len(received)} "
          f"received, {unjournaled} commits unjournaled")
    assert sum(d.state == "draft" for d in found.values()) <= KILLS + 1
    assert len(received) >= KILLS, "hardly any dossier got received"
    assert_goes_on(db)


def test_killed_while_printing(db: Database, restarted: Restart, db_url: str,
                               data_dir: Path, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    journal, runs = crash_repeatedly(db, "print", child_env(db_url, data_dir), tmp_path)
    assert_each_restart_worked(runs)
    db = restarted()
    folder = data_dir / crash_child.PRINTS
    pdfs = {p.name.rsplit("-", 1)[1][:8]: p for p in folder.glob("*.pdf")}
    with db.read() as s:
        jobs = {j.id: j for j in s.scalars(select(PrintJob)
                                           .where(PrintJob.terminal == crash_child.TERMINAL))}
    queued = [uuid.UUID(line[0]) for line in lines_of(journal, "QUEUED")]
    printed = [uuid.UUID(line[0]) for line in lines_of(journal, "PRINTED")]
    assert set(queued) <= set(jobs) and set(printed) <= set(jobs)
    assert len(printed) == len(set(printed)), "a job printed again once marked done"
    for job_id in printed:
        assert jobs[job_id].state == "done", f"printed job {job_id} is {jobs[job_id].state}"
    for job in jobs.values():
        pdf = pdfs.get(str(job.id)[:8])
        if job.state == "done":  # marked only after its paper came out, whole
            assert pdf is not None and pdf.read_bytes().startswith(b"%PDF"), job.id
            assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), job.id
        if job.attempts == 0:  # never claimed, never printed
            assert job.state == "pending" and pdf is None, job.id
    # killed between claiming and marking: still there, claimed, at most one per kill
    claimed = [j for j in jobs.values() if j.state == "printing"]
    assert len(claimed) <= KILLS
    print(f"printing: runs {summary(runs)}, {len(jobs)} jobs, {len(claimed)} claimed when "
          f"killed ({sum(str(j.id)[:8] in pdfs for j in claimed)} of them on paper)")
    assert len({j.id for j in jobs.values() if j.state == "done"} - set(printed)) <= KILLS
    # never lost: once the claim of the dead process has expired, everything prints
    monkeypatch.setattr(print_jobs, "CLAIM_TIMEOUT", timedelta(0))
    registry = PrinterRegistry({"ticket": (f"pdf:{folder}", None, "text")}, folder)
    extra = issue_ticket(db, crash_child.PRINT_SERVICE, check_hours=False, source="cli",
                         terminal=crash_child.TERMINAL)
    outcomes = print_pending(db, registry, "ticket", crash_child.TERMINAL)
    assert all(o.printed for o in outcomes) and extra.print_job_id in {o.job_id for o in outcomes}
    with db.read() as s:
        states = Counter(s.scalars(select(PrintJob.state)
                                   .where(PrintJob.terminal == crash_child.TERMINAL)))
    assert states == Counter(done=len(jobs) + 1)
    assert_goes_on(db)


def test_killed_while_sending_to_the_portal(db: Database, restarted: Restart, db_url: str,
                                            data_dir: Path, tmp_path: Path) -> None:
    seed_demo(db, OUTBOX, seed=SEED % 1000)
    (data_dir / "settings.toml").write_text("[sync]\nbackoff_max_seconds = 1\n",
                                            encoding="utf-8")
    with Simulator(db_path=tmp_path / "portal.sqlite3", fault_rate=0.15, retry_after_max=1,
                   drop_after_commit_rate=0.1, status_every=0, seed=SEED) as sim:
        env = child_env(db_url, data_dir, KIOSK_PORTAL_URL=sim.url,
                        KIOSK_PORTAL_CLIENT_ID=CLIENT["client_id"],
                        KIOSK_PORTAL_CLIENT_SECRET=CLIENT["client_secret"],
                        KIOSK_DEVICE_ID="kiosk-01", KIOSK_TERMINAL_ID="kiosk-01")
        journal, runs = crash_repeatedly(db, "sync", env, tmp_path)
        assert any(run.commits for run in runs), f"no killed worker got a batch through: {runs}"
        db = restarted()
        with db.read() as s:
            rows = {r.id: r for r in s.execute(select(Outbox.id, Outbox.state,
                                                      Outbox.portal_ref))}
        settled = lines_of(journal, "SETTLED")
        counts = sim.count_by_id()
        for row_id, state, ref in settled:  # what the kiosk recorded, both ends still hold
            row = rows[uuid.UUID(row_id)]
            assert (row.state, row.portal_ref) == (state, ref), row_id
            assert counts.get(row_id) == 1 and sim.record(row_id)["portal_ref"] == ref
        assert len(settled) == len({line[0] for line in settled}), "a row settled twice"
        # settled without their lines: at most the batch (100 items) each kill cut short
        assert sum(r.state != "pending" for r in rows.values()) - len(settled) <= KILLS * 100

        # the next start sends the rest, and a clean stop ends it
        log = tmp_path / "sync-last.err"
        child = start_child("sync", journal, env, log)
        try:
            wait_ready(child, journal, log)
            deadline = time.monotonic() + SYNC_FINISH_S
            while left := delivery.pending_count(db):
                assert child.poll() is None, log.read_text(errors="replace")[-3000:]
                assert time.monotonic() < deadline, f"{left} rows still unsent"
                time.sleep(0.2)
            child.send_signal(signal.SIGTERM)
            assert child.wait(timeout=30) == 0, log.read_text(errors="replace")[-3000:]
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=20)
        counts, faults = sim.count_by_id(), sim.fault_counts()
    with db.read() as s:
        final = dict(s.execute(select(Outbox.id, Outbox.state)).all())
    assert set(final.values()) <= {"accepted", "duplicate"}, Counter(final.values())
    assert set(counts) == {str(i) for i in final} and set(counts.values()) == {1}
    assert faults.get("drop", 0) > 0, faults  # the portal kept answers back: resends happened
    print(f"sync: runs {summary(runs)}, {dict(Counter(final.values()))}, faults {faults}")
    assert_consistent(db)
    assert_goes_on(db)
