"""The bar on top of every role's window: title, office, network/sync state, clock, language.

GUI thread only. The state text comes from `signals.terminal_status`; the clock
ticks locally. A 3-second press on the clock asks for the admin unlock pad
(used by the kiosk, harmless elsewhere).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from kiosk.clock import local, utc_now
from kiosk.services.terminal_status import TerminalStatus
from ui.i18n import current_language, languages
from ui.signals import signals
from ui.widgets.live_language import Retranslating

HOLD_TO_UNLOCK_MS = 3000


class ClockLabel(QLabel):
    """Shows local date and time; a long press emits `held`."""

    held = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clock")
        self._hold = QTimer(self, singleShot=True, interval=HOLD_TO_UNLOCK_MS)
        self._hold.timeout.connect(self.held)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self.refresh)
        self._tick.start()
        self.refresh()

    def weekday(self, index: int) -> str:
        names = (self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"),
                 self.tr("Thursday"), self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday"))
        return names[index]

    def refresh(self) -> None:
        now = local(utc_now())
        self.setText(f"{self.weekday(now.weekday())}\n{now:%d/%m/%Y  %H:%M}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._hold.start()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._hold.stop()
        super().mouseReleaseEvent(event)


class HeaderBar(Retranslating, QWidget):
    """Title, office, network/sync state, clock and language switch of every window."""

    unlock_requested = Signal()

    def __init__(self, role_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._role_title = role_title  # marked with QT_TRANSLATE_NOOP("RoleTitle", ...)
        self._status: TerminalStatus | None = None
        self.office_name = ""

        self.title = QLabel(objectName="title")
        self.office = QLabel(objectName="office")
        for label in (self.title, self.office):  # shrink (clipped) before the window grows
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(120)
            label.setWordWrap(True)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.office)

        self.state = QLabel(objectName="syncState")
        self.state.setWordWrap(True)
        self.state.setMinimumWidth(220)
        self.state.setMaximumWidth(340)
        self.state.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.clock = ClockLabel()
        self.clock.held.connect(self.unlock_requested)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.lang_vi = QPushButton("Tiếng Việt", objectName="langVi", checkable=True)
        self.lang_en = QPushButton("English", objectName="langEn", checkable=True)
        self.lang_vi.clicked.connect(lambda: languages().switch("vi"))
        self.lang_en.clicked.connect(lambda: languages().switch("en"))

        row = QHBoxLayout(self)
        row.setContentsMargins(20, 10, 20, 10)
        row.setSpacing(18)
        row.addLayout(titles, 1)
        row.addWidget(self.state)
        row.addWidget(self.clock)
        row.addWidget(self.lang_vi)
        row.addWidget(self.lang_en)

        signals.terminal_status.connect(self.show_status)
        self.retranslate()

    def set_office(self, name: str) -> None:
        self.office_name = name
        self.office.setText(name)

    def show_status(self, status: TerminalStatus) -> None:
        self._status = status
        self._render_status()

    def _render_status(self) -> None:
        status = self._status
        if status is None:
            self.state.setText(self.tr("Starting…"))
            self.state.setProperty("level", "info")
        else:
            if not status.portal_configured:
                network = self.tr("Offline: portal not set up")
            elif status.online and status.last_success_at is not None:
                network = self.tr("Online: portal reached at %1").replace(
                    "%1", f"{local(status.last_success_at):%H:%M}")
            elif status.last_success_at is None:
                network = self.tr("Offline: portal not reached yet")
            else:
                network = self.tr("Offline: portal unreachable")
            waiting = self.tr("%n record(s) waiting to be sent", "", status.pending)
            lines = [network, waiting]
            if status.needs_staff:
                lines.append(self.tr("%n record(s) need staff attention", "", status.needs_staff))
            self.state.setText("\n".join(lines))
            self.state.setProperty("level", "ok" if status.online else "offline")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)

    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("RoleTitle", self._role_title))
        self.clock.refresh()
        self._render_status()
        lang = current_language()
        self.lang_vi.setChecked(lang == "vi")
        self.lang_en.setChecked(lang == "en")
