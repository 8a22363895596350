"""The `system[:NAME]` printer backend: A4 through Qt's print support (CUPS on Linux).

Registered into the PrinterRegistry by the app at start; called on a printing
pool thread. Also the counter's print preview, on the GUI thread.
"""
from __future__ import annotations

import threading

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from printers.backends import PrinterFault
from printers.layout import Layout, Paper
from ui.layout_document import layout_document


def _printer_for(layout: Layout, name: str, output_file: str | None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if output_file:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(output_file)
    elif name:
        printer.setPrinterName(name)
    printer.setDocName(layout.title)
    size = QPageSize(QPageSize.PageSizeId.A4) if layout.paper is Paper.A4 else \
        QPageSize(QPageSize.PageSizeId.Custom)
    if layout.paper is Paper.A4:
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


class QtSystemBackend:
    """Prints on the named system printer (or the default one); `output_file` makes a PDF
    through the same Qt path, for tests and for offices that print from another machine."""

    _lock = threading.Lock()  # Qt printing is not for two threads at once

    def __init__(self, target: str, output_file: str | None = None) -> None:
        self.name = target.partition(":")[2]
        self.output_file = output_file
        self.description = target

    def print_layout(self, layout: Layout, job_ref: str) -> None:
        with QtSystemBackend._lock:
            self._print(layout)

    def _print(self, layout: Layout) -> None:
        if not self.output_file:
            names = [p.printerName() for p in QPrinterInfo.availablePrinters()]
            if not names or (self.name and self.name not in names):
                raise PrinterFault("offline", f"{self.description}: no such system printer")
        printer = _printer_for(layout, self.name, self.output_file)
        if not printer.isValid():
            raise PrinterFault("offline", f"{self.description}: printer not valid")
        layout_document(layout).print_(printer)


def preview(parent: QWidget, layout: Layout) -> QPrintPreviewDialog:
    """Qt's preview dialog for a layout; its Print button prints to the chosen printer."""
    printer = _printer_for(layout, "", None)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ref = printer  # the dialog holds a raw pointer: keep the QPrinter alive
    dialog.paintRequested.connect(lambda target: layout_document(layout).print_(target))
    return dialog
