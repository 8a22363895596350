"""Filling in a dossier while waiting: the procedure, the wizard, then "saved: show your
number at the counter". Shared by the kiosk (alone) and the volunteer desk (assisted,
the volunteer recorded). GUI thread; the draft is made and saved on the DB worker.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.services.dossiers import DossierInfo, save_draft, start_draft
from kiosk.services.procedures import ProcedureChoice, procedures_for_dossiers
from kiosk.services.tickets import TicketInfo
from ui.error_text import user_message
from ui.runner import run_op
from ui.widgets.live_language import Retranslating
from ui.widgets.procedure_picker import ProcedurePicker
from ui.wizard.wizard import DossierWizard, applicant_of


class SavedPage(Retranslating, QWidget):
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticket_label: str | None = None
        self.title = QLabel(objectName="prompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(objectName="ticketDetails", alignment=Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.ok = QPushButton(objectName="tile")
        self.ok.clicked.connect(self.finished)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 40, 40, 20)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addStretch(1)
        column.addWidget(self.ok)
        self.retranslate()

    def show_saved(self, ticket_label: str | None) -> None:
        self.ticket_label = ticket_label
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your dossier is saved"))
        if self.ticket_label:
            self.text.setText(self.tr("When number %1 is called, go to the counter with your "
                                      "papers. The officer will find what you typed by your "
                                      "number.").replace("%1", self.ticket_label))
        else:
            self.text.setText(self.tr("Take a number for this procedure, then go to the "
                                      "counter with your papers when it is called. The "
                                      "officer will find your dossier by your name or id "
                                      "number."))
        self.ok.setText(self.tr("OK, thank you"))


class DossierFlow(QWidget):
    closed = Signal()
    error = Signal(str)

    def __init__(self, source: str, *, keyboard: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.ticket: TicketInfo | None = None
        self.assisted_by: int | None = None
        self.starting = False
        self.picker = ProcedurePicker(with_keyboard=keyboard)
        self.wizard = DossierWizard(keyboard=keyboard)
        self.saved = SavedPage()
        self.pages = QStackedWidget()
        for page in (self.picker, self.wizard, self.saved):
            self.pages.addWidget(page)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pages)
        self.picker.back.connect(self.closed)
        self.picker.chosen.connect(self._chosen)
        self.wizard.left.connect(lambda: self.pages.setCurrentWidget(self.picker))
        self.wizard.finished.connect(self._finished)
        self.saved.finished.connect(self.closed)

    def begin(self, ticket: TicketInfo | None = None, assisted_by: int | None = None) -> None:
        self.ticket, self.assisted_by = ticket, assisted_by
        self.pages.setCurrentWidget(self.picker)
        run_op(self, lambda db: procedures_for_dossiers(db), self.picker.set_choices,
               lambda e: self.error.emit(user_message(e)))

    def resume(self, dossier: DossierInfo) -> None:
        self.wizard.open(dossier)
        self.pages.setCurrentWidget(self.wizard)

    def _chosen(self, choice: ProcedureChoice) -> None:
        if self.starting:  # a double tap makes one draft
            return
        self.starting = True
        ticket_id = self.ticket.id if self.ticket else None
        source, helper = self.source, self.assisted_by

        def started(info: DossierInfo) -> None:
            self.starting = False
            self.resume(info)

        def failed(error: BaseException) -> None:
            self.starting = False
            self.error.emit(user_message(error))

        run_op(self, lambda db: start_draft(db, choice.code, source=source, ticket_id=ticket_id,
                                            assisted_by=helper), started, failed)

    def _finished(self, _info: DossierInfo) -> None:
        self.saved.show_saved(self.ticket.label if self.ticket else None)
        self.pages.setCurrentWidget(self.saved)

    def keep_and_close(self) -> None:
        """Idle or reset: keep what is on the page (unchecked) in the draft, then close."""
        wizard = self.wizard
        if self.pages.currentWidget() is wizard and wizard.dossier is not None \
                and wizard.page_widget is not None and wizard.dossier.state == "draft":
            answers = wizard.page_widget.collect(wizard.answers)
            dossier_id, step = wizard.dossier.id, wizard.current
            token = wizard.dossier.updated_at
            wizard.answers = answers
            applicant = applicant_of(wizard.state())
            # the visitor has gone: a draft changed meanwhile at the counter (or received)
            # wins, and nothing is said to the next visitor
            run_op(self, lambda db: save_draft(db, dossier_id, answers, step=step,
                                               applicant=applicant, expected_updated_at=token),
                   lambda _info: None, lambda _error: None)
        wizard.forget()
        self.pages.setCurrentWidget(self.picker)
        self.closed.emit()
