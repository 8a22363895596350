"""Write docs/print-samples/: the receipt (A4) and a ticket (80 mm) as PDF and PNG, for people to look at.

Run from the repository root after changing printers/pdf_render.py:

    .venv/bin/python scripts/render_print_samples.py [--out DIR]

A development tool only (main thread, no Qt, no database). The layouts are
the hand-built ones of tests/print_samples.py that the unit tests check, so
what is looked at here is what is tested. PNGs come from poppler's pdftoppm
at 110 dpi, one per page (receipt-a4-1.png is Liên 1, receipt-a4-2.png Liên 2).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from printers.pdf_render import render_pdf_file  # noqa: E402
from tests.print_samples import receipt_a4, ticket_80mm  # noqa: E402

SAMPLES = {"receipt-a4": receipt_a4, "ticket-80mm": ticket_80mm}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "print-samples")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in SAMPLES.items():
        started = time.perf_counter()
        pdf = render_pdf_file(build(), args.out / f"{name}.pdf")
        for old in args.out.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "110", "-png", str(pdf), str(args.out / name)], check=True)
        pngs = sorted(p.name for p in args.out.glob(f"{name}-*.png"))
        print(f"{pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}: "
              f"{pdf.stat().st_size} bytes, {', '.join(pngs)} ({time.perf_counter() - started:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
