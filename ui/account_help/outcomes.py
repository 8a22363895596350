"""The volunteer's list of account help given today, where each outcome is recorded.

Outcomes: the account works; it needs activation at the police (VNeID level 2 is
registered in person); or it could not be finished, with the reason (required).
Id numbers show as their last four digits only. GUI thread; reads and writes go
through `run_op`.
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.clock import business_date, local
from kiosk.services.account_requests import RequestRow, recent_requests, record_outcome
from ui.error_text import user_message
from ui.runner import run_op
from ui.widgets.live_language import Retranslating

OUTCOME_NAMES = {
    "account_works": QT_TRANSLATE_NOOP("AccountHelp", "account works"),
    "needs_police_activation": QT_TRANSLATE_NOOP("AccountHelp", "needs activation at the police"),
    "not_finished": QT_TRANSLATE_NOOP("AccountHelp", "could not finish"),
}


def outcome_name(outcome: str | None) -> str:
    if not outcome:
        return "—"
    text = OUTCOME_NAMES.get(outcome)
    return QCoreApplication.translate("AccountHelp", text) if text else outcome


class OutcomePanel(Retranslating, QWidget):
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff_id: int | None = None
        self.rows: list[RequestRow] = []
        self.title = QLabel(objectName="prompt")
        self.table = QTableWidget(0, 4, objectName="helpToday")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = {key: QPushButton(objectName="choice") for key in OUTCOME_NAMES}
        for key, button in self.buttons.items():
            button.setProperty("outcome", key)
            button.clicked.connect(lambda _=False, k=key: self._record(k))
        self.reason = QLineEdit(objectName="bigField")
        self.reason.setMaxLength(500)
        self.reason_label = QLabel()
        self.problem = QLabel(objectName="fieldError", wordWrap=True)
        self.back_button = QPushButton(objectName="back")
        self.back_button.clicked.connect(self.back)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(30, 10, 30, 10)
        column.addWidget(self.title)
        column.addWidget(self.table, 1)
        column.addWidget(self.reason_label)
        column.addWidget(self.reason)
        column.addLayout(row)
        column.addWidget(self.problem)
        column.addWidget(self.back_button)
        self.retranslate()

    def load(self, staff_id: int) -> None:
        self.staff_id = staff_id
        day = business_date()
        run_op(self, lambda db: recent_requests(db, assisted_by=staff_id, day=day),
               self._loaded, self._failed)

    def _loaded(self, rows: list[RequestRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            outcome = outcome_name(row.outcome)
            if row.outcome_note:
                outcome += f" ({row.outcome_note})"
            for c, text in enumerate((local(row.created_at).strftime("%H:%M"), row.full_name,
                                      f"…{row.id_tail}", outcome)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _record(self, outcome: str) -> None:
        r = self.table.currentRow()
        if not 0 <= r < len(self.rows) or self.staff_id is None:
            self.problem.setText(self.tr("Choose a citizen in the list first."))
            return
        request_id: uuid.UUID = self.rows[r].id
        staff_id, note = self.staff_id, self.reason.text().strip() or None
        run_op(self, lambda db: record_outcome(db, request_id, staff_id, outcome, note),
               self._recorded, self._failed)

    def _recorded(self, _result: object) -> None:
        self.problem.setText("")
        self.reason.clear()
        if self.staff_id is not None:
            self.load(self.staff_id)

    def _failed(self, error: BaseException) -> None:
        self.problem.setText(user_message(error))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Account help given today"))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Citizen"),
                                              self.tr("Id number"), self.tr("Outcome")])
        for key, button in self.buttons.items():
            button.setText(outcome_name(key))
        self.reason_label.setText(self.tr("Why it could not be finished (required for "
                                          "\"could not finish\")"))
        self.back_button.setText(self.tr("Back"))
        if self.rows:
            self._loaded(self.rows)
