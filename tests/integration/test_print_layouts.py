"""Every real layout, printed: ESC/POS bytes decoded back, PDFs read back and rendered."""
from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from printers.escpos_decode import decode_escpos
from printers.escpos_render import escpos_bytes
from printers.layout import Paper
from printers.pdf_render import render_pdf_file
from tests.print_printables import sample_layouts

LAYOUTS = sample_layouts()
MUST_READ = {
    "ticket-80mm": ["Bộ phận Một cửa xã Hòa An", "Hộ tịch", "A025", "ƯU TIÊN – Người cao tuổi",
                    "Số người chờ trước: 3", "khoảng 15 phút"],
    "receipt-a4": ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "000.00.01.H22-261127-0001",
                   "Nguyễn Thị Hồng Nhung", "Thôn Nà Pồng, xã Bảo Nhai, tỉnh Lào Cai",
                   "Thủ tục đăng ký khai sinh", "Giấy chứng sinh (bản chính: 1)",
                   "09 giờ 15 phút, ngày 30 tháng 11 năm 2026", "8.000 đồng (tiền mặt)",
                   "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Đức Thắng", "Độc lập - Tự do - Hạnh phúc"],
    "day-report-a4": ["BÁO CÁO NGÀY 27/11/2026", "đã phục vụ 41", "180.000 đồng",
                      "Đăng ký tạm trú (1.004194): 12 hồ sơ"],
    "test-page-80mm": ["TRANG IN THỬ", "Nguyễn Thị Hồng Nhung", "ờởỡớợ", "Ă", "Đ"],
}
MUST_READ["receipt-slip-80mm"] = MUST_READ["receipt-a4"]
MUST_READ["account-help-80mm"] = ["HƯỚNG DẪN TÀI KHOẢN DỊCH VỤ CÔNG", "Lò Văn Páo",
                                  "kích hoạt tài khoản định danh điện tử mức độ 2",
                                  "Cổng Dịch vụ công quốc gia", "Ứng dụng VNeID"]


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_the_ticket_qr_names_the_ticket_and_the_receipt_qr_the_dossier() -> None:
    from tests.print_printables import sample_receipt, sample_ticket

    assert LAYOUTS["ticket-80mm"].qr_payloads() == [f"TICKET:{sample_ticket().ticket_id}"]
    assert LAYOUTS["receipt-a4"].qr_payloads() == [f"MOTCUA:{sample_receipt().code}"]


@pytest.mark.parametrize("name", sorted(LAYOUTS))
@pytest.mark.parametrize("profile", ["TM-T20II", "TM-T88V"])
def test_escpos_text_mode_prints_every_word_and_the_qr(name: str, profile: str) -> None:
    layout = LAYOUTS[name]
    decoded = decode_escpos(escpos_bytes(layout, profile=profile, vietnamese="text"))
    text = flat(decoded.text)
    for words in MUST_READ[name]:
        assert flat(words) in text, words
    assert "?" not in text  # no letter was replaced
    assert decoded.qr_payloads == layout.qr_payloads() * len(layout.copies)
    assert decoded.cuts == len(layout.copies)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_escpos_raster_mode_is_pictures_within_the_paper(name: str) -> None:
    layout = LAYOUTS[name]
    decoded = decode_escpos(escpos_bytes(layout, profile="TM-T20II", vietnamese="raster"))
    assert decoded.images and max(i.width for i in decoded.images) <= 576
    assert decoded.qr_payloads == layout.qr_payloads() * len(layout.copies)
    assert flat(decoded.text).replace("-", "").strip() == ""  # nothing left as text


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_pdf_reads_back_and_renders(name: str, tmp_path: Path) -> None:
    layout = LAYOUTS[name]
    pdf = render_pdf_file(layout, tmp_path / f"{name}.pdf")
    reader = PdfReader(pdf)
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for words in MUST_READ[name]:
        assert flat(words) in text, words
    if layout.paper is Paper.A4:
        assert len(reader.pages) == len(layout.copies)
    else:
        assert abs(float(reader.pages[0].mediabox.width) - 80 / 25.4 * 72) < 1
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png")))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == layout.qr_payloads()
