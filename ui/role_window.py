"""The main window every role shares: header on top, the role's body, a status line.

Subclasses give a title (marked for translation), build their body, and load
their data with `run_op` once the database is ready (`on_started`). GUI thread.
"""
from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from kiosk.bootstrap import Opened
from kiosk.errors import UserError
from kiosk.settings import Settings
from ui.error_text import user_message
from kiosk.services.terminal_status import terminal_status
from ui.runner import Poll
from ui.signals import signals
from ui.widgets.header import HeaderBar
from ui.widgets.live_language import Retranslating

log = logging.getLogger(__name__)

STATUS_POLL_MS = 5000


class RoleWindow(Retranslating, QMainWindow):
    ROLE = ""
    TITLE = ""  # QT_TRANSLATE_NOOP("RoleTitle", ...)

    def __init__(self, portal_configured: bool) -> None:
        super().__init__()
        self.setObjectName(f"{self.ROLE}Window")
        self.setProperty("touch", self.ROLE in ("kiosk", "volunteer", "display"))
        self.opened: Opened | None = None
        self.header = HeaderBar(self.TITLE)
        self.body = QWidget(objectName="body")
        self.message = QLabel(objectName="statusLine")
        self.message.setWordWrap(True)
        self.message.hide()

        central = QWidget(objectName="central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.body, 1)
        column.addWidget(self.message)
        self.setCentralWidget(central)

        configured = portal_configured
        self.status_poll = Poll(self, STATUS_POLL_MS,
                                lambda db: terminal_status(db, configured),
                                signals.terminal_status.emit, self.op_failed)
        signals.started.connect(self._started)
        signals.user_message.connect(self.show_message)
        self.build_body(self.body)
        self.retranslate()

    # -- for subclasses -------------------------------------------------------------
    def build_body(self, body: QWidget) -> None:
        raise NotImplementedError

    def on_started(self, opened: Opened) -> None:
        """The database is ready: load what the screen shows."""

    def apply_settings(self, settings: Settings) -> None:
        """Take what this screen needs from the settings (called once at start)."""

    def retranslate_body(self) -> None:
        """Set every visible text of the body again (live language change)."""

    # -------------------------------------------------------------------------------
    def _started(self, opened: Opened) -> None:
        # Everything made during start-up (Qt wrappers, SQLAlchemy, the catalog) lives as
        # long as the process: freeze it, so the cyclic GC's full collections never walk it
        # again. Unfrozen, one full collection took ~75 ms on the office PCs, holding the
        # GIL: a visible stall of the GUI thread while the sync thread made objects.
        gc.freeze()
        self.opened = opened
        self.header.set_office(opened.office.name)
        self.status_poll.start()
        self.on_started(opened)

    def refresh_status(self) -> None:
        self.status_poll.run_now()

    def op_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            log.error("operation failed: %s", type(error).__name__, exc_info=error)
        self.show_message(user_message(error))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        title = QCoreApplication.translate("RoleTitle", self.TITLE)
        self.setWindowTitle(self.tr("One-stop shop") + " — " + title)
        self.retranslate_body()
