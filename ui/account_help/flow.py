"""Help with a national portal account, as a flow of screens driven by the admin's guide.

Shared by the kiosk (a citizen alone) and the volunteer desk (assisted: the
volunteer is recorded). The guide (kiosk/account_guide.py) decides the screens
and their order; this widget keeps the answers, the history for Back, the time
of consent, and hands saving and printing to the DB worker and the print pool.
Refusing consent, stopping, or the kiosk's idle reset clears every answer and
field: nothing is stored until the details are saved, after consent. GUI thread.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout,
                               QWidget)

from kiosk.account_guide import Guide, bundled_guide_path, current_guide, load_guide
from kiosk.clock import local, utc_now
from kiosk.services.account_requests import (SavedRequest, check_details, drafts_for,
                                             link_draft, queue_slip, save_request)
from kiosk.services.dossiers import DossierInfo
from kiosk.services.print_jobs import reprint
from ui.account_help.pages import ConsentPage, DetailsPage, FinishPage, StepPage
from ui.error_text import user_message
from ui.i18n import current_language
from ui.print_pool import current_pool
from ui.runner import run_op
from ui.widgets.live_language import Retranslating


class AccountHelpFlow(Retranslating, QWidget):
    closed = Signal()
    error = Signal(str)
    saved = Signal(object)  # the account request's id

    def __init__(self, source: str, data_folder=None, terminal: str | None = None,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.data_folder = data_folder  # where an admin's guide overrides the bundled one
        self.terminal = terminal
        self.guide: Guide | None = None
        self.history: list[str] = []
        self.current: str | None = None
        self.answers: dict[str, str] = {}
        self.consent_at: datetime | None = None
        self.assisted_by: int | None = None
        self.request: SavedRequest | None = None
        self.drafts: list[DossierInfo] = []
        self.step_page = StepPage()
        self.consent_page = ConsentPage()
        self.details_page = DetailsPage()
        self.finish_page = FinishPage()
        self.link_page = QWidget()
        self.link_text = QLabel(objectName="guideBody", wordWrap=True,
                                alignment=Qt.AlignmentFlag.AlignCenter)
        self.link_yes = QPushButton(objectName="tile")
        self.link_no = QPushButton(objectName="tile")
        link_column = QVBoxLayout(self.link_page)
        link_column.setContentsMargins(40, 40, 40, 20)
        link_column.addWidget(self.link_text)
        link_column.addStretch(1)
        link_column.addWidget(self.link_yes)
        link_column.addWidget(self.link_no)
        self.refused_page = QWidget()
        self.refused_text = QLabel(objectName="guideBody", wordWrap=True,
                                   alignment=Qt.AlignmentFlag.AlignCenter)
        self.refused_ok = QPushButton(objectName="homeAction")
        refused_column = QVBoxLayout(self.refused_page)
        refused_column.setContentsMargins(40, 80, 40, 20)
        refused_column.addWidget(self.refused_text)
        refused_column.addStretch(1)
        refused_column.addWidget(self.refused_ok)
        self.pages = QStackedWidget()
        for page in (self.step_page, self.consent_page, self.details_page, self.link_page,
                     self.finish_page, self.refused_page):
            self.pages.addWidget(page)
        self.back_button = QPushButton(objectName="back")
        self.stop_button = QPushButton(objectName="back")
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.stop_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 10)
        column.addWidget(self.pages, 1)
        column.addLayout(bar)
        self.step_page.answered.connect(self._answered)
        self.consent_page.agreed.connect(self._agreed)
        self.consent_page.refused.connect(self._refused)
        self.details_page.submitted.connect(self._submit_details)
        self.link_yes.clicked.connect(self._link)
        self.link_no.clicked.connect(self._after_details)
        self.finish_page.print_slip.connect(self._print_steps)
        self.finish_page.done.connect(self.close_flow)
        self.refused_ok.clicked.connect(self.close_flow)
        self.back_button.clicked.connect(self.back)
        self.stop_button.clicked.connect(self.close_flow)
        self.retranslate()

    # -- start and end ------------------------------------------------------------------
    def begin(self, assisted_by: int | None = None) -> None:
        self.clear()
        self.assisted_by = assisted_by
        folder = self.data_folder
        run_op(self, lambda _db: current_guide(folder) if folder else
               load_guide(bundled_guide_path()), self._guide_loaded,
               lambda error: self.error.emit(user_message(error)))

    def _guide_loaded(self, guide: Guide) -> None:
        self.guide = guide
        self._show(guide.start)

    def clear(self) -> None:
        """Forget this visitor: answers, consent, fields, the saved request's id."""
        self.history.clear()
        self.answers.clear()
        self.current = None
        self.consent_at = None
        self.request = None
        self.drafts = []
        self.details_page.clear()
        self.consent_page.show_text("")
        self.finish_page.show_finish("", "", [])
        self.pages.setCurrentWidget(self.step_page)

    def close_flow(self) -> None:
        self.clear()
        self.closed.emit()

    # -- moving through the guide --------------------------------------------------------
    def _show(self, step_id: str, remember: bool = True) -> None:
        assert self.guide is not None
        if remember and self.current is not None:
            self.history.append(self.current)
        self.current = step_id
        step = self.guide.step(step_id)
        lang = current_language()
        if step.kind in ("info", "question"):
            self.step_page.show_step(self.guide, step, self.tr("Next"))
            self.pages.setCurrentWidget(self.step_page)
        elif step.kind == "consent":
            self.consent_page.show_text(self.guide.text(self.guide.consent_text, lang))
            self.pages.setCurrentWidget(self.consent_page)
        elif step.kind == "details":
            self.pages.setCurrentWidget(self.details_page)
        else:  # finish
            self.finish_page.show_finish(self.guide.text(step.title, lang),
                                         self.guide.text(step.body, lang),
                                         self.guide.steps_left(self.answers, lang))
            if self.request is not None:
                self.finish_page.say(self.tr("Your request is saved and your slip is "
                                             "printing. Take it with you."))
            self.pages.setCurrentWidget(self.finish_page)
        self.back_button.setVisible(bool(self.history) and step.kind != "finish")
        self.stop_button.setVisible(step.kind != "finish")  # the end has its own Done
        self.finish_page.print_button.setText(
            self.tr("Print the slip again") if self.request is not None
            else self.tr("Print these steps"))

    def _answered(self, value: str | None) -> None:
        if self.guide is None or self.current is None:
            return
        step = self.guide.step(self.current)
        if step.kind == "question" and value is not None:
            self.answers[self.guide.question_key(step)] = value
        self._show(self.guide.next_id(self.current, value))

    def back(self) -> None:
        if not self.history or self.guide is None:
            return
        if self.guide.step(self.current or "").kind == "consent":
            self.consent_at = None
        previous = self.history.pop()
        self._show(previous, remember=False)

    def _agreed(self) -> None:
        self.consent_at = utc_now()
        assert self.guide is not None and self.current is not None
        self._show(self.guide.next_id(self.current))

    def _refused(self) -> None:
        self.clear()  # nothing was stored; nothing is kept on screen either
        self.back_button.hide()
        self.pages.setCurrentWidget(self.refused_page)

    # -- saving ----------------------------------------------------------------------------
    def _submit_details(self, values: dict[str, str]) -> None:
        problems = check_details(**values)
        self.details_page.show_problems(problems)
        if problems or self.guide is None or self.consent_at is None:
            return
        guide, answers, consent_at = self.guide, dict(self.answers), self.consent_at
        steps_left = guide.steps_left(answers, "vi")  # the slip is printed in Vietnamese
        links = guide.link_list("vi")
        assisted_by, terminal = self.assisted_by, self.terminal
        self.details_page.save.setEnabled(False)

        def save(db):  # noqa: ANN001, ANN202 - runs on the DB worker
            saved = save_request(db, details=values, answers=answers, consent_at=consent_at,
                                 consent_version=guide.consent_version,
                                 guide_version=guide.version, assisted_by=assisted_by,
                                 dossier_id=None, steps_left=steps_left, links=links,
                                 terminal=terminal)
            return saved, drafts_for(db, values["id_number"])

        run_op(self, save, self._saved, self._save_failed)

    def _save_failed(self, error: BaseException) -> None:
        self.details_page.save.setEnabled(True)
        self.error.emit(user_message(error))

    def _saved(self, result: tuple[SavedRequest, list[DossierInfo]]) -> None:
        self.request, self.drafts = result
        self.saved.emit(self.request.request_id)
        current_pool().print_job(self.request.print_job_id)
        self.details_page.clear()  # the typed details leave the screen at once
        if self.drafts:
            draft = self.drafts[0]
            name = draft.procedure_name if current_language() == "vi" else \
                draft.procedure_name_en
            self.link_text.setText(self.tr("You started a dossier here: %1 (%2). Link it to "
                                           "this request, so the staff helping you see both?")
                                   .replace("%1", name)
                                   .replace("%2", local(draft.updated_at).strftime("%d/%m/%Y")))
            self.back_button.hide()
            self.pages.setCurrentWidget(self.link_page)
            return
        self._after_details()

    def _link(self) -> None:
        if self.request is None or not self.drafts:
            return
        request_id, dossier_id = self.request.request_id, self.drafts[0].id
        run_op(self, lambda db: link_draft(db, request_id, dossier_id),
               lambda _r: self._after_details(),
               lambda error: self.error.emit(user_message(error)))

    def _after_details(self) -> None:
        assert self.guide is not None and self.current is not None
        self.history.clear()  # saved: Back would only lead to the same request again
        self._show(self.guide.next_id(self.current), remember=False)

    def _print_steps(self) -> None:
        """The saved request's slip once more; else the steps on paper without a name
        (nothing personal is stored for it)."""
        if self.guide is None:
            return
        self.finish_page.print_button.setEnabled(False)
        if self.request is not None:
            job_id = self.request.print_job_id
            run_op(self, lambda db: reprint(db, job_id), self._slip_queued,
                   lambda error: self.error.emit(user_message(error)))
            return
        steps_left = self.guide.steps_left(self.answers, "vi")
        links = self.guide.link_list("vi")
        assisted_by, terminal = self.assisted_by, self.terminal
        run_op(self, lambda db: queue_slip(db, steps_left=steps_left, links=links,
                                           assisted_by=assisted_by, terminal=terminal),
               self._slip_queued, lambda error: self.error.emit(user_message(error)))

    def _slip_queued(self, job_id: uuid.UUID) -> None:
        current_pool().print_job(job_id)
        self.finish_page.say(self.tr("The slip is printing. Take it with you."))
        self.finish_page.print_button.setEnabled(True)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.stop_button.setText(self.tr("Stop"))
        self.link_yes.setText(self.tr("Yes, link it"))
        self.link_no.setText(self.tr("No"))
        self.refused_text.setText(self.tr("Nothing was stored. You can still ask a volunteer "
                                          "or an officer to explain the steps to you."))
        self.refused_ok.setText(self.tr("OK"))
        if self.guide is not None and self.current is not None and \
                self.pages.currentWidget() in (self.step_page, self.consent_page,
                                               self.finish_page):
            self._show(self.current, remember=False)  # the guide's texts in the new language
