"""Printer backends, chosen by the target string in settings, and the faults they raise.

Targets: `dummy`, `file:PATH`, `usb:VID:PID`, `net:HOST[:PORT]`, `serial:DEVICE[:BAUD]`
(ESC/POS through python-escpos), `pdf:FOLDER` (PDF files), `system[:NAME]` (A4 through
Qt: registered by the app, which owns Qt). An ESC/POS job is rendered to bytes
first and sent in one write, so a fault while rendering never sends half a
ticket. Runs on a printing pool thread or in the CLI; never on the GUI thread.
"""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from printers.layout import Layout

log = logging.getLogger(__name__)
WRITE_TIMEOUT_S = 5  # a printer that stops answering fails the job instead of hanging it
NEEDS_A_PRINTER = ("ticket", "slip")  # only A4 falls back to PDF files when nothing is set


class PrinterFault(Exception):
    """The printer could not take the job; `code` says why, for staff: offline, out_of_paper,
    config, failed."""

    def __init__(self, code: str, message: str) -> None:
        message = " ".join(message.split())  # drivers' errors span lines; staff read one
        super().__init__(message)
        self.code = code
        self.message = message


class Backend(Protocol):
    description: str

    def print_layout(self, layout: Layout, job_ref: str) -> None: ...


@dataclass
class DummyBackend:
    """Keeps the bytes in memory (demos and tests); python-escpos's Dummy printer."""

    profile: str | None = "TM-T20II"
    vietnamese: str = "text"
    description: str = "dummy"
    outputs: list[bytes] = field(default_factory=list)

    def print_layout(self, layout: Layout, job_ref: str) -> None:
        from printers.escpos_render import escpos_bytes

        self.outputs.append(escpos_bytes(layout, profile=self.profile,
                                         vietnamese=self.vietnamese))


@dataclass
class EscposBackend:
    """A real ESC/POS printer: render to bytes, then open, check paper, send, close."""

    opener: Callable[[], object]  # -> escpos.escpos.Escpos, not yet opened
    profile: str | None
    vietnamese: str
    description: str
    can_read_status: bool = False

    def __post_init__(self) -> None:
        self._lock = threading.Lock()  # one job at a time per printer

    def print_layout(self, layout: Layout, job_ref: str) -> None:
        from printers.escpos_render import escpos_bytes

        try:
            data = escpos_bytes(layout, profile=self.profile, vietnamese=self.vietnamese)
        except KeyError as exc:
            raise PrinterFault("config", f"{self.description}: unknown printer profile "
                               f"{self.profile!r}") from exc
        with self._lock:
            self._send(data)

    def _send(self, data: bytes) -> None:
        from escpos.exceptions import Error as EscposError

        try:
            printer = self.opener()
            printer.open()  # type: ignore[attr-defined]
        except RuntimeError as exc:  # python-escpos: the USB or serial library is missing
            raise PrinterFault("config", f"{self.description}: {exc}") from None
        except (EscposError, OSError, ValueError) as exc:
            if type(exc).__name__ == "NoBackendError":  # pyusb without libusb
                raise PrinterFault("config", f"{self.description}: USB printing needs libusb "
                                   "(sudo apt-get install libusb-1.0-0)") from None
            raise PrinterFault("offline", f"{self.description}: not reachable ({exc})") from None
        try:
            if self.can_read_status:
                self._check_paper(printer)
            printer._raw(data)  # type: ignore[attr-defined]
        except PrinterFault:
            raise
        except (EscposError, OSError) as exc:
            raise PrinterFault("failed", f"{self.description}: printing stopped ({exc})") from None
        finally:
            try:
                printer.close()  # type: ignore[attr-defined]
            except Exception:  # noqa: BLE001 - closing a dead printer must not hide the fault
                log.debug("closing %s failed", self.description, exc_info=True)

    def _check_paper(self, printer: object) -> None:
        try:
            status = printer.paper_status()  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - many printers do not answer; print anyway
            return
        if status == 0:
            raise PrinterFault("out_of_paper", f"{self.description}: out of paper")


@dataclass
class PdfFolderBackend:
    """Writes each job as a PDF file: the A4 receipt where no printer is set, or a record."""

    folder: Path
    description: str = ""

    def __post_init__(self) -> None:
        self.description = self.description or f"pdf:{self.folder}"

    def print_layout(self, layout: Layout, job_ref: str) -> None:
        from printers.pdf_render import render_pdf_file

        safe = re.sub(r"[^0-9A-Za-z.-]+", "_", layout.title.encode("ascii", "ignore").decode())
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            render_pdf_file(layout, self.folder / f"{layout.kind}-{safe}-{job_ref[:8]}.pdf")
        except OSError as exc:
            raise PrinterFault("failed", f"{self.description}: cannot write ({exc})") from None


def _escpos(target: str, profile: str | None, vietnamese: str) -> EscposBackend:
    from escpos import printer as p

    scheme, _, rest = target.partition(":")
    parts = rest.split(":") if rest else []
    try:
        if scheme == "file":
            return EscposBackend(lambda: p.File(rest, profile=profile), profile, vietnamese, target)
        if scheme == "net":
            host, port = parts[0], int(parts[1]) if len(parts) > 1 else 9100
            return EscposBackend(lambda: p.Network(host, port, timeout=WRITE_TIMEOUT_S,
                                                   profile=profile),
                                 profile, vietnamese, target, can_read_status=True)
        if scheme == "usb":
            vid, pid = int(parts[0], 16), int(parts[1], 16)
            return EscposBackend(lambda: p.Usb(vid, pid, timeout=WRITE_TIMEOUT_S * 1000,
                                               profile=profile), profile, vietnamese,
                                 target, can_read_status=True)
        if scheme == "serial":
            device, baud = parts[0], int(parts[1]) if len(parts) > 1 else 9600
            return EscposBackend(lambda: p.Serial(device, baudrate=baud, timeout=WRITE_TIMEOUT_S,
                                                  profile=profile),
                                 profile, vietnamese, target, can_read_status=True)
    except (IndexError, ValueError):
        pass
    raise PrinterFault("config", f"Printer target {target!r} is not understood")


class PrinterRegistry:
    """Backends by printer use (ticket, slip, receipt), built from settings on first use."""

    def __init__(self, targets: dict[str, tuple[str, str | None, str]], default_folder: Path) -> None:
        self._targets = targets  # use -> (target, profile, vietnamese)
        self._default_folder = default_folder
        self._backends: dict[str, Backend] = {}
        self._schemes: dict[str, Callable[[str], Backend]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> PrinterRegistry:  # noqa: ANN001 - kiosk.settings.Settings
        from kiosk.settings import PRINTER_USES

        targets = {use: (settings[f"printer.{use}.target"], settings[f"printer.{use}.profile"]
                         or None, settings[f"printer.{use}.vietnamese"]) for use in PRINTER_USES}
        return cls(targets, settings.folder / "prints")

    def register_scheme(self, scheme: str, factory: Callable[[str], Backend]) -> None:
        """The app adds `system` (Qt's print support) here; the CLI does without."""
        self._schemes[scheme] = factory

    def set_backend(self, use: str, backend: Backend) -> None:
        with self._lock:
            self._backends[use] = backend

    def backend(self, use: str) -> Backend:
        with self._lock:
            if use not in self._backends:
                self._backends[use] = self._build(use)
            return self._backends[use]

    def _build(self, use: str) -> Backend:
        target, profile, vietnamese = self._targets.get(use, ("", None, "text"))
        scheme = target.partition(":")[0]
        if vietnamese not in ("text", "raster"):
            raise PrinterFault("config", f"printer.{use}.vietnamese must be text or raster")
        if not target:
            if use in NEEDS_A_PRINTER:
                raise PrinterFault("config", f"No {use} printer is set (printer.{use}.target)")
            return PdfFolderBackend(self._default_folder / use)
        if target == "dummy":
            return DummyBackend(profile, vietnamese)
        if scheme == "pdf":
            return PdfFolderBackend(Path(target[4:]))
        if scheme in self._schemes:
            return self._schemes[scheme](target)
        if scheme == "system":
            raise PrinterFault("config", "The system printer is reachable only from the app")
        return _escpos(target, profile, vietnamese)
