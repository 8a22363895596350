"""The simulated portal's own database: what it accepted, its uploads and its status feed.

A real portal remembers what it accepted across its restarts, and the kiosk's
sync worker relies on that (a resend after a restart must get `duplicate`), so
the simulator keeps its state in an SQLite file rather than in memory. A batch
is decided and stored in one `BEGIN IMMEDIATE` transaction: SQLite runs one
writer at a time, so two batches carrying the same id (two threads, two
terminals) can never both be told `accepted`. Every result handed out is logged
(`result_log`) so tests can count acceptances per id.

Thread: any. Each call opens its own connection (the HTTP server runs one
thread per request, the status ticker another); nothing is shared but the file.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sync.simulator.validation import Item

SCHEMA_VERSION = 1
VN_OFFSET = timezone(timedelta(hours=7))  # Vietnam keeps no summer time
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS record (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    device_id TEXT NOT NULL,
    type TEXT NOT NULL,
    created_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    portal_ref TEXT NOT NULL UNIQUE,
    accepted_at TEXT NOT NULL,
    status TEXT NOT NULL,
    supplements INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS result_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_result_log_record ON result_log (record_id);
CREATE TABLE IF NOT EXISTS status_event (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    portal_ref TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_status_event_device ON status_event (device_id, seq);
CREATE TABLE IF NOT EXISTS ref_counter (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS attachment (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    body BLOB NOT NULL,
    received_at TEXT NOT NULL
);
"""

# What the portal tells the citizen at each step (shown by the kiosk's status lookup).
NOTES = {
    "received": "Hồ sơ đã được tiếp nhận",
    "processing": "Hồ sơ đang được xử lý",
    "needs_supplement": "Đề nghị bổ sung giấy tờ",
    "done": "Đã có kết quả giải quyết",
    "returned": "Đã trả kết quả cho công dân",
}


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Result:
    id: str
    status: str  # accepted | duplicate | conflict | rejected
    portal_ref: str | None = None
    errors: tuple[dict[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.portal_ref is not None:
            out["portal_ref"] = self.portal_ref
        if self.errors:
            out["errors"] = list(self.errors)
        return out


@dataclass(frozen=True)
class Update:
    seq: int
    id: str
    portal_ref: str
    status: str
    updated_at: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "portal_ref": self.portal_ref, "status": self.status,
                "updated_at": self.updated_at, "note": self.note}


class Store:
    def __init__(self, path: Path, unit_code: str = "G22.99") -> None:
        self.path = Path(path)
        self.unit_code = unit_code
        with self._read() as conn:
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that holds SQLite's write lock from its first statement."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    # -- records ---------------------------------------------------------------

    def store_batch(self, device_id: str, items: tuple[Item, ...], now: datetime) -> list[Result]:
        """Decide every item and store the accepted ones, all in one transaction."""
        at = rfc3339(now)
        with self._write() as conn:
            results = [self._decide(conn, device_id, item, now) for item in items]
            conn.executemany(
                "INSERT INTO result_log (record_id, device_id, status, at) VALUES (?, ?, ?, ?)",
                [(r.id, device_id, r.status, at) for r in results])
        return results

    def _decide(self, conn: sqlite3.Connection, device_id: str, item: Item,
                now: datetime) -> Result:
        if item.integrity:
            return Result(item.id, "rejected", errors=tuple(e.as_dict() for e in item.integrity))
        known = conn.execute("SELECT content_sha256, portal_ref FROM record WHERE id = ?",
                             (item.id,)).fetchone()
        if known is not None:
            return Result(item.id, "duplicate" if known[0] == item.content_sha256 else "conflict",
                          portal_ref=known[1])
        errors = [e.as_dict() for e in item.errors]
        for where, sha in item.attachments:
            if conn.execute("SELECT 1 FROM attachment WHERE sha256 = ?", (sha,)).fetchone() is None:
                errors.append({"field": where, "code": "missing_attachment",
                               "message": f"no attachment {sha} was uploaded"})
        if errors:
            return Result(item.id, "rejected", errors=tuple(errors))
        ref = self._next_ref(conn, now)
        conn.execute(
            "INSERT INTO record (id, device_id, type, created_at, payload, content_sha256,"
            " portal_ref, accepted_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'received')",
            (item.id, device_id, item.type, item.created_at, item.canonical, item.content_sha256,
             ref, rfc3339(now)))
        self._event(conn, item.id, device_id, ref, "received", now)
        return Result(item.id, "accepted", portal_ref=ref)

    def _next_ref(self, conn: sqlite3.Connection, now: datetime) -> str:
        """`<unit>-YYMMDD-NNNN`: the running number of the portal's day in Vietnam."""
        day = now.astimezone(VN_OFFSET).strftime("%y%m%d")
        (number,) = conn.execute(
            "INSERT INTO ref_counter (day, last) VALUES (?, 1)"
            " ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last", (day,)).fetchone()
        return f"{self.unit_code}-{day}-{number:04d}"

    def _event(self, conn: sqlite3.Connection, record_id: str, device_id: str, ref: str,
               status: str, now: datetime) -> None:
        conn.execute(
            "INSERT INTO status_event (record_id, device_id, portal_ref, status, note, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (record_id, device_id, ref, status, NOTES.get(status, ""), rfc3339(now)))

    # -- status progress -------------------------------------------------------

    def records_in_progress(self) -> list[tuple[str, str, int]]:
        """(id, status, supplements) of records not yet returned, oldest first."""
        with self._read() as conn:
            return conn.execute("SELECT id, status, supplements FROM record"
                                " WHERE status != 'returned' ORDER BY seq").fetchall()

    def move(self, changes: list[tuple[str, str]], now: datetime) -> int:
        """Set each (id, status) and add it to the feed, in one transaction."""
        with self._write() as conn:
            for record_id, status in changes:
                row = conn.execute("SELECT device_id, portal_ref FROM record WHERE id = ?",
                                   (record_id,)).fetchone()
                conn.execute(
                    "UPDATE record SET status = ?, supplements = supplements + ? WHERE id = ?",
                    (status, int(status == "needs_supplement"), record_id))
                self._event(conn, record_id, row[0], row[1], status, now)
        return len(changes)

    def updates(self, device_id: str, after: int, limit: int) -> list[Update]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT seq, record_id, portal_ref, status, updated_at, note FROM status_event"
                " WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (device_id, after, limit)).fetchall()
        return [Update(*row) for row in rows]

    # -- attachments -----------------------------------------------------------

    def put_attachment(self, sha256: str, body: bytes, now: datetime) -> bool:
        """True if stored now, False if it was already there."""
        with self._write() as conn:
            cursor = conn.execute("INSERT OR IGNORE INTO attachment VALUES (?, ?, ?, ?)",
                                  (sha256, len(body), body, rfc3339(now)))
            return cursor.rowcount == 1

    def has_attachment(self, sha256: str) -> bool:
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM attachment WHERE sha256 = ?",
                                (sha256,)).fetchone() is not None

    # -- for tests -------------------------------------------------------------

    def accepted_ids(self) -> set[str]:
        with self._read() as conn:
            return {row[0] for row in conn.execute("SELECT id FROM record")}

    def count_by_id(self) -> dict[str, int]:
        """How many times each id was answered `accepted` (a correct portal: never over 1)."""
        with self._read() as conn:
            return dict(conn.execute("SELECT record_id, count(*) FROM result_log"
                                     " WHERE status = 'accepted' GROUP BY record_id"))

    def record(self, record_id: str) -> dict[str, Any] | None:
        with self._read() as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM record WHERE id = ?", (record_id,)).fetchone()
        return dict(row) if row is not None else None
