"""Moving accepted records through the portal's processing statuses, on a timer.

The kiosk shows citizens where their dossier is, from the portal's status feed,
so the simulator must produce one: every --status-every seconds each record not
yet returned moves one step, received → processing → done → returned, and from
processing a seeded random share first goes to needs_supplement (at most once
per record) and back to processing. Each step is an entry of the feed.

Thread: its own daemon thread ("portal-status"), started by the Simulator;
`step()` may also be called from any thread (tests do), one step at a time.
"""
from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from datetime import datetime

from sync.simulator.store import Store

log = logging.getLogger(__name__)

NEXT = {"received": "processing", "needs_supplement": "processing", "done": "returned"}


class StatusProgress:
    def __init__(self, store: Store, *, seed: int, supplement_rate: float,
                 now: Callable[[], datetime]) -> None:
        self.store = store
        self.supplement_rate = supplement_rate
        self._rng = random.Random(f"{seed}:status")
        self._now = now
        self._step_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> int:
        """Move every record in progress one status on; how many moved."""
        with self._step_lock:
            changes: list[tuple[str, str]] = []
            for record_id, status, supplements in self.store.records_in_progress():
                if status == "processing":
                    supplement = supplements == 0 and self._rng.random() < self.supplement_rate
                    changes.append((record_id, "needs_supplement" if supplement else "done"))
                elif status in NEXT:
                    changes.append((record_id, NEXT[status]))
            return self.store.move(changes, self._now()) if changes else 0

    def start(self, every_s: float) -> None:
        if every_s <= 0 or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(every_s,),
                                        name="portal-status", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self, every_s: float) -> None:
        while not self._stop.wait(every_s):
            try:
                self.step()
            except Exception:
                log.exception("status step failed")
