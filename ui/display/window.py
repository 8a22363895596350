"""The hall display: the number served at each counter, who is waiting, a scrolling notice.

A second screen, read-only. Polls the database through the DB worker (the
queue issue makes the calls appear within a second). GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout,
                               QWidget)

from kiosk.bootstrap import Opened
from kiosk.db.engine import Database
from kiosk.clock import business_date
from kiosk.services.office_setup import ServiceInfo, list_services
from kiosk.services.queue_board import CounterNow, counters_now, waiting_by_service
from ui.i18n import current_language
from ui.role_window import RoleWindow
from ui.runner import Poll, run_op
from ui.widgets.live_language import clear_layout

POLL_MS = 1000
MARQUEE_MS = 120


class DisplayWindow(RoleWindow):
    """The hall screen: number served per counter, waiting per service, a notice."""

    ROLE = "display"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Hall display")

    def build_body(self, body: QWidget) -> None:
        self.now: list[CounterNow] = []
        self.services: list[ServiceInfo] = []
        self.waiting: dict[int, int] = {}
        self.serving_title = QLabel(objectName="panelTitle")
        self.waiting_title = QLabel(objectName="panelTitle")
        self.serving_grid = QGridLayout()
        self.waiting_grid = QGridLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.serving_title)
        left.addLayout(self.serving_grid)
        left.addStretch(1)
        right.addWidget(self.waiting_title)
        right.addLayout(self.waiting_grid)
        right.addStretch(1)
        panels = QHBoxLayout()
        panels.setSpacing(40)
        panels.addLayout(left, 3)
        panels.addLayout(right, 2)
        self.notice = QLabel(objectName="notice")
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._notice_text = ""
        self._offset = 0
        column = QVBoxLayout(body)
        column.setContentsMargins(40, 24, 40, 0)
        column.addLayout(panels, 1)
        column.addWidget(self.notice)
        self.data_poll = Poll(self, POLL_MS, self._read_board, self._loaded, self.op_failed)
        self._marquee = QTimer(self, interval=MARQUEE_MS)
        self._marquee.timeout.connect(self._scroll)
        self._marquee.start()

    def on_started(self, opened: Opened) -> None:
        run_op(self, list_services, self._services_loaded, self.op_failed)
        self.data_poll.start()

    def _services_loaded(self, services: list[ServiceInfo]) -> None:
        self.services = [v for v in services if v.active]
        self._render()

    def load(self) -> None:
        self.data_poll.run_now()

    @staticmethod
    def _read_board(db: Database) -> tuple[list[CounterNow], dict[int, int]]:
        day = business_date()
        return counters_now(db, day), waiting_by_service(db, day)

    def _loaded(self, result: tuple[list[CounterNow], dict[int, int]]) -> None:
        if result != (self.now, self.waiting):
            self.now, self.waiting = result
            self._render()

    def _render(self) -> None:
        clear_layout(self.serving_grid)
        for row, counter in enumerate(self.now):
            name = QLabel(self.tr("Counter %1").replace("%1", str(counter.number)),
                          objectName="counterName")
            number = QLabel(counter.serving or "—", objectName="servingNumber",
                            alignment=Qt.AlignmentFlag.AlignRight)
            self.serving_grid.addWidget(name, row, 0)
            self.serving_grid.addWidget(number, row, 1)
        if not self.now:
            self.serving_grid.addWidget(QLabel(self.tr("No counter is open."), objectName="hint"),
                                        0, 0)
        clear_layout(self.waiting_grid)
        lang = current_language()
        for row, service in enumerate(self.services):
            self.waiting_grid.addWidget(QLabel(service.name(lang), objectName="serviceName"), row, 0)
            self.waiting_grid.addWidget(
                QLabel(str(self.waiting.get(service.id, 0)), objectName="waitingCount",
                       alignment=Qt.AlignmentFlag.AlignRight), row, 1)

    def _scroll(self) -> None:
        if not self._notice_text:
            return
        text = self._notice_text + "     •     "
        self._offset = (self._offset + 1) % len(text)
        self.notice.setText((text[self._offset:] + text[:self._offset]) * 2)

    def retranslate_body(self) -> None:
        self.serving_title.setText(self.tr("Now serving"))
        self.waiting_title.setText(self.tr("Waiting"))
        self._notice_text = self.tr(
            "Please keep your ticket until your dossier is received. Priority is given to the "
            "elderly, people with disabilities, pregnant women and people with small children.")
        self._offset = 0
        self.notice.setText(self._notice_text)
        self._render()
