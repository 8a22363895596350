"""The hall display: the number served at each counter, the last calls, who is waiting,
a scrolling notice, and each new call announced aloud in Vietnamese.

A second screen, read-only, GUI thread. It polls through the DB worker every
POLL_MS: a call made at any terminal shows (and is announced) within a second.
Calls are recognised by event id; ids already seen are never announced twice,
and the calls already on record when the display starts are not announced.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout,
                               QWidget)

from kiosk.bootstrap import Opened
from kiosk.db.engine import Database
from kiosk.clock import business_date
from kiosk.services.office_setup import OfficeInfo, ServiceInfo, list_services, office_info
from kiosk.services.queue_board import CounterNow, counters_now, waiting_by_service
from kiosk.services.tickets import Call, recent_calls
from ui.i18n import current_language
from ui.role_window import RoleWindow
from ui.announcer import Announcer
from ui.runner import Poll, run_op
from ui.widgets.live_language import clear_layout

POLL_MS = 400
LAST_CALLS = 6
MARQUEE_MS = 120


class DisplayWindow(RoleWindow):
    """The hall screen: number served per counter, waiting per service, a notice."""

    ROLE = "display"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Hall display")

    def build_body(self, body: QWidget) -> None:
        self.now: list[CounterNow] = []
        self.calls: list[Call] = []
        self.seen_calls: set[int] | None = None  # None until the first read
        self.announcer = Announcer(self)
        self.last_title = QLabel(objectName="panelTitle")
        self.last_calls = QLabel(objectName="lastCalls")
        self.last_calls.setWordWrap(True)
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
        right.addSpacing(20)
        right.addWidget(self.last_title)
        right.addWidget(self.last_calls)
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
    def _read_board(db: Database) -> tuple[list[CounterNow], dict[int, int], list[Call],
                                           OfficeInfo]:
        day = business_date()
        return counters_now(db, day), waiting_by_service(db, day), recent_calls(db), \
            office_info(db)

    def _loaded(self, result: tuple[list[CounterNow], dict[int, int], list[Call],
                                    OfficeInfo]) -> None:
        now, waiting, calls, office = result
        self.announcer.set_volume(office.announce_volume)  # the admin's, office-wide
        self.announcer.set_muted(office.announce_muted)
        fresh = [] if self.seen_calls is None else \
            [c for c in reversed(calls) if c.event_id not in self.seen_calls]
        self.seen_calls = (self.seen_calls or set()) | {c.event_id for c in calls}
        for call in fresh:  # oldest first, each announced once, in order
            self.announcer.announce(call.label, call.counter_number)
        if (now, waiting, calls) != (self.now, self.waiting, self.calls):
            self.now, self.waiting, self.calls = now, waiting, calls
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
        self._render_calls()

    def _render_calls(self) -> None:
        lines = [self.tr("%1 → counter %2").replace("%1", c.label)
                 .replace("%2", str(c.counter_number)) for c in self.calls[:LAST_CALLS]]
        self.last_calls.setText("\n".join(lines) or "—")

    def _scroll(self) -> None:
        if not self._notice_text:
            return
        text = self._notice_text + "     •     "
        self._offset = (self._offset + 1) % len(text)
        self.notice.setText((text[self._offset:] + text[:self._offset]) * 2)

    def retranslate_body(self) -> None:
        self.serving_title.setText(self.tr("Now serving"))
        self.last_title.setText(self.tr("Last calls"))
        self.waiting_title.setText(self.tr("Waiting"))
        self._notice_text = self.tr(
            "Please keep your ticket until your dossier is received. Priority is given to the "
            "elderly, people with disabilities, pregnant women and people with small children.")
        self._offset = 0
        self.notice.setText(self._notice_text)
        self._render()
