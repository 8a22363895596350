"""The youth volunteer's assisted mode: the kiosk's screens at a desk, marked as assisted.

An ordinary window (not locked down): the volunteer sits at a staffed desk and signs
in, so every number taken and every dossier filled in here records who helped
(`assisted_by`). The dossier wizard is the kiosk's, with its on-screen keyboard
(the citizen may type), source "volunteer"; the account help is the kiosk's flow,
and after it the volunteer records its outcome. GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStackedWidget,
                               QVBoxLayout, QWidget)

from kiosk.bootstrap import Opened
from kiosk.services.office_setup import list_services
from kiosk.services.staff import StaffInfo
from kiosk.settings import Settings
from ui.account_help.flow import AccountHelpFlow
from ui.account_help.outcomes import OutcomePanel
from ui.counter.sign_in import SignInDialog
from ui.widgets.staff_session import IdleSignOut
from ui.role_window import RoleWindow
from ui.runner import run_op
from ui.widgets.take_number import NumberFlow
from ui.wizard.flow import DossierFlow


class VolunteerWindow(RoleWindow):
    """The kiosk's board and dossier wizard for a volunteer at a desk, marked as assisted."""

    ROLE = "volunteer"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Youth support desk")

    def build_body(self, body: QWidget) -> None:
        self.volunteer: StaffInfo | None = None
        self.idle_sign_out = IdleSignOut(self, 15, lambda: self.volunteer is not None,
                                         self.sign_out)
        self.banner = QLabel(objectName="banner", alignment=Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.sign_in = QPushButton(objectName="signInButton")
        self.sign_in.clicked.connect(self._sign_in_or_out)
        self.flow = NumberFlow("volunteer")
        self.board = self.flow.board
        self.fill = QPushButton(objectName="homeAction")
        self.fill.clicked.connect(lambda: self.start_dossier(None))
        self.account = QPushButton(objectName="homeAction")
        self.account.clicked.connect(self.start_account_help)
        self.outcomes_button = QPushButton(objectName="homeAction")
        self.outcomes_button.clicked.connect(self.show_outcomes)
        self.account_flow = AccountHelpFlow("volunteer")
        self.account_flow.closed.connect(self.show_outcomes_or_home)
        self.account_flow.error.connect(self.show_message)
        self.outcomes = OutcomePanel()
        self.outcomes.back.connect(self.go_home)
        self.dossier_flow = DossierFlow("volunteer")
        self.dossier_flow.closed.connect(self.go_home)
        self.dossier_flow.error.connect(self.show_message)
        self.flow.ticket.fill_dossier.connect(self.start_dossier)
        home = QWidget()
        home_column = QVBoxLayout(home)
        home_column.setContentsMargins(0, 0, 0, 0)
        home_column.addWidget(self.flow, 1)
        actions = QHBoxLayout()
        for button in (self.fill, self.account, self.outcomes_button):
            actions.addWidget(button)
        home_column.addLayout(actions)
        self.home_screen = home
        self.screens = QStackedWidget()
        for screen in (home, self.dossier_flow, self.account_flow, self.outcomes):
            screen.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.screens.addWidget(screen)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.sign_in)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.screens, 1)

    def apply_settings(self, settings: Settings) -> None:
        self.flow.service_minutes = settings["queue.default_service_minutes"]
        self.idle_sign_out.set_minutes(settings["staff.idle_sign_out_minutes"])
        self.account_flow.data_folder = settings.folder
        self.account_flow.terminal = settings["terminal.id"]

    def on_started(self, opened: Opened) -> None:
        run_op(self, lambda db: list_services(db, active_only=True), self.board.set_services,
               self.op_failed)

    def _sign_in_or_out(self) -> None:
        if self.volunteer is not None:
            self.sign_out()
            return
        dialog = SignInDialog(self, "volunteer")
        dialog.signed_in.connect(self._signed_in)
        dialog.open()

    def _signed_in(self, user: StaffInfo) -> None:
        self.volunteer = user
        self.flow.assisted_by = user.id
        self.idle_sign_out.restart()
        self.retranslate_body()

    def sign_out(self) -> None:
        """The volunteer leaves (or the desk stood idle): the citizen's screens are cleared."""
        if self.screens.currentWidget() is self.dossier_flow:
            self.dossier_flow.keep_and_close()  # the page being typed is kept
        self.account_flow.clear()
        self.volunteer = None
        self.flow.assisted_by = None
        self.go_home()
        self.retranslate_body()

    def start_dossier(self, ticket) -> None:  # noqa: ANN001 - a TicketInfo or None
        if self.volunteer is None:
            self.show_message(self.tr("Sign in first: the help you give is recorded."))
            return
        self.flow.home()
        self.dossier_flow.begin(ticket, assisted_by=self.volunteer.id)
        self.screens.setCurrentWidget(self.dossier_flow)

    def start_account_help(self) -> None:
        if self.volunteer is None:
            self.show_message(self.tr("Sign in first: the help you give is recorded."))
            return
        self.flow.home()
        self.account_flow.begin(assisted_by=self.volunteer.id)
        self.screens.setCurrentWidget(self.account_flow)

    def show_outcomes(self) -> None:
        if self.volunteer is None:
            self.show_message(self.tr("Sign in first: the help you give is recorded."))
            return
        self.outcomes.load(self.volunteer.id)
        self.screens.setCurrentWidget(self.outcomes)

    def show_outcomes_or_home(self) -> None:
        """After helping, the volunteer records how it went."""
        if self.volunteer is not None:
            self.show_outcomes()
        else:
            self.go_home()

    def go_home(self) -> None:
        self.flow.home()
        self.screens.setCurrentWidget(self.home_screen)

    def retranslate_body(self) -> None:
        if self.volunteer is None:
            self.banner.setText(self.tr("Assisted mode: a volunteer is helping this citizen. "
                                        "Sign in so that the help is recorded."))
            self.sign_in.setText(self.tr("Sign in"))
        else:
            self.banner.setText(self.tr("Assisted mode: %1 is helping this citizen. Every "
                                        "step is recorded as help given.")
                                .replace("%1", self.volunteer.full_name))
            self.sign_in.setText(self.tr("Sign out"))
        self.fill.setText(self.tr("Fill in a dossier"))
        self.account.setText(self.tr("Help with a portal account"))
        self.outcomes_button.setText(self.tr("Account help given today"))
