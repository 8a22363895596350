"""Bearer tokens of the simulated portal: issued for a device, expiring, revocable.

The contract lets a token expire at any time (the client then fetches a new
one once and repeats the request), so tokens live only in memory: a restart of
the simulator, `revoke_all()` or the end of --token-ttl all make the client
re-authenticate, which is the path worth testing. A token names the device it
was issued to; the status feed is that device's.

Thread: any HTTP handler thread; the table is behind one lock.
"""
from __future__ import annotations

import hmac
import math
import secrets
import threading
from collections.abc import Callable


class Tokens:
    def __init__(self, client_id: str, client_secret: str, ttl_s: float,
                 clock: Callable[[], float]) -> None:
        if ttl_s <= 0:
            raise ValueError("the token lifetime must be positive")
        self._client_id = client_id.encode()
        self._client_secret = client_secret.encode()
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._live: dict[str, tuple[str, float]] = {}  # token -> (device_id, expires at)

    def credentials_ok(self, client_id: str, client_secret: str) -> bool:
        id_ok = hmac.compare_digest(client_id.encode(), self._client_id)
        secret_ok = hmac.compare_digest(client_secret.encode(), self._client_secret)
        return id_ok and secret_ok

    def issue(self, device_id: str) -> tuple[str, int]:
        """(token, expires_in seconds as the contract's integer, rounded up)."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._live = {t: v for t, v in self._live.items() if v[1] > now}
            self._live[token] = (device_id, now + self.ttl_s)
        return token, max(1, math.ceil(self.ttl_s))

    def device_for(self, authorization: str | None) -> str | None:
        """The device of a valid `Bearer <token>` header, or None (answer 401)."""
        if not authorization:
            return None
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self._lock:
            entry = self._live.get(token.strip())
        if entry is None or entry[1] <= self._clock():
            return None
        return entry[0]

    def revoke_all(self) -> int:
        """Expire every token now (a test hook: the portal rotated its keys)."""
        with self._lock:
            count = len(self._live)
            self._live.clear()
        return count
