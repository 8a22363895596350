"""The admin's "Portal" tab: how sending stands, "Send now", and records to fix.

Counts, last success and error, the portal clock's offset and anything waiting
over a day come from `sync_overview` (read through `run_op`); the running cycle
reports progress from the sync service (ui/sync_service.py). Rejected,
conflicting and quarantined records are listed with the portal's errors; "Fix
and send again" opens `FixDialog`, whose corrections are checked like the form's
and queued as a new record naming the old one. GUI thread.
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QProgressBar, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.clock import local
from kiosk.errors import UserError
from kiosk.services.sync_overview import ReviewItem, SyncOverview, needing_staff, resend_fixed, \
    sync_overview
from sync.worker import RunSummary
from ui.error_text import FIELD_SENTENCES, field_message, user_message
from ui.i18n import current_language
from ui.runner import run_op
from ui.sync_service import current_sync
from ui.widgets.live_language import Retranslating

STATES = {"rejected": QT_TRANSLATE_NOOP("Sync", "rejected by the portal"),
          "conflict": QT_TRANSLATE_NOOP("Sync", "the portal holds other content under this id"),
          "quarantined": QT_TRANSLATE_NOOP("Sync", "cannot be read here")}
# the payload fields the portal names most, as staff know them (portal-api.md, "Payloads")
FIELDS = {
    "applicant.full_name": QT_TRANSLATE_NOOP("Sync", "Applicant's full name"),
    "applicant.id_number": QT_TRANSLATE_NOOP("Sync", "Applicant's citizen id number"),
    "applicant.date_of_birth": QT_TRANSLATE_NOOP("Sync", "Applicant's date of birth"),
    "applicant.phone": QT_TRANSLATE_NOOP("Sync", "Applicant's phone"),
    "applicant.email": QT_TRANSLATE_NOOP("Sync", "Applicant's e-mail"),
    "applicant.address": QT_TRANSLATE_NOOP("Sync", "Applicant's address"),
    "full_name": QT_TRANSLATE_NOOP("Sync", "Full name"),
    "id_number": QT_TRANSLATE_NOOP("Sync", "Citizen id number"),
    "date_of_birth": QT_TRANSLATE_NOOP("Sync", "Date of birth"),
    "phone": QT_TRANSLATE_NOOP("Sync", "Phone"),
    "email": QT_TRANSLATE_NOOP("Sync", "E-mail"),
    "procedure_code": QT_TRANSLATE_NOOP("Sync", "Procedure code"),
    "fee_vnd": QT_TRANSLATE_NOOP("Sync", "Fee"),
}
CODES = {"required": QT_TRANSLATE_NOOP("Sync", "missing"),
         "invalid": QT_TRANSLATE_NOOP("Sync", "not valid"),
         "type": QT_TRANSLATE_NOOP("Sync", "of the wrong kind"),
         "unknown": QT_TRANSLATE_NOOP("Sync", "unknown to the portal"),
         "mismatch": QT_TRANSLATE_NOOP("Sync", "does not match"),
         "not_nfc": QT_TRANSLATE_NOOP("Sync", "has badly encoded letters"),
         "missing_attachment": QT_TRANSLATE_NOOP("Sync", "its scan did not reach the portal")}
TYPES = {"dossier": QT_TRANSLATE_NOOP("Sync", "dossier"),
         "account_request": QT_TRANSLATE_NOOP("Sync", "account request")}


def _when(moment) -> str:  # noqa: ANN001 - datetime | None
    return local(moment).strftime("%d/%m/%Y %H:%M") if moment else "—"


def field_label(path: str) -> str:
    return QCoreApplication.translate("Sync", FIELDS[path]) if path in FIELDS else path


def error_text(error: dict[str, str]) -> str:
    """"<field>: <what is wrong>", in the user's language where the code is known; the
    portal's own sentence (it may be English) when not."""
    path, code = error.get("field") or "", error.get("code") or ""
    what = (QCoreApplication.translate("Sync", CODES[code]) if code in CODES
            else error.get("message") or code)
    return f"{field_label(path)}: {what}" if path else what


def _errors_text(item: ReviewItem) -> str:
    return "; ".join(error_text(e) for e in item.errors)


class FixDialog(QDialog):
    """One line per field the portal named, with its message; OK queues the new record."""

    def __init__(self, item: ReviewItem, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="fixDialog")
        self.item = item
        self.setWindowTitle(self.tr("Fix and send again"))
        self.setMinimumWidth(640)
        column = QVBoxLayout(self)
        if item.values:
            intro = QLabel(self.tr("The portal refused this record. Correct the fields below; "
                                   "it is sent again as a new record that names this one."))
        else:
            intro = QLabel(self.tr("Send this record again as a new record that names this "
                                   "one."))
        intro.setWordWrap(True)
        column.addWidget(intro)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        messages = {e.get("field"): f"{error_text({**e, 'field': ''})} — {e.get('message', '')}"
                    for e in item.errors}
        for path, value in item.values.items():
            edit = QLineEdit(value, objectName=f"fix:{path}")
            self.edits[path] = edit
            hint = QLabel(messages.get(path) or "")
            hint.setWordWrap(True)
            form.addRow(field_label(path), edit)
            form.addRow(hint)
        column.addLayout(form)
        self.problem = QLabel(objectName="fixProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        column.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.send = buttons.addButton(self.tr("Send again"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setObjectName("fixSend")
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._send)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.new_id: uuid.UUID | None = None
        self.adjustSize()

    def _send(self) -> None:
        changes = {path: edit.text() for path, edit in self.edits.items()}
        row_id = self.item.id
        self.send.setEnabled(False)
        run_op(self, lambda db: resend_fixed(db, row_id, changes), self._sent, self._refused)

    def _sent(self, new_id: uuid.UUID) -> None:
        self.new_id = new_id
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.send.setEnabled(True)
        if isinstance(error, UserError) and error.code in FIELD_SENTENCES:
            text = field_message(error.code, error.params, current_language())
        else:
            text = user_message(error)
        self.problem.setText(text)
        self.problem.show()


class SyncTab(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: SyncOverview | None = None
        self.items: list[ReviewItem] = []
        self.form = QFormLayout()
        self.values = {key: QLabel(objectName=f"sync:{key}") for key in
                       ("pending", "delivered", "needs_staff", "last_success", "last_error",
                        "clock")}
        self.labels = {key: QLabel() for key in self.values}
        for key, value in self.values.items():
            value.setWordWrap(True)
            self.form.addRow(self.labels[key], value)
        self.alert = QLabel(objectName="syncAlert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("color: #b00020; font-weight: bold;")
        self.alert.hide()
        self.progress = QProgressBar(objectName="syncProgress")
        self.progress.hide()
        self.send_now = QPushButton(objectName="syncNow")
        self.send_now.clicked.connect(self._send_now)
        self.fix = QPushButton(objectName="fixRecord")
        self.fix.clicked.connect(self._fix)
        self.table = QTableWidget(0, 5, objectName="reviewTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.review_title = QLabel()
        actions = QHBoxLayout()
        actions.addWidget(self.send_now)
        actions.addWidget(self.progress, 1)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        column.addWidget(self.alert)
        column.addLayout(actions)
        column.addWidget(self.review_title)
        column.addWidget(self.table, 1)
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.fix)
        fix_row.addStretch(1)
        column.addLayout(fix_row)
        service = current_sync()
        if service is not None:
            service.progress.connect(self._progress)
            service.running_changed.connect(self._running)
            service.finished.connect(self._finished)
            service.failed.connect(self._failed)
        self.retranslate()

    # -- data --------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().showEvent(event)
        self.load()  # counts move while other terminals work: fresh each time it is opened

    def load(self) -> None:
        run_op(self, lambda db: (sync_overview(db), needing_staff(db)), self._loaded,
               self._failed)

    def _loaded(self, data: tuple[SyncOverview, list[ReviewItem]]) -> None:
        self.overview, self.items = data
        self._render()

    def _render(self) -> None:
        o = self.overview
        if o is None:
            return
        self.values["pending"].setText(str(o.pending))
        self.values["delivered"].setText(str(o.delivered))
        self.values["needs_staff"].setText(str(o.needs_staff))
        self.values["last_success"].setText(_when(o.last_success_at))
        self.values["last_error"].setText(
            f"{_when(o.last_error_at)} — {o.last_error}" if o.last_error else "—")
        self.values["clock"].setText("—" if o.clock_offset_s is None else
                                     self.tr("%1 s").replace("%1", f"{o.clock_offset_s:+.0f}"))
        alerts = []
        if o.overdue:
            alerts.append(self.tr("%1 records have waited more than a day to reach the portal. "
                                  "Check the network and the portal settings.")
                          .replace("%1", str(o.overdue)))
        if o.clock_warning:
            alerts.append(self.tr("This computer's clock differs from the portal's by more "
                                  "than 5 minutes: appointment dates may be wrong. Set the "
                                  "clock."))
        self.alert.setText("\n".join(alerts))
        self.alert.setVisible(bool(alerts))
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            for c, text in enumerate((
                    QCoreApplication.translate("Sync", TYPES.get(item.record_type,
                                                                 item.record_type)),
                    item.who,
                    QCoreApplication.translate("Sync", STATES.get(item.state, item.state)),
                    _errors_text(item), _when(item.created_at))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.fix.setEnabled(bool(self.items))

    # -- sending -----------------------------------------------------------------------
    def _send_now(self) -> None:
        service = current_sync()
        if service is None:
            self.window().show_message(self.tr("This computer does not send to the portal: "
                                               "its address is not set."))
            return
        service.sync_now()

    def _running(self, running: bool) -> None:
        self.send_now.setEnabled(not running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the first batch reports

    def _progress(self, settled: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(settled)

    def _finished(self, summary: RunSummary) -> None:
        self.load()
        if summary.error:
            self.window().show_message(self.tr("Sending stopped: %1. Records wait and are "
                                               "sent later.").replace("%1", summary.error))

    def _failed(self, error: BaseException) -> None:
        self.window().show_message(user_message(error))

    # -- fixing ------------------------------------------------------------------------
    def _fix(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            self.window().show_message(self.tr("Choose a record in the list first."))
            return
        item = self.items[row]
        if not item.fixable:
            self.window().show_message(self.tr("This record cannot be read here; receive the "
                                               "dossier again."))
            return
        dialog = FixDialog(item, self)
        dialog.finished.connect(lambda _code: self.load())
        dialog.open()

    def retranslate(self) -> None:
        for key, text in (("pending", self.tr("Waiting to be sent")),
                          ("delivered", self.tr("Delivered")),
                          ("needs_staff", self.tr("Need attention")),
                          ("last_success", self.tr("Last success")),
                          ("last_error", self.tr("Last error")),
                          ("clock", self.tr("Portal clock minus this computer's"))):
            self.labels[key].setText(text)
        self.send_now.setText(self.tr("Send now"))
        self.fix.setText(self.tr("Fix and send again"))
        self.review_title.setText(self.tr("Records the portal did not accept"))
        self.table.setHorizontalHeaderLabels([self.tr("Record"), self.tr("Applicant"),
                                              self.tr("Problem"), self.tr("Portal's errors"),
                                              self.tr("Queued")])
        self._render()
