"""The youth volunteer's assisted mode: the kiosk's screens at a desk, marked as assisted.

An ordinary window (not locked down): the volunteer sits at a staffed desk.
GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.bootstrap import Opened
from kiosk.settings import Settings
from kiosk.services.office_setup import list_services
from ui.role_window import RoleWindow
from ui.runner import run_op
from ui.widgets.take_number import NumberFlow


class VolunteerWindow(RoleWindow):
    """The kiosk's board for a volunteer at a desk, marked as assisted."""

    ROLE = "volunteer"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Youth support desk")

    def build_body(self, body: QWidget) -> None:
        self.banner = QLabel(objectName="banner", alignment=Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.flow = NumberFlow("volunteer")
        self.board = self.flow.board
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.flow, 1)

    def apply_settings(self, settings: Settings) -> None:
        self.flow.service_minutes = settings["queue.default_service_minutes"]

    def on_started(self, opened: Opened) -> None:
        run_op(self, lambda db: list_services(db, active_only=True), self.board.set_services,
               self.op_failed)

    def retranslate_body(self) -> None:
        self.banner.setText(self.tr("Assisted mode: a volunteer is helping this citizen. "
                                    "Every step is recorded as help given."))
