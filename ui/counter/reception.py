"""Receiving a dossier at the counter: find the draft the citizen made (by the ticket being
served, a ticket number, a scanned ticket QR or a name), or start one; check the answers
in the wizard; tick the papers handed in, with copies and scans (files, or photos
where Qt finds a camera); take the fee (cash, or
a transfer by the VietQR printed on the receipt); receive, which prints the receipt.

GUI thread. Finding, saving and receiving are ops on the DB worker; the receipt prints
on the print pool; a scan file is copied into the data folder on the DB worker too.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QRadioButton, QSpinBox, QStackedWidget, QTableWidget, QVBoxLayout,
                               QWidget)

from kiosk.attachments import store, store_bytes
from kiosk.clock import local
from kiosk.services.dossiers import (DossierInfo, attach_scan, find_drafts, get_dossier,
                                     start_draft)
from kiosk.services.procedures import ProcedureChoice, procedures_for_dossiers
from kiosk.services.reception import DocumentCheck, Received, receive
from kiosk.settings import data_dir
from ui.counter.camera_capture import CameraDialog, camera_available
from ui.error_text import user_message
from ui.print_pool import current_pool
from ui.runner import run_op
from ui.widgets.live_language import Retranslating
from ui.widgets.procedure_picker import ProcedurePicker
from ui.wizard.wizard import DossierWizard

METHODS = ("cash", "transfer", "free")
UNKNOWN_FEE = -1  # the fee box before the officer enters a fee the province sets


class ReceptionPanel(Retranslating, QWidget):
    back = Signal()
    received = Signal(object)  # Received

    def __init__(self, officer_id: Callable[[], int | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.officer_id = officer_id
        self.starting = False
        self.has_camera = camera_available()  # a photo button only where Qt finds a camera
        self.dossier: DossierInfo | None = None
        self.found: list[DossierInfo] = []
        self.pages = QStackedWidget()
        self.find_page = self._find_page()
        self.picker = ProcedurePicker(with_keyboard=False)
        self.picker.back.connect(lambda: self.pages.setCurrentWidget(self.find_page))
        self.picker.chosen.connect(self._new_dossier)
        self.wizard = DossierWizard(keyboard=False)
        self.wizard.left.connect(lambda: self.pages.setCurrentWidget(self.find_page))
        self.wizard.finished.connect(self.show_checklist)
        self.checklist_page = self._checklist_page()
        self.done_page = self._done_page()
        for page in (self.find_page, self.picker, self.wizard, self.checklist_page,
                     self.done_page):
            self.pages.addWidget(page)
        self.message = QLabel(objectName="fieldError")
        self.message.setWordWrap(True)
        self.message.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.message)
        column.addWidget(self.pages, 1)
        self.retranslate()

    # --- finding --------------------------------------------------------------------------

    def _find_page(self) -> QWidget:
        page = QWidget()
        self.find_title = QLabel(objectName="panelTitle")
        self.key = QLineEdit(objectName="numberInput")
        self.key.returnPressed.connect(self.find)
        self.find_button = QPushButton(objectName="callNumber")
        self.find_button.clicked.connect(self.find)
        self.results = QListWidget(objectName="draftList")
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        self.new_button = QPushButton(objectName="callButton")
        self.new_button.clicked.connect(self.new_dossier)
        self.back_button = QPushButton(objectName="back")
        self.back_button.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(self.key, 1)
        row.addWidget(self.find_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.back_button)
        bottom.addStretch(1)
        bottom.addWidget(self.new_button)
        column = QVBoxLayout(page)
        column.addWidget(self.find_title)
        column.addLayout(row)
        column.addWidget(self.results, 1)
        column.addLayout(bottom)
        return page

    def start(self, ticket_label: str | None) -> None:
        """Open the panel; with the ticket being served, look its drafts up at once."""
        self.message.hide()
        self.dossier = None
        self.pages.setCurrentWidget(self.find_page)
        self.key.setText(ticket_label or "")
        self.results.clear()
        self.key.setFocus()
        if ticket_label:
            self.find()

    def find(self) -> None:
        key = self.key.text().strip()
        if not key:
            return
        run_op(self, lambda db: find_drafts(db, key), self._found, self.failed)

    def _found(self, found: list[DossierInfo]) -> None:
        self.message.hide()
        self.found = found
        self.results.clear()
        for info in found:
            when = local(info.updated_at).strftime("%H:%M %d/%m")
            name = info.applicant.full_name or self.tr("(no name yet)")
            item = QListWidgetItem(f"{info.procedure_name} — {name} — {when}")
            item.setData(Qt.ItemDataRole.UserRole, str(info.id))
            self.results.addItem(item)
        if not found:
            self.show_message(self.tr("No draft for that. Start a new dossier, or check the "
                                      "number."))
        elif len(found) == 1:
            self.open_dossier(found[0])

    def _open_item(self, item: QListWidgetItem) -> None:
        wanted = item.data(Qt.ItemDataRole.UserRole)
        info = next((d for d in self.found if str(d.id) == wanted), None)
        if info is not None:
            self.open_dossier(info)

    def open_dossier(self, info: DossierInfo) -> None:
        """Read the draft again (a list may be minutes old), then open it."""
        dossier_id = info.id
        run_op(self, lambda db: get_dossier(db, dossier_id), self._opened, self.failed)

    def _opened(self, info: DossierInfo) -> None:
        if info.state != "draft":
            self.show_message(self.tr("This dossier was already received."))
            return
        self.message.hide()
        self.dossier = info
        self.wizard.open(info)
        self.pages.setCurrentWidget(self.wizard)

    def new_dossier(self) -> None:
        self.pages.setCurrentWidget(self.picker)
        run_op(self, procedures_for_dossiers, self.picker.set_choices, self.failed)

    def _new_dossier(self, choice: ProcedureChoice) -> None:
        if self.starting:  # a double click makes one draft
            return
        self.starting = True
        officer = self.officer_id()

        def started(info: DossierInfo) -> None:
            self.starting = False
            self._opened(info)

        def failed(error: BaseException) -> None:
            self.starting = False
            self.failed(error)

        run_op(self, lambda db: start_draft(db, choice.code, source="counter",
                                            assisted_by=officer), started, failed)

    # --- the papers and the fee -----------------------------------------------------------

    def _checklist_page(self) -> QWidget:
        page = QWidget()
        self.check_title = QLabel(objectName="panelTitle")
        self.check_title.setWordWrap(True)
        self.papers = QTableWidget(0, 4, objectName="papersTable")
        self.papers.verticalHeader().hide()
        header = self.papers.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.fee_label = QLabel()
        self.fee = QSpinBox(objectName="feeInput")
        self.fee.setRange(UNKNOWN_FEE, 2_000_000_000)  # -1: not entered yet
        self.fee.setSingleStep(1000)
        self.fee.setGroupSeparatorShown(True)
        self.fee.valueChanged.connect(self._fee_changed)
        self.methods = QButtonGroup(self)
        self.method_buttons = {m: QRadioButton(objectName=f"pay_{m}") for m in METHODS}
        fee_row = QHBoxLayout()
        fee_row.addWidget(self.fee_label)
        fee_row.addWidget(self.fee)
        for index, button in enumerate(self.method_buttons.values()):
            self.methods.addButton(button, index)
            fee_row.addWidget(button)
        fee_row.addStretch(1)
        self.receive_button = QPushButton(objectName="callButton")
        self.receive_button.clicked.connect(self.receive)
        self.edit_button = QPushButton(objectName="back")
        self.edit_button.clicked.connect(lambda: self.pages.setCurrentWidget(self.wizard))
        bottom = QHBoxLayout()
        bottom.addWidget(self.edit_button)
        bottom.addStretch(1)
        bottom.addWidget(self.receive_button)
        column = QVBoxLayout(page)
        column.addWidget(self.check_title)
        column.addWidget(self.papers, 1)
        column.addLayout(fee_row)
        column.addLayout(bottom)
        return page

    def show_checklist(self, info: DossierInfo) -> None:
        self.dossier = info
        self.message.hide()
        self._fill_papers(info)
        # a fee the province sets is typed by the officer: until then the box says so
        self.fee.setValue(UNKNOWN_FEE if info.fee_vnd is None else info.fee_vnd)
        self._fee_changed(self.fee.value())
        self.retranslate()
        self.pages.setCurrentWidget(self.checklist_page)

    def _fill_papers(self, info: DossierInfo) -> None:
        self.papers.setRowCount(len(info.documents))
        for row, paper in enumerate(info.documents):
            tick = QCheckBox(objectName="paperReceived")
            tick.setChecked(paper.received)
            copies = QSpinBox(objectName="paperCopies")
            copies.setRange(0, 99)
            copies.setValue(paper.copies)
            scan = QWidget()
            buttons = QHBoxLayout(scan)
            buttons.setContentsMargins(0, 0, 0, 0)
            attach = QPushButton(self.tr("Scan attached ✓") if paper.attachment_sha256
                                 else self.tr("Attach scan…"), objectName="attachScan")
            attach.clicked.connect(lambda _=False, p=paper.position: self.attach(p))
            buttons.addWidget(attach)
            if self.has_camera:
                photo = QPushButton(self.tr("Photo…"), objectName="takePhoto")
                photo.clicked.connect(lambda _=False, p=paper.position: self.photograph(p))
                buttons.addWidget(photo)
            self.papers.setCellWidget(row, 0, tick)
            originals = self.tr("originals: %1").replace("%1", str(paper.originals))
            name = QLabel(f"{paper.name} ({originals})" if paper.originals else paper.name)
            name.setWordWrap(True)
            self.papers.setCellWidget(row, 1, name)
            self.papers.setCellWidget(row, 2, copies)
            self.papers.setCellWidget(row, 3, scan)
        self.papers.resizeRowsToContents()

    def _fee_changed(self, value: int) -> None:
        if value == UNKNOWN_FEE:  # nothing chosen until the amount is known
            self.methods.setExclusive(False)
            for button in self.method_buttons.values():
                button.setChecked(False)
                button.setEnabled(True)
            self.methods.setExclusive(True)
            return
        free = value == 0
        self.method_buttons["free"].setEnabled(free)
        for method in ("cash", "transfer"):
            self.method_buttons[method].setEnabled(not free)
        wanted = "free" if free else ("cash" if self.method() in (None, "free") else
                                      self.method())
        self.method_buttons[wanted].setChecked(True)

    def method(self) -> str | None:
        return next((m for m, b in self.method_buttons.items() if b.isChecked()), None)

    def checks(self) -> list[DocumentCheck]:
        assert self.dossier is not None
        out = []
        for row, paper in enumerate(self.dossier.documents):
            tick = self.papers.cellWidget(row, 0)
            copies = self.papers.cellWidget(row, 2)
            out.append(DocumentCheck(paper.position, tick.isChecked(), copies.value()))
        return out

    def attach(self, position: int) -> None:
        assert self.dossier is not None
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Attach a scan"), str(Path.home()),
                                              self.tr("Scans (*.jpg *.jpeg *.png *.pdf)"))
        if path:
            self.attach_file(position, Path(path))

    def photograph(self, position: int) -> None:
        dialog = CameraDialog(self)
        dialog.photographed.connect(lambda data: self.attach_photo(position, data))
        dialog.open()

    def attach_photo(self, position: int, jpeg: bytes) -> None:
        assert self.dossier is not None
        dossier_id, folder, ticks = self.dossier.id, data_dir(), self.checks()
        name = f"anh-{position + 1}.jpg"
        run_op(self, lambda db: attach_scan(db, dossier_id, position,
                                            store_bytes(folder, jpeg, name)),
               lambda info: self._attached(info, ticks), self.failed)

    def attach_file(self, position: int, path: Path) -> None:
        assert self.dossier is not None
        dossier_id, folder = self.dossier.id, data_dir()
        ticks = self.checks()
        run_op(self, lambda db: attach_scan(db, dossier_id, position, store(folder, path)),
               lambda info: self._attached(info, ticks), self.failed)

    def _attached(self, info: DossierInfo, ticks: list[DocumentCheck]) -> None:
        if self.dossier is None or info.id != self.dossier.id:
            return  # another dossier is open now; the scan is kept with its own
        self.dossier = info
        self._fill_papers(info)  # the fee and how it is paid stay as the officer set them
        for row, check in enumerate(ticks):  # keep what was ticked before the scan
            if not info.documents[row].attachment_sha256:
                self.papers.cellWidget(row, 0).setChecked(check.received)
            self.papers.cellWidget(row, 2).setValue(check.copies or 0)

    def receive(self) -> None:
        if self.dossier is None:
            return
        if self.officer_id() is None:  # the receipt names who received it
            self.show_message(self.tr("Sign in first: the receipt names the officer who "
                                      "receives the dossier."))
            return
        dossier_id, checks, method = self.dossier.id, self.checks(), self.method() or "cash"
        fee, officer, terminal = self.fee.value(), self.officer_id(), current_pool().terminal
        if fee == UNKNOWN_FEE:
            fee = None  # refused: "this procedure's fee depends on the case: enter it"
        token = self.dossier.updated_at  # what the officer checked, not a later save
        self.receive_button.setEnabled(False)
        run_op(self, lambda db: receive(db, dossier_id, officer_id=officer, documents=checks,
                                        payment_method=method, fee_vnd=fee, terminal=terminal,
                                        expected_updated_at=token),
               self._received, self._refused)

    def _refused(self, error: BaseException) -> None:
        self.receive_button.setEnabled(True)
        self.failed(error)

    def _received(self, result: Received) -> None:
        self.receive_button.setEnabled(True)
        current_pool().print_job(result.print_job_id)
        self.last = result
        info = result.dossier
        when = local(info.appointment_at).strftime("%H:%M %d/%m/%Y") \
            if info.appointment_at else "—"
        self.done_text.setText(self.tr("Dossier %1 received. Result expected: %2. The receipt "
                                       "is printing.").replace("%1", info.code or "")
                               .replace("%2", when))
        self.pages.setCurrentWidget(self.done_page)
        self.received.emit(result)

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_text = QLabel(objectName="currentInfo", alignment=Qt.AlignmentFlag.AlignCenter)
        self.done_text.setWordWrap(True)
        self.reprint = QPushButton(objectName="back")
        self.reprint.clicked.connect(lambda: current_pool().print_job(self.last.print_job_id))
        self.done_button = QPushButton(objectName="callButton")
        self.done_button.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(self.reprint)
        row.addStretch(1)
        row.addWidget(self.done_button)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(self.done_text)
        column.addStretch(1)
        column.addLayout(row)
        return page

    # --- words ----------------------------------------------------------------------------

    def failed(self, error: BaseException) -> None:
        self.show_message(user_message(error))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def retranslate(self) -> None:
        self.find_title.setText(self.tr("Receive a dossier"))
        self.key.setPlaceholderText(self.tr("Ticket number, scanned ticket, id number or "
                                            "name"))
        self.find_button.setText(self.tr("Find the draft"))
        self.new_button.setText(self.tr("New dossier…"))
        self.back_button.setText(self.tr("‹ Back to the queue"))
        self.papers.setHorizontalHeaderLabels([self.tr("Received"), self.tr("Paper"),
                                               self.tr("Copies"), self.tr("Scan")])
        self.fee_label.setText(self.tr("Fee (đồng):"))
        self.fee.setSpecialValueText(self.tr("enter the fee"))
        names = {"cash": self.tr("Cash"), "transfer": self.tr("Bank transfer (VietQR)"),
                 "free": self.tr("Free")}
        for method, button in self.method_buttons.items():
            button.setText(names[method])
        self.receive_button.setText(self.tr("Receive and print the receipt"))
        self.edit_button.setText(self.tr("‹ Check the answers"))
        self.reprint.setText(self.tr("Print again"))
        self.done_button.setText(self.tr("Back to the queue"))
        if self.dossier is not None:
            self.check_title.setText(self.tr("%1: tick the papers handed in").replace(
                "%1", self.dossier.procedure_name))
