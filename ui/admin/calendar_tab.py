"""The admin's tab for what appointment dates and fees depend on: the holiday table (days
off, Tết, make-up working Saturdays) and the bank account fees are transferred to.

The government fixes Tết and the swapped days each year, so the admin corrects the
bundled table here; receipts from then on count over it. GUI thread; every read and
change is an op on the DB worker.
"""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QFormLayout, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.clock import business_date
from kiosk.services.holidays import HolidayInfo, list_holidays, remove_holiday, set_holiday
from kiosk.services.office_setup import OfficeInfo, office_info, set_bank_account
from ui.error_text import user_message
from ui.runner import run_op
from ui.widgets.live_language import Retranslating


class CalendarTab(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.holidays: list[HolidayInfo] = []
        self.bank_loaded = False
        self.year = QSpinBox(objectName="holidayYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(business_date().year)
        self.year.valueChanged.connect(lambda _y: self.load())
        self.table = QTableWidget(0, 3, objectName="holidayTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.day = QDateEdit(objectName="holidayDay", calendarPopup=True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(QDate.currentDate())
        self.name = QLineEdit(objectName="holidayName")
        self.name.setMaxLength(200)
        self.make_up = QCheckBox(objectName="holidayMakeUp")
        self.add = QPushButton(objectName="holidayAdd")
        self.add.clicked.connect(self.save_day)
        self.remove = QPushButton(objectName="holidayRemove")
        self.remove.clicked.connect(self.remove_day)
        self.message = QLabel(objectName="hint")
        self.message.setWordWrap(True)
        self.bank_bin = QLineEdit(objectName="bankBin")
        self.bank_bin.setMaxLength(6)
        self.bank_account = QLineEdit(objectName="bankAccount")
        self.bank_account.setMaxLength(19)
        self.bank_holder = QLineEdit(objectName="bankHolder")
        self.bank_holder.setMaxLength(100)
        self.save_bank = QPushButton(objectName="saveBank")
        self.save_bank.clicked.connect(self.save_account)
        top = QHBoxLayout()
        self.year_label = QLabel()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.remove)
        add_row = QHBoxLayout()
        add_row.addWidget(self.day)
        add_row.addWidget(self.name, 1)
        add_row.addWidget(self.make_up)
        add_row.addWidget(self.add)
        self.bank_form = QFormLayout()
        self.bank_labels = [QLabel(), QLabel(), QLabel()]
        for label, field in zip(self.bank_labels, (self.bank_bin, self.bank_account,
                                                   self.bank_holder), strict=True):
            self.bank_form.addRow(label, field)
        self.bank_title = QLabel(objectName="panelTitle")
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addLayout(add_row)
        column.addWidget(self.message)
        column.addWidget(self.bank_title)
        column.addLayout(self.bank_form)
        column.addWidget(self.save_bank)
        self.retranslate()

    def load(self) -> None:
        year = self.year.value()
        run_op(self, lambda db: (list_holidays(db, year), office_info(db)), self._loaded,
               self._failed)

    def _loaded(self, result: tuple[list[HolidayInfo], OfficeInfo]) -> None:
        self.holidays, office = result
        self.table.setRowCount(len(self.holidays))
        for row, day in enumerate(self.holidays):
            kind = self.tr("make-up working day") if day.working_saturday else self.tr("day off")
            for col, text in enumerate((f"{day.day:%d/%m/%Y}", day.name, kind)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if not self.bank_loaded:  # never over what the admin is typing
            self.bank_loaded = True
            self.bank_bin.setText(office.bank_bin or "")
            self.bank_account.setText(office.bank_account or "")
            self.bank_holder.setText(office.bank_account_name or "")

    def save_day(self) -> None:
        day = self.day.date().toPython()
        name, make_up = self.name.text(), self.make_up.isChecked()
        run_op(self, lambda db: set_holiday(db, day, name, working_saturday=make_up),
               lambda _h: self._changed(self.tr("Saved. Appointments from now on count over "
                                                "it.")), self._failed)

    def remove_day(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        if not rows:
            self.message.setText(self.tr("Select a day in the table first."))
            return
        day = self.holidays[rows[0]].day
        run_op(self, lambda db: remove_holiday(db, day),
               lambda _r: self._changed(self.tr("Removed.")), self._failed)

    def save_account(self) -> None:
        bin_, account, holder = (self.bank_bin.text(), self.bank_account.text(),
                                 self.bank_holder.text())
        run_op(self, lambda db: set_bank_account(db, bin_, account, holder),
               lambda _o: self._bank_saved(), self._failed)

    def _bank_saved(self) -> None:
        self.bank_loaded = False  # show what was stored (trimmed, or removed)
        self._changed(self.tr("Saved: receipts show a VietQR code for fees paid by transfer."))

    def _changed(self, text: str) -> None:
        self.message.setText(text)
        self.load()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(user_message(error))

    def retranslate(self) -> None:
        self.year_label.setText(self.tr("Year:"))
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Name"),
                                              self.tr("Kind")])
        self.name.setPlaceholderText(self.tr("Name, e.g. Tết Nguyên đán"))
        self.make_up.setText(self.tr("make-up working day"))
        self.add.setText(self.tr("Add or change"))
        self.remove.setText(self.tr("Remove the selected day"))
        self.bank_title.setText(self.tr("Fees by bank transfer"))
        for label, text in zip(self.bank_labels, (self.tr("Bank BIN (6 digits)"),
                                                  self.tr("Account number"),
                                                  self.tr("Account holder")), strict=True):
            label.setText(text)
        self.save_bank.setText(self.tr("Save the account"))
