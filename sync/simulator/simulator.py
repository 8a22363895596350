"""The simulated portal as one object: configure, `start()`, test against, `stop()`.

Tests of the sync worker need a portal they can start in-process (fast, and
they can look inside: which ids were accepted and how often) or as a process
(`python -m sync.simulator`, which is this object plus argument parsing). The
configuration lives in one dataclass so both ways take the same options.

Thread: `start()` and `stop()` from any one thread; the server runs on a
"portal-http" thread (plus one per connection), the status feed on
"portal-status". The accessors for tests read the SQLite file and are safe
from any thread.
"""
from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from sync.simulator.faults import FaultPlan
from sync.simulator.portal import Portal
from sync.simulator.progress import StatusProgress
from sync.simulator.server import PortalServer
from sync.simulator.store import Store
from sync.simulator.tokens import Tokens
from sync.simulator.validation import load_procedure_codes

log = logging.getLogger(__name__)

OPENAPI_PATH = Path(__file__).with_name("openapi.yaml")


@dataclass(frozen=True)
class SimulatorConfig:
    host: str = "127.0.0.1"
    port: int = 0  # 0: any free port (see the URL `start()` returns)
    db_path: Path | None = None  # None: a temporary file, deleted by `stop()`
    fault_rate: float = 0.0  # share of requests answered 500/502/503/429 instead
    latency_ms: int = 0  # every answer waits this long plus up to half of it again
    drop_after_commit_rate: float = 0.0  # share of stored batches/uploads left unanswered
    token_ttl: float = 900.0  # seconds
    status_every: float = 10.0  # seconds between status steps; 0: only `advance_statuses()`
    seed: int = 0
    client_id: str = "kiosk-dev"
    client_secret: str = "kiosk-dev-secret"
    unit_code: str = "G22.99"  # the portal_ref prefix
    supplement_rate: float = 0.2  # share of records asked once for more papers
    retry_after_max: int = 2  # Retry-After of 429/503 is 1 to this many seconds
    clock_offset_s: float = 0.0  # the portal's clock runs ahead (or behind, < 0) by this
    catalog_path: Path | None = None  # procedure codes; None: the bundled catalog


class Simulator:
    def __init__(self, config: SimulatorConfig | None = None, *,
                 clock: Callable[[], float] = time.time, **options: Any) -> None:
        """`Simulator(port=0, fault_rate=0.1)` or `Simulator(SimulatorConfig(...))`.
        `clock` (epoch seconds) lets a test move time on without sleeping."""
        base = config or SimulatorConfig()
        self.config = replace(base, **options)
        self.clock = clock
        cfg = self.config
        self._temp_db: Path | None = None
        db_path = cfg.db_path
        if db_path is None:
            handle, name = tempfile.mkstemp(prefix="portal-sim-", suffix=".sqlite3")
            os.close(handle)
            db_path = self._temp_db = Path(name)
        self.db_path = Path(db_path)
        self.store = Store(self.db_path, cfg.unit_code)
        self.tokens = Tokens(cfg.client_id, cfg.client_secret, cfg.token_ttl, clock)
        self.faults = FaultPlan(fault_rate=cfg.fault_rate, latency_ms=cfg.latency_ms,
                                drop_after_commit_rate=cfg.drop_after_commit_rate,
                                retry_after_max=cfg.retry_after_max, seed=cfg.seed)
        self.portal = Portal(self.store, self.tokens, self.faults,
                             load_procedure_codes(cfg.catalog_path), self.now)
        self.progress = StatusProgress(self.store, seed=cfg.seed,
                                       supplement_rate=cfg.supplement_rate, now=self.now)
        self._server: PortalServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def now(self) -> datetime:
        """The portal's time (with its configured clock offset)."""
        return datetime.fromtimestamp(self.clock() + self.config.clock_offset_s, UTC)

    def start(self) -> str:
        """Listen and serve in the background; the base URL, e.g. http://127.0.0.1:8765."""
        if self._server is not None:
            return self.url
        server = PortalServer((self.config.host, self.config.port), self.portal, self.faults,
                              OPENAPI_PATH.read_bytes())
        self._server = server
        host, port = server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="portal-http", daemon=True)
        self._thread.start()
        self.progress.start(self.config.status_every)
        log.info("portal simulator at %s, database %s", self.url, self.db_path)
        return self.url

    def serve_forever(self) -> None:
        """Start and block until interrupted (the command line's way)."""
        self.start()
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(0.5)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop serving and cut open connections; the database stays (unless temporary)."""
        self.progress.stop()
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            server.close_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._temp_db is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self._temp_db}{suffix}").unlink(missing_ok=True)
            self._temp_db = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- hooks for tests -------------------------------------------------------

    def accepted_ids(self) -> set[str]:
        return self.store.accepted_ids()

    def count_by_id(self) -> dict[str, int]:
        """How many times each id was answered `accepted`; never over 1 if all is well."""
        return self.store.count_by_id()

    def revoke_tokens(self) -> int:
        """Expire every token now: the next request gets 401 and must re-authenticate."""
        return self.tokens.revoke_all()

    def advance_statuses(self) -> int:
        """One status step now, without waiting for --status-every; how many records moved."""
        return self.progress.step()

    def record(self, record_id: str) -> dict[str, Any] | None:
        return self.store.record(record_id)

    def fault_counts(self) -> dict[str, int]:
        return dict(self.faults.counts)
