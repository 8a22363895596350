"""The dossier wizard, generated from a procedure's form: one page of questions per screen.

A progress bar, Back and Next, a review of every answer with the papers to
bring, and the on-screen keyboard for the kiosk and the volunteer desk (the
counter types on its own keyboard). Next checks the page with the form engine
and shows each problem beside its field; a page that passes is saved as the
draft (on the DB worker) before the next one shows, so a crash or a power cut
loses at most the page being typed. The same widget serves the kiosk, the
volunteer (assisted) and the counter. GUI thread.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from kiosk.admin_units import choice_lists
from kiosk.attachments import store
from kiosk.clock import business_date
from kiosk.forms.engine import FormState
from kiosk.forms.spec import Form, procedure_form
from kiosk.services.dossiers import Applicant, DossierInfo, save_draft
from kiosk.settings import data_dir
from ui.error_text import user_message
from ui.i18n import current_language
from ui.runner import run_op
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.live_language import Retranslating
from ui.wizard.fields import ScanFieldWidget
from ui.wizard.page import PageWidget
from ui.wizard.review import ReviewPage

REVIEW = "review"
RECOMPUTE_MS = 60  # after a change: recompute what shows, once typing pauses


def applicant_of(state: FormState) -> Applicant:
    values = state.applicant_fields()
    born = values.get("date_of_birth")
    return Applicant(full_name=str(values.get("full_name") or ""),
                     id_number=values.get("id_number"),
                     date_of_birth=born if isinstance(born, date) else None,
                     phone=values.get("phone"), email=values.get("email"),
                     address=values.get("address"))


class DossierWizard(Retranslating, QWidget):
    saved = Signal(object)  # DossierInfo, after each page is kept
    finished = Signal(object)  # DossierInfo: the review was confirmed
    left = Signal()  # the citizen went back from the first page

    def __init__(self, *, keyboard: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dossier: DossierInfo | None = None
        self.form: Form | None = None
        self.answers: dict[str, Any] = {}
        self.current: str | None = None
        self.page_widget: PageWidget | None = None
        self.lists = choice_lists()
        self.busy = False
        self.procedure = QLabel(objectName="wizardProcedure")
        self.procedure.setWordWrap(True)
        self.progress = QProgressBar(objectName="wizardProgress")
        self.progress.setTextVisible(True)
        self.page_title = QLabel(objectName="prompt")
        self.page_title.setWordWrap(True)
        self.page_help = QLabel(objectName="hint")
        self.page_help.setWordWrap(True)
        self.page_error = QLabel(objectName="fieldError")
        self.page_error.setWordWrap(True)
        self.page_error.hide()
        self.scroll = QScrollArea(objectName="wizardScroll")
        self.scroll.setWidgetResizable(True)
        self.review = ReviewPage()
        self.review.edit_page.connect(self.go_to)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scroll)
        self.stack.addWidget(self.review)
        self.back_button = QPushButton(objectName="back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(objectName="nextButton")
        self.next_button.clicked.connect(self.next)
        self.keyboard = OnScreenKeyboard() if keyboard else None
        self.recompute = QTimer(self, singleShot=True, interval=RECOMPUTE_MS)
        self.recompute.timeout.connect(self.refresh)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 8, 24, 8)
        column.addWidget(self.procedure)
        column.addWidget(self.progress)
        column.addWidget(self.page_title)
        column.addWidget(self.page_help)
        column.addWidget(self.page_error)
        column.addWidget(self.stack, 1)
        column.addLayout(nav)
        if self.keyboard is not None:
            self.keyboard.done.connect(self.next_field)
            column.addWidget(self.keyboard)
        self.retranslate()

    # --- opening ----------------------------------------------------------------------

    def open(self, dossier: DossierInfo) -> None:
        """Start a new draft, or go on with one where it stopped."""
        self.dossier = dossier
        self.form = procedure_form(dossier.form)
        self.answers = dict(dossier.answers)
        state = self.state()
        step = dossier.draft_step
        if step == REVIEW:
            self.show_review()
        elif step and step in state.visible_pages():
            self.show_page(step)
        else:
            self.show_page(state.next_page(None))
        self.retranslate()

    def state(self) -> FormState:
        assert self.form is not None
        return FormState(self.form, self.answers, today=business_date(), lists=self.lists)

    def show_page(self, name: str | None) -> None:
        if name is None:
            self.show_review()
            return
        assert self.form is not None
        page = self.form.page(name)
        assert page is not None
        self.current = name
        if self.keyboard is not None:
            self.keyboard.attach(None)  # its field is on the page about to go
        widget = PageWidget(page, self.answers, current_language(), self.lists,
                            can_attach=self.keyboard is None)
        widget.attach_requested.connect(self.attach_scan)
        widget.changed.connect(self.recompute.start)
        widget.wants_keyboard.connect(self.attach_keyboard)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(widget)
        self.page_widget = widget
        widget.apply(self.state(), values=True)
        self.stack.setCurrentWidget(self.scroll)
        self.page_error.hide()
        self.retranslate()
        first = next((w.first_editor() for w in widget.widgets.values()
                      if w.isVisibleTo(widget) and w.first_editor() is not None), None)
        if first is not None:
            first.setFocus()

    def show_review(self) -> None:
        self.current = REVIEW
        if self.page_widget is not None:
            self.scroll.takeWidget().deleteLater()
            self.page_widget = None
        assert self.dossier is not None
        self.review.show_state(self.state(), self.dossier, self.lists)
        self.stack.setCurrentWidget(self.review)
        self.page_error.hide()
        if self.keyboard is not None:
            self.keyboard.attach(None)
        self.retranslate()

    def forget(self) -> None:
        """The visitor has gone: no answer stays in a widget or in memory (the draft is saved)."""
        self.dossier = None
        self.answers = {}
        if self.page_widget is not None:
            self.scroll.takeWidget().deleteLater()
            self.page_widget = None
        self.review.forget()
        if self.keyboard is not None:
            self.keyboard.attach(None)

    def attach_scan(self, widget: ScanFieldWidget) -> None:
        """The counter's "Attach a scan…" on a scan field: a file, stored on the DB worker."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a scan"), str(Path.home()),
                                              self.tr("Scans (*.jpg *.jpeg *.png *.pdf)"))
        if path:
            self.attach_file(widget, Path(path))

    def attach_file(self, widget: ScanFieldWidget, path: Path) -> None:
        """Stored on the DB worker; Back and Next wait for it (busy), so the page and its
        widget are still there when the file is."""
        folder = data_dir()
        self._set_busy(True)

        def stored_ok(stored) -> None:  # noqa: ANN001 - a StoredFile
            self._set_busy(False)
            if shiboken6.isValid(widget):
                widget.add(stored.sha256, stored.name, stored.media_type)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if shiboken6.isValid(widget):
                widget.show_error(user_message(error))

        run_op(self, lambda _db: store(folder, path), stored_ok, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.next_button.setEnabled(not busy)
        self.back_button.setEnabled(not busy)

    def attach_keyboard(self, editor, mode: str) -> None:  # noqa: ANN001 - a QLineEdit
        if self.keyboard is not None:
            self.keyboard.attach(editor, mode)

    def next_field(self) -> None:
        """The keyboard's Done: the next empty text field on the page, or Next."""
        widget = self.page_widget
        if widget is None:
            self.next()
            return
        editors = [w.first_editor() for w in widget.widgets.values() if w.isVisibleTo(widget)]
        editors = [e for e in editors if e is not None and hasattr(e, "text")]
        focused = self.keyboard.target if self.keyboard is not None else None
        later = editors[editors.index(focused) + 1:] if focused in editors else editors
        empty = next((e for e in later if not e.text()), None)
        if empty is not None:
            empty.setFocus()
        else:
            self.next()

    # --- moving -----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.page_widget is None:
            return
        self.answers = self.page_widget.collect(self.answers)
        self.page_widget.apply(self.state())

    def next(self) -> None:
        if self.busy or self.dossier is None:
            return
        if self.current == REVIEW:
            self.save(REVIEW, finish=True)
            return
        assert self.page_widget is not None and self.current is not None
        self.recompute.stop()
        self.answers = self.page_widget.collect(self.answers)
        state = self.state()
        errors = state.validate_page(self.current)
        first = self.page_widget.show_errors(errors)
        page_error = self.page_widget.page_level_error(errors)
        self.page_error.setText(page_error or "")
        self.page_error.setVisible(bool(page_error))
        if errors:
            self.page_widget.apply(state)
            if first is not None:
                self.scroll.ensureWidgetVisible(first)
                editor = first.first_editor()
                if editor is not None:
                    editor.setFocus()
            return
        self.save(state.next_page(self.current) or REVIEW)

    def save(self, step: str, finish: bool = False) -> None:
        assert self.dossier is not None
        dossier_id, answers, applicant = self.dossier.id, dict(self.answers), \
            applicant_of(self.state())
        token = self.dossier.updated_at  # refused if saved elsewhere since we read it
        self._set_busy(True)

        def saved(info: DossierInfo) -> None:
            self._set_busy(False)
            self.dossier = info
            self.saved.emit(info)
            if finish:
                self.finished.emit(info)
            elif step == REVIEW:
                self.show_review()
            else:
                self.show_page(step)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.page_error.setText(user_message(error))
            self.page_error.show()

        run_op(self, lambda db: save_draft(db, dossier_id, answers, step=step,
                                           applicant=applicant, expected_updated_at=token),
               saved, failed)

    def back(self) -> None:
        if self.busy:
            return
        state = self.state()
        if self.current == REVIEW:
            pages = state.visible_pages()
            self.show_page(pages[-1] if pages else None)
            return
        if self.page_widget is not None:
            self.answers = self.page_widget.collect(self.answers)  # kept, not checked
        previous = state.previous_page(self.current) if self.current else None
        if previous is None:
            self.left.emit()
        else:
            self.show_page(previous)

    def go_to(self, name: str) -> None:
        self.show_page(name)

    # --- words ------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = current_language()
        self.back_button.setText(self.tr("‹ Back"))
        dossier, form = self.dossier, self.form
        if dossier is None or form is None:
            return
        self.procedure.setText(dossier.procedure_name_en if lang == "en"
                               else dossier.procedure_name)
        pages = self.state().visible_pages()
        if self.current == REVIEW:
            step, title, help_text = len(pages) + 1, self.tr("Check your answers"), ""
            self.next_button.setText(self.tr("Save my dossier ✓"))
        else:
            page = form.page(self.current or "")
            step = pages.index(self.current) + 1 if self.current in pages else 1
            title = page.label.text(lang) if page and page.label else ""
            help_text = page.help.text(lang) if page and page.help else ""
            self.next_button.setText(self.tr("Next ›"))
        self.progress.setRange(0, len(pages) + 1)
        self.progress.setValue(step)
        self.progress.setFormat(self.tr("Step %1 of %2").replace("%1", str(step))
                                .replace("%2", str(len(pages) + 1)))
        self.page_title.setText(title)
        self.page_help.setText(help_text)
        self.page_help.setVisible(bool(help_text))
        if self.page_widget is not None:
            self.page_widget.retranslate(lang)
        self.review.retranslate()
