"""The admin's "Account help" tab: help given per volunteer per day, and its outcomes.

A row per business day and helper (the kiosk alone is its own row) over the last
7, 30 or 90 days. GUI thread; read through `run_op`.
"""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.clock import business_date
from kiosk.services.account_requests import HelpStat, help_by_volunteer
from ui.error_text import user_message
from ui.runner import run_op
from ui.widgets.live_language import Retranslating

SPANS = (7, 30, 90)


class AccountHelpTab(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats: list[HelpStat] = []
        self.span = QComboBox(objectName="helpSpan")
        self.span.currentIndexChanged.connect(lambda _i: self.load())
        self.span_label = QLabel()
        self.problem = QLabel(objectName="fieldError", wordWrap=True)
        self.table = QTableWidget(0, 7, objectName="helpStats")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        row = QHBoxLayout()
        row.addWidget(self.span_label)
        row.addWidget(self.span)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.table, 1)
        column.addWidget(self.problem)
        self.retranslate()

    def load(self) -> None:
        days = SPANS[max(self.span.currentIndex(), 0)]
        end = business_date()
        start = end - timedelta(days=days - 1)
        run_op(self, lambda db: help_by_volunteer(db, start, end), self._loaded,
               lambda error: self.problem.setText(user_message(error)))

    def _loaded(self, stats: list[HelpStat]) -> None:
        self.stats = stats
        self._render()

    def _render(self) -> None:
        kiosk = self.tr("kiosk, no volunteer")
        self.table.setRowCount(len(self.stats))
        for r, stat in enumerate(self.stats):
            for c, value in enumerate((stat.day.strftime("%d/%m/%Y"), stat.volunteer or kiosk,
                                       stat.requests, stat.account_works,
                                       stat.needs_police_activation, stat.not_finished,
                                       stat.no_outcome)):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))

    def retranslate(self) -> None:
        self.span_label.setText(self.tr("Show the last"))
        index = self.span.currentIndex()
        self.span.blockSignals(True)
        self.span.clear()
        self.span.addItems([self.tr("%1 days").replace("%1", str(n)) for n in SPANS])
        self.span.setCurrentIndex(max(index, 0))
        self.span.blockSignals(False)
        self.table.setHorizontalHeaderLabels([
            self.tr("Day"), self.tr("Helped by"), self.tr("Requests"),
            self.tr("Account works"), self.tr("Needs the police"), self.tr("Could not finish"),
            self.tr("No outcome yet")])
        self._render()
