"""The office admin's window: an overview, today's queue, the services, the counters, the
staff, printing, and the holidays and bank account (ui/admin/calendar_tab.py).

Each tab loads through `run_op`. GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QSlider, QStackedWidget, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from kiosk.bootstrap import Opened
from kiosk.clock import business_date
from kiosk.services.queue_stats import QueueStat, issued_per_hour, queue_stats
from kiosk.services.admin_overview import AdminOverview, admin_overview
from kiosk.services.office_setup import (CounterInfo, ServiceInfo, list_counters, list_services,
                                         set_announcements)
from kiosk.services.staff import StaffInfo, list_users
from kiosk.settings import Settings
from ui.admin.account_help_tab import AccountHelpTab
from ui.admin.calendar_tab import CalendarTab
from ui.admin.sync_tab import SyncTab
from ui.counter.sign_in import SignInDialog
from ui.i18n import current_language
from ui.role_window import RoleWindow
from ui.runner import run_op
from ui.widgets.bar_chart import BarChart
from ui.widgets.print_jobs_panel import PrintJobsPanel
from ui.widgets.staff_session import IdleSignOut


def _table(columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns, objectName=name)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))


class AdminWindow(RoleWindow):
    """The admin's tabs: overview, services, counters, staff, printing."""

    ROLE = "admin"
    TITLE = QT_TRANSLATE_NOOP("RoleTitle", "Administration")

    def build_body(self, body: QWidget) -> None:
        self.data: tuple[AdminOverview, list[ServiceInfo], list[CounterInfo],
                         list[StaffInfo]] | None = None
        self.per_hour: dict[int, int] = {}
        self.queue: list[QueueStat] = []
        self.tabs = QTabWidget(objectName="adminTabs")
        overview = QWidget()
        self.form = QFormLayout(overview)
        self.values = {key: QLabel() for key in
                       ("office", "code", "database", "schema", "catalog", "dossiers", "staff",
                        "outbox")}
        self.labels = {key: QLabel() for key in self.values}
        for key, value in self.values.items():
            value.setWordWrap(True)
            self.form.addRow(self.labels[key], value)
        self.volume = QSlider(Qt.Orientation.Horizontal, objectName="volume")
        self.volume.setRange(0, 100)
        self.volume.setMinimumWidth(240)
        self.muted = QCheckBox(objectName="muted")
        self.save_audio = QPushButton(objectName="saveAudio")
        self.save_audio.clicked.connect(self._save_audio)
        audio = QHBoxLayout()
        audio.addWidget(self.volume)
        audio.addWidget(self.muted)
        audio.addWidget(self.save_audio)
        audio.addStretch(1)
        self.audio_label = QLabel()
        self.form.addRow(self.audio_label, audio)
        self.services = _table(5, "servicesTable")
        self.counters = _table(2, "countersTable")
        self.staff = _table(4, "staffTable")
        self.prints = PrintJobsPanel()
        queue = QWidget()
        self.chart = BarChart()
        self.stats = _table(11, "queueStats")
        queue_column = QVBoxLayout(queue)
        queue_column.addWidget(self.chart)
        queue_column.addWidget(self.stats, 1)
        self.calendar = CalendarTab()
        self.sync = SyncTab()
        self.account_help = AccountHelpTab()
        for page in (overview, queue, self.services, self.counters, self.staff, self.prints,
                     self.calendar, self.sync, self.account_help):
            self.tabs.addTab(page, "")
        self.admin: StaffInfo | None = None
        self.gate = QWidget(objectName="adminGate")
        self.gate_text = QLabel(objectName="prompt")
        self.gate_text.setWordWrap(True)
        self.gate_sign_in = QPushButton(objectName="signInButton")
        self.gate_sign_in.clicked.connect(self._ask_sign_in)
        gate_column = QVBoxLayout(self.gate)
        gate_column.addStretch(1)
        gate_column.addWidget(self.gate_text)
        gate_column.addWidget(self.gate_sign_in)
        gate_column.addStretch(2)
        self.who = QLabel(objectName="officer")
        self.sign_out_button = QPushButton(objectName="signInButton")
        self.sign_out_button.clicked.connect(self.sign_out)
        signed = QWidget()
        signed_column = QVBoxLayout(signed)
        signed_column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.who, 1)
        top.addWidget(self.sign_out_button)
        signed_column.addLayout(top)
        signed_column.addWidget(self.tabs, 1)
        self.signed_page = signed
        self.stack = QStackedWidget()
        self.stack.addWidget(self.gate)
        self.stack.addWidget(signed)
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 12, 16, 12)
        column.addWidget(self.stack)
        self.idle_sign_out = IdleSignOut(self, 15, lambda: self.admin is not None,
                                         self.sign_out)

    def apply_settings(self, settings: Settings) -> None:
        self.idle_sign_out.set_minutes(settings["staff.idle_sign_out_minutes"])

    def _ask_sign_in(self) -> None:
        dialog = SignInDialog(self, "admin")
        dialog.signed_in.connect(self._signed_in)
        dialog.open()

    def _signed_in(self, user: StaffInfo) -> None:
        self.admin = user
        self.idle_sign_out.restart()
        self.stack.setCurrentWidget(self.signed_page)
        self.retranslate_body()
        if self.opened is not None:
            self.load_all()

    def sign_out(self) -> None:
        """Nothing of the office's data stays on a screen nobody is signed in to."""
        self.admin = None
        self.stack.setCurrentWidget(self.gate)
        self.data, self.sync.items, self.account_help.stats = None, [], []
        for table in (self.sync.table, self.account_help.table, self.staff, self.services,
                      self.counters):
            table.setRowCount(0)
        self.retranslate_body()

    def on_started(self, opened: Opened) -> None:
        if self.admin is not None:
            self.load_all()

    def load_all(self) -> None:
        self.reload()
        self.prints.reload()
        self.calendar.load()
        self.sync.load()
        self.account_help.load()

    def reload(self) -> None:
        run_op(self, lambda db: (admin_overview(db), list_services(db), list_counters(db),
                                 list_users(db)), self._loaded, self.op_failed)
        day = business_date()
        run_op(self, lambda db: (issued_per_hour(db, day), queue_stats(db, day)),
               self._queue_loaded, self.op_failed)

    def _queue_loaded(self, result: tuple[dict[int, int], list[QueueStat]]) -> None:
        self.per_hour, self.queue = result
        self._render_queue()

    def _render_queue(self) -> None:
        hours = range(7, 18)
        self.chart.set_bars(self.tr("Numbers issued per hour today"),
                            [(f"{h}h", self.per_hour.get(h, 0)) for h in hours])
        scopes = {"office": self.tr("office"), "service": self.tr("service"),
                  "counter": self.tr("counter"), "officer": self.tr("officer")}

        def number(value: float | None) -> str:
            return "—" if value is None else f"{value:.1f}"

        _fill(self.stats, [[scopes.get(q.scope, q.scope), q.key, str(q.issued), str(q.served),
                            str(q.no_show), str(q.transferred), number(q.wait_median_min),
                            number(q.wait_p90_min), number(q.service_median_min),
                            number(q.service_p90_min),
                            f"{q.satisfied}/{q.acceptable}/{q.not_satisfied}"]
                           for q in self.queue])

    def _loaded(self, data: tuple[AdminOverview, list[ServiceInfo], list[CounterInfo],
                                  list[StaffInfo]]) -> None:
        self.data = data
        self._render()

    def _render(self) -> None:
        if self.data is None:
            return
        overview, services, counters, staff = self.data
        lang = current_language()
        yes, no = self.tr("yes"), self.tr("no")
        self.values["office"].setText(overview.office.name)
        self.values["code"].setText(overview.office.code)
        self.values["database"].setText(overview.database)
        self.values["schema"].setText(overview.schema_revision or "—")
        self.values["catalog"].setText(
            self.tr("%1 procedures, %2 at commune level")
            .replace("%1", str(overview.procedures)).replace("%2", str(overview.commune_procedures)))
        self.values["dossiers"].setText(str(overview.dossiers))
        if not self.save_audio.property("edited"):
            self.volume.setValue(overview.office.announce_volume)
            self.muted.setChecked(overview.office.announce_muted)
        self.values["staff"].setText(str(overview.staff))
        self.values["outbox"].setText(
            self.tr("%1 waiting, %2 delivered, %3 need attention")
            .replace("%1", str(overview.outbox.pending)).replace("%2", str(overview.outbox.done))
            .replace("%3", str(overview.outbox.needs_staff)))
        _fill(self.services, [[v.prefix, v.name(lang), v.group(lang), f"{v.opens}–{v.closes}",
                               yes if v.active else no] for v in services])
        _fill(self.counters, [[str(c.number), ", ".join(c.service_codes)] for c in counters])
        role_names = {"admin": self.tr("admin"), "counter": self.tr("counter officer"),
                      "volunteer": self.tr("volunteer")}
        _fill(self.staff, [[u.username, u.full_name, role_names.get(u.role, u.role),
                            yes if u.active else no] for u in staff])

    def _save_audio(self) -> None:
        volume, muted = self.volume.value(), self.muted.isChecked()
        run_op(self, lambda db: set_announcements(db, volume, muted),
               lambda _: self.show_message(self.tr("Saved: every hall display uses it within "
                                                   "a second.")), self.op_failed)

    def retranslate_body(self) -> None:
        self.gate_text.setText(self.tr("Sign in as an administrator to see and change the "
                                       "office's settings."))
        self.gate_sign_in.setText(self.tr("Sign in"))
        self.sign_out_button.setText(self.tr("Sign out"))
        self.who.setText(self.tr("Administrator: %1").replace(
            "%1", (self.admin.full_name or self.admin.username) if self.admin else ""))
        self.audio_label.setText(self.tr("Announcements (volume, mute)"))
        self.muted.setText(self.tr("Mute"))
        self.save_audio.setText(self.tr("Save"))
        for index, title in enumerate((self.tr("Overview"), self.tr("Queue today"),
                                       self.tr("Services"),
                                       self.tr("Counters"), self.tr("Staff"),
                                       self.tr("Printing"), self.tr("Holidays and fees"),
                                       self.tr("Portal"), self.tr("Account help"))):
            self.tabs.setTabText(index, title)
        for key, text in (("office", self.tr("Office")), ("code", self.tr("Unit code")),
                          ("database", self.tr("Database")), ("schema", self.tr("Schema")),
                          ("catalog", self.tr("Catalog")), ("dossiers", self.tr("Dossiers")),
                          ("staff", self.tr("Staff accounts")),
                          ("outbox", self.tr("Sending to the portal"))):
            self.labels[key].setText(text)
        self.services.setHorizontalHeaderLabels([self.tr("Prefix"), self.tr("Service"),
                                                 self.tr("Group"), self.tr("Hours"),
                                                 self.tr("Open")])
        self.counters.setHorizontalHeaderLabels([self.tr("Counter"), self.tr("Services")])
        self.staff.setHorizontalHeaderLabels([self.tr("User"), self.tr("Name"), self.tr("Role"),
                                              self.tr("Active")])
        self.stats.setHorizontalHeaderLabels([
            self.tr("Scope"), self.tr("Name"), self.tr("Issued"), self.tr("Served"),
            self.tr("No-show"), self.tr("Transferred"), self.tr("Wait, median (min)"),
            self.tr("Wait, 90% (min)"), self.tr("Service, median (min)"),
            self.tr("Service, 90% (min)"), self.tr("Rated +/=/-")])
        if self.queue or self.per_hour:
            self._render_queue()
        self._render()
