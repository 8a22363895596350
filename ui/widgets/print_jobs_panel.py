"""Print jobs for staff: what is waiting or failed, with retry, reprint, preview and a test page.

GUI thread; reads through `run_op`, prints through the PrintPool.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from kiosk.clock import local, utc_now
from kiosk.services.print_jobs import PrintJobInfo, queue_job, recent_jobs, reprint
from kiosk.settings import PRINTER_USES
from printers.backends import PrinterFault
from printers.spooler import layout_for
from ui.print_pool import current_pool
from ui.runner import run_op
from ui.widgets.live_language import Retranslating


class PrintJobsPanel(Retranslating, QWidget):
    """The admin's list of print jobs with retry, reprint, preview and test page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs: list[PrintJobInfo] = []
        self.table = QTableWidget(0, 6, objectName="printJobs")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.retry = QPushButton(objectName="retryPrints")
        self.reprint = QPushButton(objectName="reprint")
        self.preview = QPushButton(objectName="preview")
        self.test_printer = QComboBox(objectName="testPrinter")
        self.test = QPushButton(objectName="testPage")
        self.retry.clicked.connect(self._retry)
        self.reprint.clicked.connect(self._reprint)
        self.preview.clicked.connect(self._preview)
        self.test.clicked.connect(self._test)
        buttons = QHBoxLayout()
        for widget in (self.retry, self.reprint, self.preview):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.test_printer)
        buttons.addWidget(self.test)
        column = QVBoxLayout(self)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        current_pool().finished.connect(lambda *_: self.reload())
        self.retranslate()

    def reload(self) -> None:
        run_op(self, lambda db: recent_jobs(db, 200), self._loaded)

    def _loaded(self, jobs: list[PrintJobInfo]) -> None:
        self.jobs = jobs
        self._render()

    def _state(self, job: PrintJobInfo) -> str:
        if job.state == "done":
            return self.tr("printed")
        if job.state == "cancelled":
            return self.tr("cancelled")
        return self.tr("did not print") if job.attempts else self.tr("waiting")

    def _render(self) -> None:
        names = self._printer_names()
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            values = (f"{local(job.created_at):%H:%M %d/%m}", job.kind,
                      names.get(job.printer, job.printer), self._state(job), str(job.attempts),
                      job.last_error or "")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if job.stuck:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)

    def selected(self) -> PrintJobInfo | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.jobs[rows.pop()] if len(rows) == 1 else None

    def _retry(self) -> None:
        current_pool().retry_pending()

    def _reprint(self) -> None:
        job = self.selected()
        if job is not None:
            run_op(self, lambda db: reprint(db, job.id), current_pool().print_job)

    def _preview(self) -> None:
        from ui.system_printer import preview

        job = self.selected()
        if job is None:
            return
        try:
            layout = layout_for(job)
        except PrinterFault as fault:
            self.window().show_message(fault.message)
            return
        preview(self, layout).open()

    def _test(self) -> None:
        printer = PRINTER_USES[max(0, self.test_printer.currentIndex())]
        data = {"printer": printer, "at": utc_now().isoformat()}
        terminal = current_pool().terminal
        run_op(self, lambda db: queue_job(db, "test", printer, data, terminal=terminal),
               current_pool().print_job)

    def _printer_names(self) -> dict[str, str]:
        return {"ticket": self.tr("ticket printer"), "slip": self.tr("counter slip printer"),
                "receipt": self.tr("A4 printer")}

    def retranslate(self) -> None:
        self.retry.setText(self.tr("Retry waiting jobs"))
        self.reprint.setText(self.tr("Reprint"))
        self.preview.setText(self.tr("Preview"))
        self.test.setText(self.tr("Print a test page"))
        names = self._printer_names()
        index = self.test_printer.currentIndex()
        self.test_printer.clear()
        self.test_printer.addItems([names[use] for use in PRINTER_USES])
        self.test_printer.setCurrentIndex(max(0, index))
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Kind"), self.tr("Printer"),
                                              self.tr("State"), self.tr("Tries"),
                                              self.tr("Problem")])
        self._render()
