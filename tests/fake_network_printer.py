"""A network ESC/POS printer on loopback: a real TCP peer for the `net:` backend's tests.

It answers the paper-status query (DLE EOT 4) like an Epson printer and keeps
the bytes of each connection. Only what cannot run here (the printer's paper)
is simulated.
"""
from __future__ import annotations

import socket
import threading

PAPER_QUERY = b"\x10\x04\x04"
PAPER_OK, PAPER_OUT = b"\x12", b"\x72"


class FakeNetworkPrinter:
    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.paper = True
        self.jobs: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def target(self) -> str:
        return f"net:127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(2)
                received = b""
                while True:
                    try:
                        chunk = conn.recv(65536)
                    except (TimeoutError, OSError):
                        break
                    if not chunk:
                        break
                    if chunk.endswith(PAPER_QUERY):
                        conn.sendall(PAPER_OK if self.paper else PAPER_OUT)
                        chunk = chunk[: -len(PAPER_QUERY)]
                    received += chunk
                if received:
                    self.jobs.append(received)

    def close(self) -> None:
        self._stop.set()
        self.server.close()
        self._thread.join(2)
