"""The wizard's last screen: every answer, page by page, each page with a Change button,
and the papers to bring to the counter. GUI thread."""
from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.forms.engine import FieldView, FormState
from kiosk.services.dossiers import DossierInfo
from ui.i18n import current_language
from ui.widgets.live_language import Retranslating
from ui.wizard.page import views


def shown_value(view: FieldView, state: FormState, lang: str) -> str:
    """An answer as a person reads it: choice labels, Có/Không, day/month/year."""
    value = view.value
    if value is None or value == "" or value == []:
        return "—"
    if view.type == "yes_no":
        yes = value is True or value == "yes"
        return ("Yes" if yes else "No") if lang == "en" else ("Có" if yes else "Không")
    if view.type in ("select_one", "select_multiple") and view.choices:
        labels = {c.value: c.label.text(lang) for c in view.choices}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if view.type == "address" and isinstance(value, dict):
        return state.address_line(value)
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


class ReviewPage(Retranslating, QWidget):
    edit_page = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.scroll)
        self.change_buttons: list[QPushButton] = []
        self.papers_title = QLabel(objectName="reviewPage")
        self.state: FormState | None = None
        self.dossier: DossierInfo | None = None

    def forget(self) -> None:
        self.state, self.dossier = None, None
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.change_buttons = []

    def show_state(self, state: FormState, dossier: DossierInfo, lists: Any) -> None:
        self.state, self.dossier = state, dossier
        self.build()

    def build(self) -> None:
        state, dossier = self.state, self.dossier
        if state is None or dossier is None:
            return
        lang = current_language()
        body = QWidget()
        column = QVBoxLayout(body)
        column.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.change_buttons = []
        for page in state.pages():
            head = QHBoxLayout()
            title = QLabel(page.label.text(lang) if page.label else page.name,
                           objectName="reviewPage")
            change = QPushButton(self.tr("Change"), objectName="changeButton")
            change.clicked.connect(lambda _=False, n=page.name: self.edit_page.emit(n))
            self.change_buttons.append(change)
            head.addWidget(title, 1)
            head.addWidget(change)
            column.addLayout(head)
            if page.type == "repeat":
                for item in page.items:
                    name = item.label or self.tr("Person %1").replace("%1", str(item.index + 1))
                    column.addWidget(QLabel(name, objectName="reviewItem"))
                    self._answers(column, item.fields, state, lang)
            else:
                self._answers(column, page.fields, state, lang)
        papers = [d for d in dossier.documents]
        if papers:
            column.addWidget(QLabel(self.tr("Papers to bring to the counter:"),
                                    objectName="reviewPage"))
            for paper in papers:
                counts = []
                if paper.originals:
                    counts.append(self.tr("%1 original(s)").replace("%1", str(paper.originals)))
                if paper.copies:
                    counts.append(self.tr("%1 copy(ies)").replace("%1", str(paper.copies)))
                line = QLabel(f"☐ {paper.name}" + (f" ({', '.join(counts)})" if counts else ""),
                              objectName="reviewPaper")
                line.setWordWrap(True)
                column.addWidget(line)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(body)

    def _answers(self, column: QVBoxLayout, fields: tuple[FieldView, ...], state: FormState,
                 lang: str) -> None:
        for view in views(fields):
            if view.type in ("note", "scan") or view.label is None:
                continue
            line = QLabel(f"{view.label.text(lang)}: {shown_value(view, state, lang)}",
                          objectName="reviewAnswer")
            line.setWordWrap(True)
            line.setProperty("path", view.path)
            column.addWidget(line)

    def retranslate(self) -> None:
        if self.isVisible():  # built again when shown; never behind another page
            self.build()
