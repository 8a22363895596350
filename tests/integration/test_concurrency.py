"""Several terminals at once: writes that queue instead of failing, one first start."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from kiosk.db.engine import Database
from kiosk.models import Office, Procedure, SequenceCounter, StaffUser
from kiosk.services.numbering import next_value

ROOT = Path(__file__).resolve().parents[2]


def test_read_then_write_transactions_from_many_threads_all_succeed(db: Database) -> None:
    """Each transaction reads before it writes: on SQLite only BEGIN IMMEDIATE keeps the
    second writer waiting instead of failing with "database is locked"."""
    day = date(2026, 11, 27)
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        engine_db = Database(db.url)
        try:
            for _ in range(40):
                with engine_db.write() as s:
                    s.scalar(select(func.count()).select_from(SequenceCounter))
                    value = next_value(s, "ticket:test", day)
                with lock:
                    taken.append(value)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            engine_db.dispose()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sorted(taken) == list(range(1, 241))  # no duplicate, no gap


def test_terminals_starting_together_on_a_new_database(empty_db_url: str, data_dir: Path):
    env = dict(os.environ, KIOSK_DB_URL=empty_db_url, KIOSK_DATA_DIR=str(data_dir))
    procs = [subprocess.Popen([sys.executable, "-m", "kiosk", "service", "list"], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err for _, err in results]
    assert all(out.splitlines()[0].startswith('{"code": "ho-tich"') for out, _ in results)
    db = Database(empty_db_url)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Office)) == 1
        assert s.scalar(select(func.count()).select_from(StaffUser)) == 1
        assert s.scalar(select(func.count()).select_from(Procedure)) == 502
    db.dispose()
