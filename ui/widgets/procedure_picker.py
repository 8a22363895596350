"""Choosing the procedure a dossier is for: common ones as big tiles, any other by typing.

Shared by the kiosk, the volunteer desk and the counter. The list comes from
the DB worker once (`procedures_for_dossiers`); typing filters it here, with
accents ignored, so "khai sinh" finds "Đăng ký khai sinh". GUI thread.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
                               QVBoxLayout, QWidget)

from kiosk.services.procedures import ProcedureChoice, matching
from ui.i18n import current_language
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.live_language import Retranslating

TILES = 6  # procedures with a form of their own, shown before any typing
RESULTS = 6


class ProcedurePicker(Retranslating, QWidget):
    chosen = Signal(object)  # a ProcedureChoice
    back = Signal()

    def __init__(self, *, with_keyboard: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: list[ProcedureChoice] = []
        self.title = QLabel(objectName="prompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        self.buttons: list[QPushButton] = []
        self.search_label = QLabel(objectName="hint")
        self.search = QLineEdit(objectName="bigField")
        self.search.setMaxLength(60)
        self.search.textChanged.connect(self.refresh)
        self.keyboard = OnScreenKeyboard() if with_keyboard else None
        self.back_button = QPushButton(objectName="back")
        self.back_button.clicked.connect(self.back)
        column = QVBoxLayout(self)
        column.setContentsMargins(30, 10, 30, 10)
        column.addWidget(self.title)
        column.addLayout(self.grid)
        column.addWidget(self.search_label)
        column.addWidget(self.search)
        column.addStretch(1)
        if self.keyboard is not None:
            self.keyboard.attach(self.search, "text")
            self.keyboard.done.connect(self._first)
            column.addWidget(self.keyboard)
        column.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()

    def set_choices(self, choices: list[ProcedureChoice]) -> None:
        self.choices = choices
        self.search.clear()
        self.refresh()

    def shown(self) -> list[ProcedureChoice]:
        text = self.search.text()
        if text.strip():
            return matching(self.choices, text, RESULTS)
        return [c for c in self.choices if c.has_form][:TILES] or self.choices[:TILES]

    def refresh(self) -> None:
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        lang = current_language()
        for index, choice in enumerate(self.shown()):
            button = QPushButton(choice.title(lang), objectName="tile")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setProperty("code", choice.code)
            button.clicked.connect(lambda _=False, c=choice: self.chosen.emit(c))
            self.grid.addWidget(button, index // 2, index % 2)
            button.show()  # added to a shown window: visible now, not on the next layout pass
            self.buttons.append(button)

    def _first(self) -> None:
        shown = self.shown()
        if self.search.text().strip() and shown:
            self.chosen.emit(shown[0])

    def retranslate(self) -> None:
        self.title.setText(self.tr("Which procedure is your dossier for?"))
        self.search_label.setText(self.tr("Another procedure? Type a few words of its name:"))
        self.back_button.setText(self.tr("‹ Back"))
        self.refresh()
