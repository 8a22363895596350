"""Print jobs end to end: rows in the database, real renderers, real transports, faults."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from escpos.printer import Dummy

from kiosk.cli import main
from kiosk.printables import to_data
from kiosk.services.print_jobs import get_job, pending_jobs, queue_job, reprint
from kiosk.services.printables import receipt_for_dossier
from kiosk.services.seed_demo import seed_demo
from printers.backends import DummyBackend, EscposBackend, PrinterRegistry
from printers.escpos_decode import decode_escpos
from printers.spooler import print_job, print_pending
from tests.fake_network_printer import FakeNetworkPrinter


@pytest.fixture
def receipt(db):
    seed_demo(db, 3, 11)
    from sqlalchemy import select

    from kiosk.models import Dossier

    with db.read() as s:
        code = s.scalars(select(Dossier.code).order_by(Dossier.code)).first()
    return receipt_for_dossier(db, code)


def registry_with(use: str, backend, folder: Path) -> PrinterRegistry:
    registry = PrinterRegistry({}, folder)
    registry.set_backend(use, backend)
    return registry


class HalfThenFine(Dummy):
    """A printer whose cable is pulled half way through the first job it gets."""

    failures = 1

    def _raw(self, msg: bytes) -> None:
        if HalfThenFine.failures:
            HalfThenFine.failures -= 1
            super()._raw(msg[: len(msg) // 2])
            raise OSError("the printer went away")
        super()._raw(msg)


def test_a_fault_mid_job_leaves_it_pending_and_a_retry_prints_it_once(db, receipt, tmp_path):
    printed: list[bytes] = []

    def opener():
        printer = HalfThenFine(profile="TM-T20II")
        printer.open = lambda *a, **k: None
        printer.close = lambda *a, **k: printed.append(printer.output)
        return printer

    backend = EscposBackend(opener, "TM-T20II", "text", "usb:04b8:0202")
    registry = registry_with("slip", backend, tmp_path)
    job_id = queue_job(db, "slip", "slip", to_data(receipt), receipt.dossier_id)

    outcome = print_job(db, job_id, registry)
    assert not outcome.printed and outcome.fault == "failed"
    job = get_job(db, job_id)
    assert job.state == "pending" and job.attempts == 1 and "went away" in job.last_error
    assert [j.id for j in pending_jobs(db)] == [job_id]

    outcomes = print_pending(db, registry)
    assert [o.printed for o in outcomes] == [True]
    assert print_pending(db, registry) == []  # nothing left: never printed twice
    assert get_job(db, job_id).state == "done"
    text = " ".join(decode_escpos(printed[-1]).text.split())  # lines wrap on a roll
    assert text.count(receipt.code) == 1
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert receipt.applicant_name in text


def test_network_printer_offline_then_back(db, receipt, tmp_path):
    spare = socket.socket()
    spare.bind(("127.0.0.1", 0))
    port = spare.getsockname()[1]
    spare.close()  # nothing listens there now: the printer is off
    registry = PrinterRegistry({"slip": (f"net:127.0.0.1:{port}", "TM-T20II", "text")}, tmp_path)
    job_id = queue_job(db, "slip", "slip", to_data(receipt))
    outcome = print_job(db, job_id, registry)
    assert outcome.fault == "offline" and "not reachable" in outcome.message
    assert get_job(db, job_id).state == "pending"

    printer = FakeNetworkPrinter()
    try:
        registry = PrinterRegistry({"slip": (printer.target, "TM-T20II", "text")}, tmp_path)
        assert print_job(db, job_id, registry).printed
    finally:
        printer.close()
    assert len(printer.jobs) == 1
    decoded = decode_escpos(printer.jobs[0].replace(b"\x10\x04\x04", b""))
    assert receipt.code in decoded.text and decoded.qr_payloads == [receipt.lookup]


def test_out_of_paper_is_said_and_the_job_waits(db, receipt, tmp_path):
    printer = FakeNetworkPrinter()
    printer.paper = False
    try:
        registry = PrinterRegistry({"ticket": (printer.target, "TM-T20II", "raster")}, tmp_path)
        job_id = queue_job(db, "test", "ticket", {"printer": "ticket",
                                                  "at": "2026-11-27T01:00:00+00:00"})
        outcome = print_job(db, job_id, registry)
    finally:
        printer.close()
    assert outcome.fault == "out_of_paper"
    assert get_job(db, job_id).last_error.startswith("out_of_paper")
    assert printer.jobs == []  # only the status query went out, not the ticket


def test_a4_receipt_without_a_printer_is_saved_as_pdf(db, receipt, settings):
    registry = PrinterRegistry.from_settings(settings)  # no target set: PDF in the data folder
    job_id = queue_job(db, "receipt", "receipt", to_data(receipt))
    assert print_job(db, job_id, registry).printed
    files = list((settings.folder / "prints" / "receipt").glob("*.pdf"))
    assert len(files) == 1 and files[0].read_bytes().startswith(b"%PDF")


def test_reprint_makes_a_new_job_with_the_same_content(db, receipt, tmp_path):
    backend = DummyBackend()
    registry = registry_with("slip", backend, tmp_path)
    first = queue_job(db, "slip", "slip", to_data(receipt))
    print_job(db, first, registry)
    again = reprint(db, first)
    assert again != first
    assert print_job(db, again, registry).printed
    assert print_job(db, first, registry).fault == "not_pending"
    assert len(backend.outputs) == 2
    assert decode_escpos(backend.outputs[0]).text == decode_escpos(backend.outputs[1]).text


def test_bad_job_data_never_crashes_the_spooler(db, tmp_path):
    registry = registry_with("slip", DummyBackend(), tmp_path)
    job_id = queue_job(db, "slip", "slip", {"code": 12})
    outcome = print_job(db, job_id, registry)
    assert not outcome.printed and get_job(db, job_id).state == "pending"


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_print_test_pending_retry_and_receipt(db_url, capsys, monkeypatch, receipt):
    monkeypatch.setenv("KIOSK_SLIP_PRINTER", "dummy")
    code, out, err = run_cli(capsys, "print", "test", "slip")
    assert code == 0, err
    assert '"printed": true' in out

    printer = FakeNetworkPrinter()
    printer.close()  # off
    monkeypatch.setenv("KIOSK_TICKET_PRINTER", printer.target)
    with pytest.raises(SystemExit) as exit_info:
        main(["print", "test", "ticket"])
    assert exit_info.value.code == 4
    out, err = capsys.readouterr()
    assert err.startswith("error: not printed on ticket") and len(err.strip().splitlines()) == 1
    code, out, _ = run_cli(capsys, "print", "pending")
    assert code == 0 and '"printer": "ticket"' in out and "offline" in out

    monkeypatch.setenv("KIOSK_TICKET_PRINTER", "dummy")
    code, out, _ = run_cli(capsys, "print", "retry")
    assert code == 0 and '"printed": true' in out
    code, out, _ = run_cli(capsys, "print", "pending")
    assert out == ""

    code, out, err = run_cli(capsys, "print", "receipt", receipt.code)
    assert code == 0, err
    code, _, err = run_cli(capsys, "print", "receipt", "nope-000000-0000")
    assert code == 2 and "No received dossier" in err
    with pytest.raises(SystemExit):
        main(["print", "test", "fax"])


@pytest.mark.parametrize("target, fault", [
    ("serial:/dev/ttyKIOSK-NONE:9600", "offline"),
    ("file:/proc/no-such-dir/lp0", "offline"),
    ("usb:zz:01", "config"),
    ("carrier-pigeon", "config"),
])
def test_every_transport_fails_with_a_fault_not_a_crash(db, tmp_path, target, fault):
    registry = PrinterRegistry({"ticket": (target, "TM-T20II", "text")}, tmp_path)
    job_id = queue_job(db, "test", "ticket", {"printer": "ticket",
                                              "at": "2026-11-27T01:00:00+00:00"})
    outcome = print_job(db, job_id, registry)
    assert not outcome.printed and outcome.fault == fault, outcome
    assert get_job(db, job_id).state == "pending"


def test_a_job_is_claimed_once_even_when_two_try_at_once(db, receipt):
    import threading

    from kiosk.db.engine import Database
    from kiosk.services.print_jobs import claim

    job_id = queue_job(db, "slip", "slip", to_data(receipt))
    got: list[object] = []
    start = threading.Barrier(4)

    def grab() -> None:
        mine = Database(db.url)
        start.wait()
        got.append(claim(mine, job_id))
        mine.dispose()

    threads = [threading.Thread(target=grab) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(g is not None for g in got) == 1
    assert get_job(db, job_id).state == "printing" and get_job(db, job_id).attempts == 1
    assert pending_jobs(db) == []  # being printed: not offered to a retry


def test_a_claim_left_by_a_dead_process_expires(db, receipt):
    from datetime import timedelta

    from kiosk.models import PrintJob
    from kiosk.services.print_jobs import claim

    job_id = queue_job(db, "slip", "slip", to_data(receipt))
    assert claim(db, job_id) is not None
    with db.write() as s:
        s.get(PrintJob, job_id).claimed_at -= timedelta(minutes=10)
    assert [j.id for j in pending_jobs(db)] == [job_id]
    assert claim(db, job_id).attempts == 2


def test_a_kiosk_without_a_ticket_printer_is_told_so(db, settings, tmp_path):
    registry = PrinterRegistry.from_settings(settings)
    job_id = queue_job(db, "test", "ticket", {"printer": "ticket",
                                              "at": "2026-11-27T01:00:00+00:00"})
    outcome = print_job(db, job_id, registry)
    assert outcome.fault == "config" and "No ticket printer is set" in outcome.message


def test_the_account_help_slip_round_trips_through_a_job(db, tmp_path):
    from kiosk.printables import to_data
    from tests.print_printables import sample_account_help

    backend = DummyBackend()
    registry = registry_with("slip", backend, tmp_path)
    job_id = queue_job(db, "account_help", "slip", to_data(sample_account_help()))
    assert print_job(db, job_id, registry).printed
    decoded = decode_escpos(backend.outputs[0])
    assert "Lò Văn Páo" in decoded.text
    assert decoded.qr_payloads == ["https://dichvucong.gov.vn", "https://vneid.gov.vn"]
