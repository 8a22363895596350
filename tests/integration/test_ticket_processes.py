"""Eight kiosks taking numbers at the same moment, each its own process, on the test database.

Each process opens the database the way a kiosk does (KIOSK_DB_URL, KIOSK_DATA_DIR),
waits for a start file so that all of them issue together, and prints the numbers it
got. Together they must hold exactly 1..480: no number twice, none skipped.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.db.engine import Database
from kiosk.models import SequenceCounter, Ticket, TicketEvent

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
PER_PROCESS = 60

KIOSK = """
import sys, time
from pathlib import Path
from kiosk.bootstrap import open_database
from kiosk.settings import load_settings
from kiosk.services.issuing import issue_ticket

db = open_database(load_settings(), first_start_data=False).db
go = Path(sys.argv[1])
print("ready", flush=True)
deadline = time.monotonic() + 60
while not go.exists():
    if time.monotonic() > deadline:
        sys.exit("no start signal")
    time.sleep(0.002)
for _ in range(int(sys.argv[2])):
    print(issue_ticket(db, "ho-tich", check_hours=False, source="cli").number, flush=True)
    time.sleep(0.001)  # a kiosk is never tapped twice in one millisecond; SQLite's lock
                       # is not fair, and a process that never pauses can keep retaking it
db.dispose()
"""


@pytest.mark.slow
def test_eight_kiosks_issuing_at_once_share_no_number(db_url: str, data_dir: Path,
                                                      tmp_path: Path) -> None:
    go = tmp_path / "go"
    env = dict(os.environ, KIOSK_DB_URL=db_url, KIOSK_DATA_DIR=str(data_dir))
    procs = [subprocess.Popen([sys.executable, "-c", KIOSK, str(go), str(PER_PROCESS)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
             for _ in range(PROCESSES)]
    try:
        for p in procs:  # every kiosk is up and connected before anybody takes a number
            assert p.stdout is not None
            assert p.stdout.readline().strip() == "ready", p.communicate(timeout=30)[1]
        started = time.monotonic()
        go.touch()
        results = [p.communicate(timeout=60) for p in procs]
        elapsed = time.monotonic() - started
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert [p.returncode for p in procs] == [0] * PROCESSES, [err for _, err in results]
    per_process = [[int(line) for line in out.split()] for out, _ in results]
    assert [len(numbers) for numbers in per_process] == [PER_PROCESS] * PROCESSES
    # each kiosk sees its own numbers rise; together they are 1..480 exactly
    assert all(numbers == sorted(numbers) for numbers in per_process)
    everything = sorted(n for numbers in per_process for n in numbers)
    assert everything == list(range(1, PROCESSES * PER_PROCESS + 1))
    # the processes really overlapped: no kiosk got all its numbers in one block
    assert sum(numbers != list(range(numbers[0], numbers[0] + PER_PROCESS))
               for numbers in per_process) >= 2, per_process

    db = Database(db_url)
    try:
        with db.read() as s:
            total = PROCESSES * PER_PROCESS
            assert s.scalar(select(func.count()).select_from(Ticket)) == total
            assert s.scalar(select(func.count(func.distinct(Ticket.label)))) == total
            assert s.scalar(select(func.count(func.distinct(Ticket.number)))) == total
            assert set(s.scalars(select(Ticket.state))) == {"waiting"}
            assert s.scalar(select(func.count()).select_from(TicketEvent)) == total
            assert list(s.scalars(select(SequenceCounter.value).where(
                SequenceCounter.name.like("ticket:%")))) == [total]
    finally:
        db.dispose()
    assert elapsed < 20, f"480 tickets took {elapsed:.1f} s"
