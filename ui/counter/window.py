"""The counter officer's window: sign in, call the next citizen, recall, start, finish,
no-show, transfer, call a given number (or scan a ticket); who waits; printing trouble;
and, after each finished ticket, the citizen's rating; and receiving a dossier (ui/counter/reception.py, F8).

GUI thread. Every action is an op on the DB worker; the waiting list and the
current ticket refresh by poll. Shortcuts: F1 call next, F2 recall, F3 start,
F4 done, F5 no-show, F6 transfer, F7 call the number typed or scanned.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QComboBox, QDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QStackedWidget, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.bootstrap import Opened
from kiosk.clock import utc_now
from kiosk.db.engine import Database
from kiosk.services import tickets
from kiosk.services.office_setup import CounterInfo, ServiceInfo, list_counters, list_services
from kiosk.services.print_jobs import PrintJobInfo, pending_jobs
from kiosk.services.staff import StaffInfo
from kiosk.services.tickets import TicketInfo
from kiosk.settings import Settings
from ui.counter.reception import ReceptionPanel
from ui.counter.sign_in import SignInDialog
from ui.widgets.staff_session import IdleSignOut
from ui.widgets.print_jobs_panel import PrintJobsPanel
from ui.i18n import current_language
from ui.print_pool import current_pool
from ui.role_window import RoleWindow
from ui.runner import Poll, run_op

REFRESH_MS = 2000
KEYS = {Qt.Key.Key_F1: "call", Qt.Key.Key_F2: "recall", Qt.Key.Key_F3: "start",
        Qt.Key.Key_F4: "done", Qt.Key.Key_F5: "no_show", Qt.Key.Key_F6: "transfer"}
RATING_SECONDS = 45


class CounterWindow(RoleWindow):
    """The officer's counter: its current ticket, the actions, who waits, printing trouble."""

    ROLE = "counter"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Counter")

    def build_body(self, body: QWidget) -> None:
        self.counters: list[CounterInfo] = []
        self.services: list[ServiceInfo] = []
        self.waiting: list[TicketInfo] = []
        self.current: TicketInfo | None = None
        self.officer: StaffInfo | None = None
        self.idle_sign_out = IdleSignOut(self, 15, lambda: self.officer is not None,
                                         self.sign_out)
        self.rated_ticket: TicketInfo | None = None
        self.stuck_prints = 0
        self.print_fault: str | None = None
        self.busy = False  # an action is on its way: one press, one action
        self._query: tuple[int | None, list[int] | None, str | None] = (None, None, None)
        self.normal_per_priority, self.reopen_minutes = 2, 30

        self.counter_label, self.officer_label = QLabel(), QLabel(objectName="officer")
        self.counter_pick = QComboBox(objectName="counterPick")
        self.counter_pick.currentIndexChanged.connect(lambda _: self._counter_changed())
        self.sign_in = QPushButton(objectName="signInButton")
        self.sign_in.clicked.connect(self._sign_in_or_out)
        top = QHBoxLayout()
        for widget in (self.counter_label, self.counter_pick, self.officer_label):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.sign_in)

        self.current_label = QLabel("—", objectName="currentNumber",
                                    alignment=Qt.AlignmentFlag.AlignCenter)
        self.current_info = QLabel(objectName="currentInfo", alignment=Qt.AlignmentFlag.AlignCenter)
        self.current_info.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for index, name in enumerate(KEYS.values()):
            button = QPushButton(objectName=f"{name}Button")
            button.clicked.connect(lambda _=False, n=name: self.act(n))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[name] = button
        self.transfer_to = QComboBox(objectName="transferTo")
        self.transfer_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.number_input = QLineEdit(objectName="numberInput")
        self.number_input.setMinimumWidth(320)
        self.number_input.returnPressed.connect(self.call_typed)
        self.call_number = QPushButton(objectName="callNumber")
        self.call_number.clicked.connect(self.call_typed)
        extra = QHBoxLayout()
        extra.addWidget(self.transfer_to)
        extra.addStretch(1)
        extra.addWidget(self.number_input)
        extra.addWidget(self.call_number)

        self.rating = QWidget(objectName="ratingPanel")
        self.rating.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.rating_prompt = QLabel(objectName="ratingPrompt")
        self.rating_buttons = {key: QPushButton(objectName="ratingButton")
                               for key in tickets.RATINGS}
        rating_row = QHBoxLayout(self.rating)
        rating_row.addWidget(self.rating_prompt, 1)
        for key, button in self.rating_buttons.items():
            button.clicked.connect(lambda _=False, k=key: self.rate(k))
            rating_row.addWidget(button)
        self.rating.hide()
        self.rating_timer = QTimer(self, singleShot=True, interval=RATING_SECONDS * 1000)
        self.rating_timer.timeout.connect(self.rating.hide)

        self.print_bar = QWidget(objectName="printBar")
        self.print_bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.print_alert = QLabel(objectName="printAlert")
        self.print_alert.setWordWrap(True)
        self.print_retry = QPushButton(objectName="retryPrints")
        self.print_retry.clicked.connect(lambda: current_pool().retry_pending())
        bar = QHBoxLayout(self.print_bar)
        self.print_jobs = QPushButton(objectName="printJobsButton")
        self.print_jobs.clicked.connect(self.open_print_jobs)
        bar.addWidget(self.print_alert, 1)
        bar.addWidget(self.print_retry)
        bar.addWidget(self.print_jobs)
        self.print_bar.hide()
        current_pool().finished.connect(lambda *_: self.refresh())

        self.table = QTableWidget(0, 4, objectName="waitingTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.hint = QLabel(objectName="hint")
        self.hint.setWordWrap(True)

        self.reception_button = QPushButton(objectName="receptionButton")
        self.reception_button.clicked.connect(self.open_reception)
        top.addWidget(self.reception_button)
        self.reception = ReceptionPanel(lambda: self.officer.id if self.officer else None)
        self.reception.back.connect(self.close_reception)
        self.queue_page = QWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.queue_page)
        self.pages.addWidget(self.reception)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 12, 24, 12)
        outer.addLayout(top)
        outer.addWidget(self.print_bar)
        outer.addWidget(self.pages, 1)
        column = QVBoxLayout(self.queue_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.current_label)
        column.addWidget(self.current_info)
        column.addLayout(grid)
        column.addLayout(extra)
        column.addWidget(self.rating)
        column.addWidget(self.table, 1)
        column.addWidget(self.hint)
        self.data_poll = Poll(self, REFRESH_MS, self._read, self._loaded, self.op_failed)
        self._update_buttons()

    def apply_settings(self, settings: Settings) -> None:
        self.normal_per_priority = settings["queue.normal_per_priority"]
        self.reopen_minutes = settings["queue.no_show_reopen_minutes"]
        self.idle_sign_out.set_minutes(settings["staff.idle_sign_out_minutes"])

    def open_reception(self) -> None:
        """F8: receive a dossier, starting from the drafts of the ticket being served."""
        self.pages.setCurrentWidget(self.reception)
        self.reception.start(self.current.label if self.current else None)

    def close_reception(self) -> None:
        self.pages.setCurrentWidget(self.queue_page)
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """F1-F6 act; F7 goes to the number field (where a USB scanner types a ticket's QR);
        F8 receives a dossier. Function keys reach the window from any child: line edits
        ignore them."""
        if event.key() == Qt.Key.Key_F8:
            self.open_reception()
        elif self.pages.currentWidget() is not self.queue_page:
            super().keyPressEvent(event)  # the queue's keys only act on the queue's page
        elif event.key() in KEYS:
            self.act(KEYS[event.key()])
        elif event.key() == Qt.Key.Key_F7:
            self.number_input.setFocus()
        else:
            super().keyPressEvent(event)

    # -- data ----------------------------------------------------------------------
    def on_started(self, opened: Opened) -> None:
        run_op(self, lambda db: (list_counters(db), list_services(db)), self._setup,
               self.op_failed)

    def _setup(self, result: tuple[list[CounterInfo], list[ServiceInfo]]) -> None:
        self.counters, self.services = result
        self.counter_pick.blockSignals(True)
        self.counter_pick.clear()
        for counter in self.counters:
            self.counter_pick.addItem(self.tr("Counter %1").replace("%1", str(counter.number)))
        self.counter_pick.blockSignals(False)
        self._fill_transfer()
        self._counter_changed(start=True)

    def _counter_changed(self, start: bool = False) -> None:
        """What the poll reads, fixed here on the GUI thread (the op must not touch widgets)."""
        self._fill_transfer()
        counter = self.counter()
        self._query = (counter.id if counter else None, self._service_ids(),
                       current_pool().terminal)
        self.current, self.waiting = None, []
        if start:
            self.data_poll.start()
        else:
            self.refresh()

    def counter(self) -> CounterInfo | None:
        index = self.counter_pick.currentIndex()
        return self.counters[index] if 0 <= index < len(self.counters) else None

    def _service_ids(self) -> list[int] | None:
        counter = self.counter()
        if counter is None:
            return None
        return [v.id for v in self.services if v.code in counter.service_codes]

    def refresh(self) -> None:
        self.data_poll.run_now()

    def _read(self, db: Database) -> tuple[TicketInfo | None, list[TicketInfo], list[PrintJobInfo]]:
        counter_id, service_ids, terminal = self._query  # set on the GUI thread
        current = tickets.current_ticket(db, counter_id) if counter_id else None
        return (current, tickets.waiting_tickets(db, service_ids, counter_id),
                [job for job in pending_jobs(db, terminal=terminal) if job.stuck])

    def _loaded(self, result: tuple[TicketInfo | None, list[TicketInfo],
                                    list[PrintJobInfo]]) -> None:
        self.current, self.waiting, stuck = result
        self.stuck_prints = len(stuck)
        self.print_fault = stuck[-1].fault if stuck else None
        self._render()

    def open_print_jobs(self) -> None:
        """Every print job of the office, with preview, reprint and a test page."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Printing"))
        panel = PrintJobsPanel(dialog)
        QVBoxLayout(dialog).addWidget(panel)
        dialog.resize(1000, 600)
        panel.reload()
        dialog.open()

    # -- actions -------------------------------------------------------------------
    def act(self, name: str) -> None:
        counter = self.counter()
        if counter is None or self.officer is None or self.busy or \
                not self.buttons[name].isEnabled():
            return
        cid, officer = counter.id, self.officer.id
        if name == "call":
            ratio = self.normal_per_priority
            op = lambda db: tickets.call_next(db, cid, officer,  # noqa: E731
                                              normal_per_priority=ratio)
        elif name == "transfer":
            target = self.transfer_to.currentData()
            if target is None:
                self.show_message(self.tr("Choose the service to transfer to first."))
                self.transfer_to.setFocus()
                return
            kind, key = target
            if kind == "counter":
                op = lambda db: tickets.transfer(db, cid, officer_id=officer,  # noqa: E731
                                                 to_counter=key)
            else:
                op = lambda db: tickets.transfer(db, cid, key, officer)  # noqa: E731
        else:
            action = {"recall": tickets.recall, "start": tickets.start, "done": tickets.done,
                      "no_show": tickets.no_show}[name]
            op = lambda db: action(db, cid, officer)  # noqa: E731
        finished = self.current if name in ("call", "done") else None
        self._set_busy(True)
        run_op(self, op, lambda result: self._acted(name, result, finished), self._act_failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def _act_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.op_failed(error)
        self.refresh()

    def _acted(self, name: str, result: TicketInfo | None, finished: TicketInfo | None) -> None:
        self._set_busy(False)
        if name == "transfer":
            self.transfer_to.setCurrentIndex(0)
        self.show_message("" if result is not None or name != "call"
                          else self.tr("Nobody is waiting for this counter's services."))
        if finished is not None and finished.state in ("called", "serving"):
            self.ask_rating(finished)
        self.refresh()

    def call_typed(self) -> None:
        counter, text = self.counter(), self.number_input.text().strip()
        if counter is None or self.officer is None or not text or self.busy:
            return
        self.number_input.clear()
        cid, officer, minutes = counter.id, self.officer.id, self.reopen_minutes
        self._set_busy(True)
        run_op(self, lambda db: tickets.call_number(db, cid, text, officer,
                                                    reopen_minutes=minutes),
               lambda result: self._acted("call_number", result, None), self._act_failed)

    def ask_rating(self, ticket: TicketInfo) -> None:
        self.rated_ticket = ticket
        self.rating_prompt.setText(self.tr("Number %1: how was our service today?")
                                   .replace("%1", ticket.label))
        self.rating.show()
        self.rating_timer.start()

    def rate(self, key: str) -> None:
        ticket = self.rated_ticket
        self.rating.hide()
        if ticket is not None:
            run_op(self, lambda db: tickets.rate(db, ticket.id, key),
                   lambda _: self.show_message(self.tr("Thank you for your rating.")),
                   self.op_failed)

    def _sign_in_or_out(self) -> None:
        if self.officer is not None:
            self.sign_out()
            return
        dialog = SignInDialog(self, "counter")
        dialog.signed_in.connect(self._signed_in)
        dialog.open()

    def _signed_in(self, user: StaffInfo) -> None:
        self.officer = user
        self.idle_sign_out.restart()
        self._render()

    def sign_out(self) -> None:
        """The officer leaves (or left the PC idle): nobody can act in their name."""
        if self.pages.currentWidget() is self.reception:
            self.close_reception()
        self.officer = None
        self._render()

    # -- drawing -------------------------------------------------------------------
    def _fill_transfer(self) -> None:
        lang = current_language()
        self.transfer_to.clear()
        self.transfer_to.addItem(self.tr("Transfer to…"), None)  # nothing chosen by accident
        for service in self.services:
            if service.active:
                self.transfer_to.addItem(
                    self.tr("Transfer to: %1").replace("%1", service.name(lang)),
                    ("service", service.code))
        here = self.counter()
        for counter in self.counters:
            if here is None or counter.id != here.id:
                self.transfer_to.addItem(self.tr("Send to counter %1").replace(
                    "%1", str(counter.number)), ("counter", counter.id))

    def _update_buttons(self) -> None:
        ready = self.officer is not None and self.counter() is not None and not self.busy
        state = self.current.state if self.current else None
        allowed = {"call": True, "recall": state == "called", "start": state == "called",
                   "done": state in ("called", "serving"), "no_show": state == "called",
                   "transfer": state in ("called", "serving")}
        for name, button in self.buttons.items():
            button.setEnabled(ready and allowed[name])
        self.call_number.setEnabled(ready)
        self.number_input.setEnabled(ready)

    def _render(self) -> None:
        self.print_bar.setVisible(self.stuck_prints > 0)
        reasons = {"offline": self.tr("the printer does not answer"),
                   "out_of_paper": self.tr("the printer is out of paper"),
                   "config": self.tr("no printer is set up for it"),
                   "failed": self.tr("printing stopped half way")}
        reason = reasons.get(self.print_fault or "", "")
        self.print_alert.setText(self.tr(
            "%n print job(s) did not print. Check the printer (power, cable, paper), then retry.",
            "", self.stuck_prints) + (f" ({reason})" if reason else ""))
        self.officer_label.setText(self.tr("Officer: %1").replace("%1", self.officer.full_name
                                                                   or self.officer.username)
                                   if self.officer else self.tr("Nobody signed in"))
        self.sign_in.setText(self.tr("Sign out") if self.officer else self.tr("Sign in"))
        lang = current_language()
        current = self.current
        self.current_label.setText(current.label if current else "—")
        if current is None:
            self.current_info.setText(self.tr("No number called. Press Call next (F1)."))
        else:
            state = {"called": self.tr("called, coming to the counter"),
                     "serving": self.tr("being served")}.get(current.state, current.state)
            service = current.service_name_en if lang == "en" else current.service_name_vi
            self.current_info.setText(f"{service} · {state}")
        now = utc_now()
        self.table.setRowCount(len(self.waiting))
        for row, ticket in enumerate(self.waiting):
            service = ticket.service_name_en if lang == "en" else ticket.service_name_vi
            waited = int((now - ticket.issued_at).total_seconds() // 60)
            values = (ticket.label, service, self.tr("priority") if ticket.priority_group else "",
                      self.tr("%1 min").replace("%1", str(waited)))
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.hint.setText(self.tr("No counter is set up yet: an admin adds counters.")
                          if not self.counters else
                          self.tr("%n citizen(s) waiting for this counter's services.", "",
                                  len(self.waiting)))
        self._update_buttons()

    def retranslate_body(self) -> None:
        names = {"call": self.tr("Call next (F1)"), "recall": self.tr("Recall (F2)"),
                 "start": self.tr("Start (F3)"), "done": self.tr("Done (F4)"),
                 "no_show": self.tr("No-show (F5)"), "transfer": self.tr("Transfer (F6)")}
        for name, button in self.buttons.items():
            button.setText(names[name])
        self.counter_label.setText(self.tr("Counter:"))
        self.reception_button.setText(self.tr("Receive a dossier (F8)"))
        self.number_input.setPlaceholderText(self.tr("Number or scanned ticket (F7)"))
        self.call_number.setText(self.tr("Call this number"))
        self.print_retry.setText(self.tr("Retry printing"))
        self.print_jobs.setText(self.tr("Print jobs…"))
        for key, text in (("satisfied", self.tr("Satisfied")),
                          ("acceptable", self.tr("Acceptable")),
                          ("not_satisfied", self.tr("Not satisfied"))):
            self.rating_buttons[key].setText(text)
        self.table.setHorizontalHeaderLabels([self.tr("Number"), self.tr("Service"),
                                              self.tr("Priority"), self.tr("Waited")])
        if self.counters:
            index = self.counter_pick.currentIndex()
            self._setup_labels(index)
        self._render()

    def _setup_labels(self, index: int) -> None:
        self.counter_pick.blockSignals(True)
        for i, counter in enumerate(self.counters):
            self.counter_pick.setItemText(i, self.tr("Counter %1").replace("%1",
                                                                          str(counter.number)))
        self.counter_pick.setCurrentIndex(index)
        self.counter_pick.blockSignals(False)
        self._fill_transfer()
