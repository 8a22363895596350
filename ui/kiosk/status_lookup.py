"""Where is my dossier? The kiosk's status lookup by dossier code or receipt QR.

The citizen types the code on the on-screen keyboard, or holds the receipt's QR
to the scanner (a USB scanner types "MOTCUA:<code>" and Enter into the field).
The answer is the last status this office knows (pulled from the portal when it
was reachable), so it works with no network; it names the procedure, dates and
the applicant's initials only, since anyone at the kiosk can type a code.
GUI thread; the lookup runs on the DB worker.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.clock import local
from kiosk.services.dossiers import StatusInfo, lookup_status
from ui.error_text import user_message
from ui.i18n import current_language
from ui.runner import run_op
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.live_language import Retranslating

STATUS_NAMES = {  # portal-api.md, "status-updates"
    "received": QT_TRANSLATE_NOOP("DossierStatus", "Received, being sent to the portal"),
    "not_received": QT_TRANSLATE_NOOP("DossierStatus", "Not accepted"),
    "processing": QT_TRANSLATE_NOOP("DossierStatus", "Being processed"),
    "needs_supplement": QT_TRANSLATE_NOOP("DossierStatus", "More papers are needed: please "
                                                           "come to the counter"),
    "needs_payment": QT_TRANSLATE_NOOP("DossierStatus", "A fee must be paid: please come to "
                                                        "the counter"),
    "withdrawn": QT_TRANSLATE_NOOP("DossierStatus", "Withdrawn at your request"),
    "stopped": QT_TRANSLATE_NOOP("DossierStatus", "Processing stopped"),
    "done": QT_TRANSLATE_NOOP("DossierStatus", "Done: the result is ready at the counter"),
    "returned": QT_TRANSLATE_NOOP("DossierStatus", "Result handed over"),
}


def status_name(status: str, sent: bool) -> str:
    if status == "received" and sent:
        return QCoreApplication.translate("DossierStatus", "Received by the portal")
    text = STATUS_NAMES.get(status)
    return QCoreApplication.translate("DossierStatus", text) if text else status


def when(moment) -> str:  # noqa: ANN001 - an aware datetime
    at = local(moment)
    return f"{at:%H:%M} {at:%d/%m/%Y}"


class StatusLookupPage(Retranslating, QWidget):
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info: StatusInfo | None = None
        self.title = QLabel(objectName="prompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(objectName="hint", alignment=Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.code = QLineEdit(objectName="bigField")
        self.code.setMaxLength(60)
        self.code.returnPressed.connect(self.look_up)
        self.search = QPushButton(objectName="tile")
        self.search.clicked.connect(self.look_up)
        self.answer = QLabel(objectName="statusAnswer")
        self.answer.setWordWrap(True)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.code, "text")
        self.keyboard.done.connect(self.look_up)
        self.back_button = QPushButton(objectName="back")
        self.back_button.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(self.code, 3)
        row.addWidget(self.search, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(30, 10, 30, 10)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addLayout(row)
        column.addWidget(self.answer, 1)
        column.addWidget(self.keyboard)
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def start(self) -> None:
        self.info = None
        self.code.clear()
        self.answer.clear()
        self.keyboard.attach(self.code, "text")
        self.code.setFocus()

    def look_up(self) -> None:
        key = self.code.text().strip()
        if not key:
            return
        self.search.setEnabled(False)
        run_op(self, lambda db: lookup_status(db, key), self._found, self._failed)

    def _found(self, info: StatusInfo) -> None:
        self.search.setEnabled(True)
        self.info = info
        self.code.setText(info.code)
        self.keyboard.attach(self.code, "text")
        self.retranslate()

    def _failed(self, error: BaseException) -> None:
        self.search.setEnabled(True)
        self.info = None
        self.answer.setText(user_message(error))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Look up your dossier"))
        self.hint.setText(self.tr("Type the dossier code printed on your receipt, or hold the "
                                  "receipt's QR code under the scanner."))
        self.search.setText(self.tr("Look up"))
        self.back_button.setText(self.tr("‹ Back"))
        info = self.info
        if info is None:
            return
        name = info.procedure_name_en if current_language() == "en" else info.procedure_name
        lines = [self.tr("Dossier %1").replace("%1", info.code), name,
                 self.tr("Applicant: %1").replace("%1", info.applicant_initials),
                 self.tr("Received: %1").replace("%1", when(info.received_at))]
        if info.appointment_at is not None:
            lines.append(self.tr("Result expected: %1").replace("%1", when(info.appointment_at)))
        lines.append(self.tr("Status: %1").replace("%1", status_name(info.status, info.sent)))
        if info.status_at is not None:
            lines.append(self.tr("(as last known here, %1)").replace("%1", when(info.status_at)))
        self.answer.setText("\n".join(lines))
