"""Write docs/print-samples/: every layout as PDF and PNG, and the thermal ones as the
ESC/POS raster image a printer would print, for people to look at.

    .venv/bin/python scripts/render_print_samples.py [--out DIR]

A development tool (main thread, no Qt, no database). The printables are those
of tests/print_printables.py, which the tests check, so what is looked at is
what is tested. PNGs from poppler's pdftoppm at 110 dpi, one per page.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from printers.escpos_decode import decode_escpos  # noqa: E402
from printers.escpos_render import escpos_bytes  # noqa: E402
from printers.layout import Paper  # noqa: E402
from printers.pdf_render import render_pdf_file  # noqa: E402
from tests.print_printables import sample_layouts  # noqa: E402


def stack(images: list[Image.Image]) -> Image.Image:
    width = max(i.width for i in images)
    sheet = Image.new("1", (width, sum(i.height for i in images)), 1)
    y = 0
    for image in images:
        sheet.paste(image.convert("1"), ((width - image.width) // 2, y))
        y += image.height
    return sheet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "print-samples")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*"):
        old.unlink()
    for name, layout in sample_layouts().items():
        pdf = render_pdf_file(layout, args.out / f"{name}.pdf")
        subprocess.run(["pdftoppm", "-r", "110", "-png", str(pdf), str(args.out / name)],
                       check=True)
        made = [pdf.name] + sorted(p.name for p in args.out.glob(f"{name}-*.png"))
        if layout.paper is Paper.ROLL_80:
            raster = decode_escpos(escpos_bytes(layout, profile="TM-T20II", vietnamese="raster"))
            target = args.out / f"{name}-escpos-raster.png"
            stack(raster.images).save(target)
            made.append(target.name)
        print(", ".join(made))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
