"""Rendering speed of the printed things: `python -m bench.printing [--runs N]`.

Goals (issue 3): a ticket to ESC/POS bytes under 20 ms, an A4 receipt (two
copies) to PDF under 150 ms. Layout building is included: it is part of every
print. Printed: median and 95th percentile over N runs after one warm-up.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from printers.escpos_render import escpos_bytes
from printers.layout import Paper
from printers.layouts.receipt_layout import receipt_layout
from printers.layouts.ticket_layout import ticket_layout
from printers.pdf_render import render_pdf
from tests.print_printables import sample_receipt, sample_ticket


def measure(label: str, work: Callable[[], bytes], runs: int, goal_ms: float | None) -> None:
    size = len(work())  # warm-up: fonts, code page tables
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    verdict = "" if goal_ms is None else (" (goal < %.0f ms: %s)" % (
        goal_ms, "met" if statistics.median(times) < goal_ms else "MISSED"))
    print(f"{label}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
          f"{size:,} bytes{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    runs = parser.parse_args().runs
    ticket, receipt = sample_ticket(), sample_receipt()
    measure("ticket -> ESC/POS, text mode (TM-T20II)",
            lambda: escpos_bytes(ticket_layout(ticket), profile="TM-T20II"), runs, 20)
    measure("ticket -> ESC/POS, raster mode (TM-T20II)",
            lambda: escpos_bytes(ticket_layout(ticket), profile="TM-T20II",
                                 vietnamese="raster"), runs, 20)
    measure("ticket -> PDF 80 mm", lambda: render_pdf(ticket_layout(ticket)), runs, None)
    measure("A4 receipt, 2 copies -> PDF", lambda: render_pdf(receipt_layout(receipt)), runs, 150)
    measure("receipt slip -> ESC/POS, text mode",
            lambda: escpos_bytes(receipt_layout(receipt, Paper.ROLL_80), profile="TM-T20II"),
            runs, None)


if __name__ == "__main__":
    main()
