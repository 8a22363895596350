"""App-wide signals, declared in one place (GUI thread only)."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    language_changed = Signal(str)  # "vi" | "en"
    started = Signal(object)  # kiosk.bootstrap.Opened, once the database is ready
    terminal_status = Signal(object)  # kiosk.services.terminal_status.TerminalStatus
    user_message = Signal(str)  # a sentence for the status line, already translated


signals = AppSignals()
