"""The counter officer's window: which counter, the services it serves, who is waiting.

GUI thread; the waiting counts are refreshed by an op every few seconds.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.bootstrap import Opened
from kiosk.db.engine import Database
from kiosk.clock import business_date
from kiosk.services.office_setup import CounterInfo, ServiceInfo, list_counters, list_services
from kiosk.services.print_jobs import pending_jobs
from kiosk.services.queue_board import waiting_by_service
from ui.print_pool import current_pool
from ui.i18n import current_language
from ui.role_window import RoleWindow
from ui.runner import Poll, run_op

REFRESH_MS = 3000


class CounterWindow(RoleWindow):
    """The officer's counter: its services, who waits, and printing trouble."""

    ROLE = "counter"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Counter")

    def build_body(self, body: QWidget) -> None:
        self.counters: list[CounterInfo] = []
        self.services: list[ServiceInfo] = []
        self.waiting: dict[int, int] = {}
        self.counter_pick = QComboBox(objectName="counterPick")
        self.counter_pick.currentIndexChanged.connect(self._render)
        self.counter_label = QLabel()
        form = QFormLayout()
        form.addRow(self.counter_label, self.counter_pick)
        self.table = QTableWidget(0, 2, objectName="waitingTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.hint = QLabel(objectName="hint")
        self.hint.setWordWrap(True)
        self.stuck_prints = 0
        self.print_bar = QWidget(objectName="printBar")
        self.print_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.print_alert = QLabel(objectName="printAlert")
        self.print_alert.setWordWrap(True)
        self.print_retry = QPushButton(objectName="retryPrints")
        self.print_retry.clicked.connect(lambda: current_pool().retry_pending())
        bar = QHBoxLayout(self.print_bar)
        bar.addWidget(self.print_alert, 1)
        bar.addWidget(self.print_retry)
        self.print_bar.hide()
        current_pool().finished.connect(lambda *_: self.load_waiting())
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 18, 24, 18)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addStretch(1)
        column.addLayout(top)
        column.addWidget(self.print_bar)
        column.addWidget(self.table, 1)
        column.addWidget(self.hint)
        self.data_poll = Poll(self, REFRESH_MS, self._read_waiting, self._waiting, self.op_failed)

    def on_started(self, opened: Opened) -> None:
        run_op(self, lambda db: (list_counters(db), list_services(db)), self._loaded,
               self.op_failed)
        self.data_poll.start()

    def _loaded(self, result: tuple[list[CounterInfo], list[ServiceInfo]]) -> None:
        self.counters, self.services = result
        self.counter_pick.blockSignals(True)
        self.counter_pick.clear()
        for counter in self.counters:
            self.counter_pick.addItem(self.tr("Counter %1").replace("%1", str(counter.number)))
        self.counter_pick.blockSignals(False)
        self._render()

    def load_waiting(self) -> None:
        self.data_poll.run_now()

    @staticmethod
    def _read_waiting(db: Database) -> tuple[dict[int, int], int]:
        return (waiting_by_service(db, business_date()),
                sum(job.stuck for job in pending_jobs(db)))

    def _waiting(self, result: tuple[dict[int, int], int]) -> None:
        self.waiting, self.stuck_prints = result
        self._render()

    def _render(self) -> None:
        index = self.counter_pick.currentIndex()
        codes = self.counters[index].service_codes if 0 <= index < len(self.counters) else ()
        shown = [v for v in self.services if not codes or v.code in codes]
        lang = current_language()
        self.table.setRowCount(len(shown))
        for row, service in enumerate(shown):
            self.table.setItem(row, 0, QTableWidgetItem(f"{service.prefix}  {service.name(lang)}"))
            self.table.setItem(row, 1, QTableWidgetItem(str(self.waiting.get(service.id, 0))))
        self.print_bar.setVisible(self.stuck_prints > 0)
        self.print_alert.setText(self.tr(
            "%n print job(s) did not print. Check the printer (power, cable, paper), then retry.",
            "", self.stuck_prints))
        if not self.counters:
            self.hint.setText(self.tr("No counter is set up yet: an admin adds counters."))
        else:
            self.hint.setText(self.tr("Citizens waiting for the services of this counter."))

    def retranslate_body(self) -> None:
        self.print_retry.setText(self.tr("Retry printing"))
        self.counter_label.setText(self.tr("Counter:"))
        self.table.setHorizontalHeaderLabels([self.tr("Service"), self.tr("Waiting")])
        if self.counters:
            self._loaded((self.counters, self.services))
        else:
            self._render()
