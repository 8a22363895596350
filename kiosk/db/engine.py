"""The one session factory: engines for SQLite (embedded) and PostgreSQL (office LAN).

`Database.read()` and `Database.write()` are the only ways code gets a session.
On SQLite a write transaction starts with BEGIN IMMEDIATE, so two terminals
writing at once queue on the busy timeout instead of failing on a lock upgrade;
reads start deferred and never block writers (WAL). Sessions are not shared
across threads: in the app every session lives on the DB worker thread.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import UserError
from kiosk.private_files import private_file, private_folder, tighten

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
PING_AFTER_IDLE_S = 5.0
PG_CONNECT_TIMEOUT_S = 5  # a dead office server answers "unreachable" in seconds, not minutes
_IMMEDIATE = "kiosk_begin_immediate"


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:" and \
            not parsed.database.startswith("file:"):
        # for the app's user only: SQLite gives the -wal and -shm the file's mode
        path = Path(parsed.database)
        if not path.parent.exists():
            private_folder(path.parent)
        private_file(path)
        for extra in ("-wal", "-shm"):
            tighten(path.with_name(path.name + extra))
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")  # a power cut loses no committed ticket
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _ping_after_idle(engine: Engine) -> None:
    """Check a pooled PostgreSQL connection before use only when it has been idle for
    PING_AFTER_IDLE_S: the office server may have restarted, or the LAN dropped it,
    during a quiet spell, and then the pool quietly opens a new one. A busy kiosk
    skips the extra round trip (pool_pre_ping would pay it on every transaction); a
    connection that dies mid-rush fails that one operation, the pool is invalidated,
    and the next one reconnects."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return
        try:
            cursor = dbapi_conn.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_conn.rollback()
        except Exception as exc:  # noqa: BLE001 - any failure: this connection is gone
            log.info("pooled connection lost while idle (%s); reconnecting", type(exc).__name__)
            raise DisconnectionError() from exc


def make_engine(url: str, **kwargs: Any) -> Engine:
    # a failed statement's message then names no values: citizens' data stays out of logs
    kwargs.setdefault("hide_parameters", True)
    try:
        backend = make_url(url).get_backend_name()
    except Exception:
        raise UserError("bad_db_url", f"Not a database URL: {url!r}") from None
    if backend == "sqlite":
        return _sqlite_engine(url, **kwargs)
    if backend == "postgresql":
        if make_url(url).drivername == "postgresql":
            url = str(make_url(url).set(drivername="postgresql+psycopg"))
        connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _ping_after_idle(engine)
        return engine
    raise UserError("bad_db_url", f"Unsupported database {backend!r}: use sqlite or postgresql")


class Database:
    """An engine and its sessions. One per process (per URL)."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; closed at the end, its transaction rolled back.

        Objects loaded in it stay readable afterwards (closing detaches them
        without expiring what was loaded).
        """
        with self._factory() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on any error."""
        with self._factory() as session:
            if self.dialect == "sqlite":
                session.connection(execution_options={_IMMEDIATE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def immediate_connection(self) -> Connection:
        """A connection whose transactions take the write lock at BEGIN on SQLite."""
        conn = self.engine.connect()
        return conn.execution_options(**{_IMMEDIATE: True}) if self.dialect == "sqlite" else conn

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Only one process at a time runs the block (first start, migrations).

        PostgreSQL: a session advisory lock on a connection of its own. SQLite needs
        none: every write there begins IMMEDIATE, so check-then-insert inside one
        `write()` is already serialised across processes.
        """
        if self.dialect != "postgresql":
            yield
            return
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(hashtext(:n))"), {"n": name})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(hashtext(:n))"), {"n": name})
                conn.commit()

    def dispose(self) -> None:
        self.engine.dispose()
