"""The citizen's kiosk: full screen, frameless, left only with an admin PIN.

GUI thread. After `ui.kiosk_idle_seconds` without a touch it returns to the
first screen in Vietnamese, so the next visitor never sees the last one's
choices.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QT_TRANSLATE_NOOP
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from kiosk.bootstrap import Opened
from kiosk.settings import Settings
from kiosk.services.office_setup import list_services
from kiosk.services.staff import admin_pin_hashes
from ui.account_help.flow import AccountHelpFlow
from ui.i18n import languages
from ui.kiosk.status_lookup import StatusLookupPage
from ui.kiosk.unlock_pad import UnlockPad
from ui.role_window import RoleWindow
from ui.runner import run_op
from ui.widgets.take_number import NumberFlow
from ui.wizard.flow import DossierFlow

IDLE_WARNING_SECONDS = 20
ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class KioskWindow(RoleWindow):
    """The citizen's screen: service tiles, locked down, reset after idle."""

    ROLE = "kiosk"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Citizen kiosk")

    def __init__(self, portal_configured: bool, idle_seconds: int = 90) -> None:
        super().__init__(portal_configured)
        self.unlocked = False
        self.locked_down = True
        self.pin_hashes: tuple[str, ...] = ()
        self.header.unlock_requested.connect(self.ask_unlock)
        self.idle = QTimer(self, singleShot=True, interval=idle_seconds * 1000)
        self.idle.timeout.connect(self.warn_idle)
        self.last_call = QTimer(self, singleShot=True, interval=IDLE_WARNING_SECONDS * 1000)
        self.last_call.timeout.connect(self.reset_for_next_visitor)
        QApplication.instance().installEventFilter(self)

    def build_body(self, body: QWidget) -> None:
        self.flow = NumberFlow("kiosk")
        self.board = self.flow.board
        self.fill = QPushButton(objectName="homeAction")
        self.lookup_button = QPushButton(objectName="homeAction")
        self.account_button = QPushButton(objectName="homeAction")
        self.account_button.setProperty("action", "accountHelp")
        self.actions = QWidget()  # only under the service tiles: the ticket needs the room
        actions = QHBoxLayout(self.actions)
        actions.setContentsMargins(30, 0, 30, 10)
        actions.addWidget(self.fill)
        actions.addWidget(self.lookup_button)
        actions.addWidget(self.account_button)
        self.flow.pages.currentChanged.connect(
            lambda _i: self.actions.setVisible(self.flow.pages.currentWidget()
                                               is self.flow.board))
        home = QWidget()
        column = QVBoxLayout(home)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.flow, 1)
        column.addWidget(self.actions)
        self.dossier_flow = DossierFlow("kiosk")
        self.lookup = StatusLookupPage()
        self.account_flow = AccountHelpFlow("kiosk")
        self.idle_warning = QLabel(objectName="kioskNotice",
                                   alignment=Qt.AlignmentFlag.AlignCenter)
        self.idle_warning.setWordWrap(True)
        self.idle_warning.hide()
        self.screens = QStackedWidget()
        for screen in (home, self.dossier_flow, self.lookup, self.account_flow):
            # a hidden screen must not make the window taller than the kiosk's display
            screen.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.screens.addWidget(screen)
        self.home_screen = home
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.idle_warning)
        outer.addWidget(self.screens, 1)
        self.fill.clicked.connect(lambda: self.start_dossier(None))
        self.lookup_button.clicked.connect(self.start_lookup)
        self.account_button.clicked.connect(self.start_account_help)
        self.account_flow.closed.connect(self.go_home)
        self.account_flow.error.connect(self.show_message)
        self.flow.ticket.fill_dossier.connect(self.start_dossier)
        self.dossier_flow.closed.connect(self.go_home)
        self.dossier_flow.error.connect(self.show_message)
        self.lookup.back.connect(self.go_home)

    def start_dossier(self, ticket) -> None:  # noqa: ANN001 - a TicketInfo or None
        self.flow.home()
        self.dossier_flow.begin(ticket)
        self.screens.setCurrentWidget(self.dossier_flow)

    def start_account_help(self) -> None:
        self.flow.home()
        self.account_flow.begin()
        self.screens.setCurrentWidget(self.account_flow)

    def start_lookup(self) -> None:
        self.lookup.start()
        self.screens.setCurrentWidget(self.lookup)

    def go_home(self) -> None:
        self.flow.home()
        self.screens.setCurrentWidget(self.home_screen)

    def retranslate_body(self) -> None:
        self.fill.setText(self.tr("Fill in a dossier"))
        self.lookup_button.setText(self.tr("Look up my dossier"))
        self.account_button.setText(self.tr("Help with a portal account"))
        self.idle_warning.setText(self.tr("Are you still there? Touch the screen to go on. "
                                          "What you typed is kept."))

    def apply_settings(self, settings: Settings) -> None:
        self.flow.service_minutes = settings["queue.default_service_minutes"]
        self.account_flow.data_folder = settings.folder
        self.account_flow.terminal = settings["terminal.id"]

    def on_started(self, opened: Opened) -> None:
        run_op(self, lambda db: list_services(db, active_only=True), self.board.set_services,
               self.op_failed)
        self.load_pin_hashes()

    def load_pin_hashes(self) -> None:
        """Keep the admins' PIN hashes: the kiosk can be left while the server is down."""
        run_op(self, admin_pin_hashes, self._set_pin_hashes, lambda _error: None)

    def _set_pin_hashes(self, hashes: tuple[str, ...]) -> None:
        self.pin_hashes = hashes

    def lock_down(self) -> None:
        """Full screen, no frame, always on top: what a kiosk in the hall runs as."""
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint
                            | Qt.WindowType.WindowStaysOnTopHint | Qt.WindowType.Window)
        screen = self.screen() or QApplication.primaryScreen()
        self.setGeometry(screen.geometry())  # also right where no window manager obeys "full screen"
        self.showFullScreen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.idle.start()
            if self.last_call.isActive():
                self.last_call.stop()
                self.idle_warning.hide()
        return False

    def warn_idle(self) -> None:
        """Nobody touched the screen for a while: say so, then start over (the draft kept)."""
        if self.screens.currentWidget() is self.home_screen and \
                self.flow.pages.currentWidget() is self.flow.board:
            self.reset_for_next_visitor()
            return
        self.idle_warning.show()
        self.last_call.start()

    def reset_for_next_visitor(self) -> None:
        self.idle_warning.hide()
        if self.screens.currentWidget() is self.dossier_flow:
            self.dossier_flow.keep_and_close()
        self.account_flow.clear()  # answers and typed details leave the screen
        self.lookup.start()  # the code typed and the status found, too
        self.screens.setCurrentWidget(self.home_screen)
        self.flow.home()
        self.flow.notice.hide()
        self.show_message("")
        languages().switch("vi")

    def ask_unlock(self) -> None:
        if UnlockPad.refusing():
            self.show_message(self.tr("Too many wrong PINs. Wait a minute."))
            return
        pad = UnlockPad(self.pin_hashes, self)
        pad.accepted.connect(self._unlocked)
        pad.open()
        self.load_pin_hashes()  # a PIN changed since start counts from the next try

    def _unlocked(self) -> None:
        self.unlocked = True
        self.close()
        QCoreApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked_down and not self.unlocked:
            event.ignore()
            self.ask_unlock()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            return  # Escape leaves nothing on a kiosk
        super().keyPressEvent(event)
