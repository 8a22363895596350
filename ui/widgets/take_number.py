"""Taking a number by touch: normal or priority, then the ticket on screen with its QR.

Shared by the kiosk and the volunteer desk. GUI thread: the ticket is issued
on the DB worker (`run_op`), printed on the print pool; the screen shows the
ticket whether or not the printer works, for TICKET_SECONDS, then goes home.
"""
from __future__ import annotations

import io

import qrcode
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from kiosk.printables import TICKET_QR_PREFIX
from kiosk.queue_rules import PRIORITY_GROUPS
from kiosk.services.office_setup import ServiceInfo
from kiosk.services.issuing import issue_ticket
from kiosk.services.tickets import TicketInfo
from ui.error_text import user_message
from ui.i18n import current_language
from ui.print_pool import current_pool
from ui.runner import run_op
from ui.widgets.live_language import Retranslating
from ui.widgets.service_board import ServiceBoard

TICKET_SECONDS = 20


def qr_pixmap(payload: str, size: int) -> QPixmap:
    buffer = io.BytesIO()
    qrcode.make(payload, border=2).save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio)


class PriorityPage(Retranslating, QWidget):
    """Normal number, or priority for one of the groups (checked later by the officer)."""

    chosen = Signal(object)  # None for normal, else a PRIORITY_GROUPS key
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service: ServiceInfo | None = None
        self.title = QLabel(objectName="prompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.normal = QPushButton(objectName="tile")
        self.normal.clicked.connect(lambda: self.chosen.emit(None))
        self.groups_label = QLabel(objectName="hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.groups_label.setWordWrap(True)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.group_buttons: dict[str, QPushButton] = {}
        for index, group in enumerate(PRIORITY_GROUPS):
            button = QPushButton(objectName="priorityTile")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, g=group: self.chosen.emit(g))
            grid.addWidget(button, index // 3, index % 3)
            self.group_buttons[group] = button
        self.back_button = QPushButton(objectName="back")
        self.back_button.clicked.connect(self.back)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 20, 40, 20)
        column.setSpacing(16)
        column.addWidget(self.title)
        column.addWidget(self.normal)
        column.addWidget(self.groups_label)
        column.addLayout(grid)
        column.addStretch(1)
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def show_service(self, service: ServiceInfo) -> None:
        self.service = service
        self.retranslate()

    def group_name(self, group: str) -> str:
        return {"elderly": self.tr("Elderly (60 or older)"),
                "disabled": self.tr("Person with a disability"),
                "pregnant": self.tr("Pregnant woman"),
                "child_under_6": self.tr("With a child under 6"),
                "veteran": self.tr("Veteran or person of merit")}[group]

    def retranslate(self) -> None:
        name = self.service.name(current_language()) if self.service else ""
        self.title.setText(self.tr("%1: which number do you need?").replace("%1", name))
        self.normal.setText(self.tr("Normal number"))
        self.groups_label.setText(self.tr("Priority number, if you are (the officer will "
                                          "check):"))
        for group, button in self.group_buttons.items():
            button.setText(self.group_name(group))
        self.back_button.setText(self.tr("‹ Back"))


class TicketPage(Retranslating, QWidget):
    """The number just taken, big, with its QR, the people ahead and the expected wait."""

    finished = Signal()
    fill_dossier = Signal(object)  # the TicketInfo: fill in the dossier while waiting

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticket: TicketInfo | None = None
        self.heading = QLabel(objectName="prompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(objectName="ticketNumber", alignment=Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel(objectName="ticketDetails", alignment=Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        self.qr = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.ok = QPushButton(objectName="tile")
        self.ok.clicked.connect(self.finished)
        self.dossier = QPushButton(objectName="tile")
        self.dossier.clicked.connect(self._fill_dossier)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 10, 40, 20)
        for widget in (self.heading, self.label, self.details, self.qr):
            column.addWidget(widget)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dossier)
        buttons.addWidget(self.ok)
        column.addLayout(buttons)
        self.timer = QTimer(self, singleShot=True, interval=TICKET_SECONDS * 1000)
        self.timer.timeout.connect(self.finished)
        self.retranslate()

    def show_ticket(self, ticket: TicketInfo) -> None:
        self.ticket = ticket
        self.qr.setPixmap(qr_pixmap(TICKET_QR_PREFIX + str(ticket.id), 170))
        self.retranslate()
        self.timer.start()

    def _fill_dossier(self) -> None:
        self.timer.stop()
        if self.ticket is not None:
            self.fill_dossier.emit(self.ticket)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Your number"))
        self.ok.setText(self.tr("OK, thank you"))
        self.dossier.setText(self.tr("Fill in your dossier while you wait"))
        ticket = self.ticket
        if ticket is None:
            return
        self.label.setText(ticket.label)
        service = ticket.service_name_en if current_language() == "en" else ticket.service_name_vi
        lines = [service, self.tr("People ahead of you: %1").replace("%1", str(ticket.people_ahead))]
        if ticket.wait_minutes is not None:
            lines.append(self.tr("Expected wait: about %1 minutes").replace(
                "%1", str(ticket.wait_minutes)))
        lines.append(self.tr("Your ticket is being printed. Please wait until your number is "
                             "called."))
        self.details.setText("\n".join(lines))


def take_number(parent: QWidget, service: ServiceInfo, priority: str | None, source: str,
                minutes: float, shown, failed,  # noqa: ANN001 - callbacks
                assisted_by: int | None = None) -> None:
    """Issue on the DB worker, then print on the pool; `shown(ticket)` or `failed(text)`."""

    def issued(ticket: TicketInfo) -> None:
        if ticket.print_job_id is not None:
            current_pool().print_job(ticket.print_job_id)
        shown(ticket)

    terminal = current_pool().terminal
    run_op(parent, lambda db: issue_ticket(db, service.id, priority_group=priority, source=source,
                                           default_service_minutes=minutes, terminal=terminal,
                                           assisted_by=assisted_by),
           issued, lambda error: failed(user_message(error)))


class NumberFlow(QWidget):
    """Service board → normal or priority → the ticket; errors said plainly on the board."""

    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.service_minutes = 6.0
        self.assisted_by: int | None = None  # the volunteer signed in at the desk
        self.board = ServiceBoard()
        self.priority = PriorityPage()
        self.ticket = TicketPage()
        self.notice = QLabel(objectName="kioskNotice", alignment=Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.pages = QStackedWidget()
        for page in (self.board, self.priority, self.ticket):
            self.pages.addWidget(page)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.notice)
        column.addWidget(self.pages, 1)
        self.board.service_chosen.connect(self._service_chosen)
        self.priority.back.connect(self.home)
        self.priority.chosen.connect(self._priority_chosen)
        self.ticket.finished.connect(self.home)

    def home(self) -> None:
        self.ticket.timer.stop()
        self.board.show_groups()
        self.pages.setCurrentWidget(self.board)

    def _service_chosen(self, service: ServiceInfo) -> None:
        self.notice.hide()
        self.priority.show_service(service)
        self.pages.setCurrentWidget(self.priority)

    def _priority_chosen(self, group: str | None) -> None:
        service = self.priority.service
        assert service is not None
        for button in (self.priority.normal, *self.priority.group_buttons.values()):
            button.setEnabled(False)  # one tap, one ticket
        take_number(self, service, group, self.source, self.service_minutes,
                    self._shown, self._failed, self.assisted_by)

    def _enable(self) -> None:
        for button in (self.priority.normal, *self.priority.group_buttons.values()):
            button.setEnabled(True)

    def _shown(self, ticket: TicketInfo) -> None:
        self._enable()
        self.ticket.show_ticket(ticket)
        self.pages.setCurrentWidget(self.ticket)

    def _failed(self, text: str) -> None:
        self._enable()
        self.notice.setText(text)
        self.notice.show()
        self.home()
