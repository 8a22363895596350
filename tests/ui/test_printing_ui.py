"""Printing from the app: off the GUI thread, stuck jobs shown to staff, retry and reprint."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.printables import to_data
from kiosk.services.print_jobs import get_job, pending_jobs, queue_job
from kiosk.services.printables import receipt_for_dossier
from kiosk.services.seed_demo import seed_demo
from printers.backends import DummyBackend, PrinterFault
from printers.layouts.receipt_layout import receipt_layout
from ui.system_printer import QtSystemBackend, preview


@pytest.fixture
def receipt(db):
    seed_demo(db, 2, 5)
    from sqlalchemy import select

    from kiosk.models import Dossier

    with db.read() as s:
        code = s.scalars(select(Dossier.code)).first()
    return receipt_for_dossier(db, code)


class Unplugged:
    description = "usb:04b8:0202"

    def print_layout(self, layout, job_ref):
        raise PrinterFault("offline", "usb:04b8:0202: not reachable (unplugged)")


def test_counter_shows_stuck_jobs_and_retry_prints_them(open_role, qtbot, db, receipt, print_pool):
    print_pool.registry.set_backend("slip", Unplugged())
    job_id = queue_job(db, "slip", "slip", to_data(receipt), terminal=print_pool.terminal)
    elsewhere = queue_job(db, "slip", "slip", to_data(receipt), terminal="another-pc")
    window = open_role("counter")
    with qtbot.waitSignal(print_pool.finished, timeout=10_000) as failed:
        print_pool.print_job(job_id)
    assert failed.args[1] is False and failed.args[2] == "offline"
    window.refresh()
    qtbot.waitUntil(lambda: window.print_bar.isVisible(), timeout=5000)
    assert "bản in chưa in được" in window.print_alert.text()

    dummy = DummyBackend()
    print_pool.registry.set_backend("slip", dummy)
    with qtbot.waitSignal(print_pool.finished, timeout=10_000) as done:
        qtbot.mouseClick(window.print_retry, Qt.MouseButton.LeftButton)
    assert done.args[1] is True
    qtbot.waitUntil(lambda: not window.print_bar.isVisible(), timeout=5000)
    assert len(dummy.outputs) == 1 and get_job(db, job_id).state == "done"
    assert get_job(db, elsewhere).state == "pending"  # another PC's job is not ours to print


def test_printing_never_blocks_the_gui_thread(open_role, qtbot, db, receipt, print_pool):
    import threading
    import time

    gui = threading.get_ident()
    seen: list[int] = []

    class Slow:
        description = "slow"

        def print_layout(self, layout, job_ref):
            seen.append(threading.get_ident())
            time.sleep(0.5)

    print_pool.registry.set_backend("slip", Slow())
    window = open_role("counter")
    job_id = queue_job(db, "slip", "slip", to_data(receipt), terminal=print_pool.terminal)
    started = time.perf_counter()
    print_pool.print_job(job_id)
    ticks: list[float] = []
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    while get_job(db, job_id).state != "done" and time.perf_counter() - started < 5:
        before = time.perf_counter()
        qtbot.wait(20)
        ticks.append(time.perf_counter() - before)
    assert seen and gui not in seen
    assert max(ticks) < 0.25  # the event loop kept turning while the printer was busy
    assert window.isVisible()


def test_admin_lists_jobs_and_reprints(open_role, qtbot, db, receipt, print_pool):
    dummy = DummyBackend()
    print_pool.registry.set_backend("slip", dummy)
    queue_job(db, "slip", "slip", to_data(receipt))
    window = open_role("admin")
    window.tabs.setCurrentWidget(window.prints)
    qtbot.waitUntil(lambda: window.prints.table.rowCount() == 1, timeout=5000)
    assert window.prints.table.item(0, 3).text() == "đang chờ in"
    window.prints.table.selectRow(0)
    with qtbot.waitSignal(print_pool.finished, timeout=10_000):
        qtbot.mouseClick(window.prints.reprint, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.prints.table.rowCount() == 2, timeout=5000)
    assert len(dummy.outputs) == 1
    assert len(pending_jobs(db)) == 1  # the first one was never printed; the reprint was


def test_system_printer_path_prints_both_copies(qapp, receipt, tmp_path: Path):
    from pypdf import PdfReader

    out = tmp_path / "through-qt.pdf"
    QtSystemBackend("system", output_file=str(out)).print_layout(receipt_layout(receipt), "j")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    assert "Liên 1: Lưu" in pages[0] and "GIẤY TIẾP NHẬN HỒ SƠ" in pages[0]
    assert receipt.code in pages[0]
    second = [i for i, text in enumerate(pages) if "Liên 2: Giao khách hàng" in text]
    assert len(second) == 1 and second[0] >= 1  # the second copy starts on a page of its own


def test_a_missing_system_printer_is_a_fault(qapp, receipt):
    with pytest.raises(PrinterFault) as fault:
        QtSystemBackend("system:NoSuchPrinter").print_layout(receipt_layout(receipt), "j")
    assert fault.value.code == "offline"


def test_preview_dialog_renders(qtbot, receipt):
    dialog = preview(None, receipt_layout(receipt))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.close()



def test_counter_says_why_and_opens_the_print_jobs(open_role, qtbot, db, receipt, print_pool):
    from ui.widgets.print_jobs_panel import PrintJobsPanel

    print_pool.registry.set_backend("slip", Unplugged())
    job_id = queue_job(db, "slip", "slip", to_data(receipt), terminal=print_pool.terminal)
    window = open_role("counter")
    with qtbot.waitSignal(print_pool.finished, timeout=10_000):
        print_pool.print_job(job_id)
    window.refresh()
    qtbot.waitUntil(lambda: window.print_bar.isVisible(), timeout=5000)
    assert "máy in không phản hồi" in window.print_alert.text()
    qtbot.mouseClick(window.print_jobs, Qt.MouseButton.LeftButton)
    panel = next(p for p in window.findChildren(PrintJobsPanel) if p.isVisible())
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    assert panel.table.item(0, 3).text() == "không in được"


def test_retry_stops_at_a_printer_that_is_down(qtbot, db, receipt, print_pool):
    print_pool.registry.set_backend("slip", Unplugged())
    jobs = [queue_job(db, "slip", "slip", to_data(receipt), terminal=print_pool.terminal)
            for _ in range(3)]
    with qtbot.waitSignal(print_pool.finished, timeout=10_000) as first:
        print_pool.retry_pending()
    assert first.args[0] == jobs[0] and first.args[2] == "offline"
    with qtbot.assertNotEmitted(print_pool.finished, wait=300):
        pass  # nothing else is tried on the dead printer
    assert [get_job(db, j).attempts for j in jobs] == [1, 0, 0]

    dummy = DummyBackend()
    print_pool.registry.set_backend("slip", dummy)
    print_pool.retry_pending()
    qtbot.waitUntil(lambda: all(get_job(db, j).state == "done" for j in jobs), timeout=10_000)
    assert len(dummy.outputs) == 3
