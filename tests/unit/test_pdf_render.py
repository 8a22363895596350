"""printers.pdf_render: Vietnamese survives into the PDF text, pages and sizes are right, the QR scans."""
from __future__ import annotations

import ast
import dataclasses
import io
import os
import re
import subprocess
import threading
import unicodedata
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from printers import pdf_render
from printers.layout import Align, Layout, Paper, Style, Text
from printers.pdf_render import render_pdf, render_pdf_file
from tests.print_samples import (MARKUP_PROBE, RECEIPT_QR, RECEIPT_STRINGS, TICKET_QR, TICKET_STRINGS,
                                 pathological, receipt_a4, ticket_80mm)

MM = 72 / 25.4
A4_POINTS = (595.28, 841.89)


def _flat(text: str) -> str:
    """NFC, whitespace runs as one space (wrapping and -layout padding aside)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def _pypdf_text(pdf: bytes) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _pdftotext(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return _flat(out.stdout.decode("utf-8"))


def _decode_qr(pdf: bytes, page: int = 1) -> list[str]:
    png = subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(page), "-l", str(page), "-"],
                         input=pdf, capture_output=True, check=True).stdout
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.fixture(scope="module")
def receipt() -> bytes:
    return render_pdf(receipt_a4())


@pytest.fixture(scope="module")
def ticket() -> bytes:
    return render_pdf(ticket_80mm())


def test_receipt_text_is_intact_through_pypdf(receipt: bytes) -> None:
    text = " ".join(_pypdf_text(receipt))
    assert [s for s in RECEIPT_STRINGS if _flat(s) not in text] == []


def test_receipt_text_is_intact_through_pdftotext_layout(receipt: bytes) -> None:
    text = _pdftotext(receipt)
    assert [s for s in RECEIPT_STRINGS if _flat(s) not in text] == []


def test_a4_has_one_page_per_copy_each_with_its_mark(receipt: bytes) -> None:
    reader = PdfReader(io.BytesIO(receipt))
    assert len(reader.pages) == len(receipt_a4().copies) == 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_POINTS, abs=0.1)
    first, second = _pypdf_text(receipt)
    assert "Liên 1: Lưu" in first and "Liên 2" not in first
    assert "Liên 2: Giao khách hàng" in second and "Liên 1" not in second
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in second  # the whole form on each copy


def test_markup_characters_in_user_text_print_literally(receipt: bytes) -> None:
    for text in (" ".join(_pypdf_text(receipt)), _pdftotext(receipt)):
        assert _flat(MARKUP_PROBE) in text
        assert "&amp;" not in text and "&lt;" not in text


def test_nfd_input_prints_as_composed_vietnamese() -> None:
    words = "Nguyễn Thị Hồng Nhung, Đăng ký khai sinh"
    layout = Layout(kind="test", title="t", paper=Paper.A4,
                    blocks=(Text(unicodedata.normalize("NFD", words), Style.BODY),))
    raw = PdfReader(io.BytesIO(render_pdf(layout))).pages[0].extract_text()
    assert words in raw  # not normalised here: the PDF itself must hold the composed letters


@pytest.mark.parametrize("which", ["receipt", "ticket"])
def test_qr_decodes_from_a_raster_render(which: str, receipt: bytes, ticket: bytes) -> None:
    pdf, payload = (receipt, RECEIPT_QR) if which == "receipt" else (ticket, TICKET_QR)
    assert _decode_qr(pdf) == [payload]


def test_only_embedded_dejavu_fonts(receipt: bytes, ticket: bytes) -> None:
    for pdf in (receipt, ticket):
        for page in PdfReader(io.BytesIO(pdf)).pages:
            fonts = [ref.get_object() for ref in page["/Resources"]["/Font"].values()]
            assert fonts
            for font in fonts:
                assert "DejaVu" in str(font["/BaseFont"])
                assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded, not referenced


def test_ticket_is_80_mm_wide_and_as_tall_as_its_content(ticket: bytes) -> None:
    reader = PdfReader(io.BytesIO(ticket))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(80 * MM, abs=0.1)
    assert 60 * MM < float(box.height) < 250 * MM
    text = _pypdf_text(ticket)[0]
    assert [s for s in TICKET_STRINGS if s not in text] == []
    assert [s for s in TICKET_STRINGS if s not in _pdftotext(ticket)] == []


def test_roll_gives_one_page_per_copy_with_columns_stacked() -> None:
    pdf = render_pdf(dataclasses.replace(receipt_a4(), paper=Paper.ROLL_80))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert {round(float(p.mediabox.width) / MM, 1) for p in reader.pages} == {80.0}
    first = _pypdf_text(pdf)[0]
    assert first.index("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ") < first.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA")


def test_metadata_and_same_layout_same_bytes(receipt: bytes) -> None:
    meta = PdfReader(io.BytesIO(receipt)).metadata
    assert meta.title == receipt_a4().title
    assert meta.creator == "mot-cua-kiosk"
    assert render_pdf(receipt_a4()) == receipt


@pytest.mark.parametrize("paper", [Paper.A4, Paper.ROLL_80])
def test_pathological_layout_renders_and_paginates(paper: Paper) -> None:
    pdf = render_pdf(pathological(paper))
    reader = PdfReader(io.BytesIO(pdf))
    if paper is Paper.A4:
        assert len(reader.pages) > len(pathological(paper).copies)
    else:
        assert {round(float(p.mediabox.width) / MM, 1) for p in reader.pages} == {80.0}
    text = " ".join(_pypdf_text(pdf))
    assert "Mục số 199 & <tag>" in text and "<i>chưa</i>" in text


def _ink_mm(pdf: bytes) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """Where the ink is on page 1, in mm from the left and from the top: (x range, y range, page size)."""
    png = subprocess.run(["pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", "-"],
                         input=pdf, capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L").point(lambda v: 255 if v < 128 else 0)
    left, top, right, bottom = image.getbbox()
    return (left / MM, right / MM), (top / MM, bottom / MM), (image.width / MM, image.height / MM)


def test_roll_page_ends_just_below_the_content(ticket: bytes) -> None:
    _, (top, bottom), (_, height) = _ink_mm(ticket)
    assert top < 8 and height - bottom < 10


def test_huge_text_shrinks_to_fit_the_roll() -> None:
    layout = Layout(kind="ticket", title="t", blocks=(Text("A10250", Style.HUGE, Align.CENTER),))
    pdf = render_pdf(layout)
    assert "A10250" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    (left, right), _, (width, _) = _ink_mm(pdf)
    assert left >= 3 and right <= width - 3  # inside the 4 mm margins, not run off the paper


def test_render_pdf_file_is_atomic_and_overwrites(tmp_path: Path, ticket: bytes) -> None:
    target = tmp_path / "ticket.pdf"
    target.write_bytes(b"old")
    assert render_pdf_file(ticket_80mm(), target) == target
    assert target.read_bytes() == ticket
    assert [p.name for p in tmp_path.iterdir()] == ["ticket.pdf"]
    mask = os.umask(0)
    os.umask(mask)
    fresh = render_pdf_file(ticket_80mm(), tmp_path / "new.pdf")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask  # as any new file, not mkstemp's 0600


def test_renders_from_worker_threads(ticket: bytes) -> None:
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(render_pdf(ticket_80mm()))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [ticket] * 4


def test_pdf_render_imports_neither_qt_nor_the_database() -> None:
    tree = ast.parse(Path(pdf_render.__file__).read_text(encoding="utf-8"))
    names = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
             for alias in node.names}
    names |= {node.module.split(".")[0] for node in ast.walk(tree)
              if isinstance(node, ast.ImportFrom) and node.module}
    assert not names & {"PySide6", "shiboken6", "sqlalchemy", "psycopg", "sqlite3", "kiosk", "ui"}
