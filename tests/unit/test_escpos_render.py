"""ESC/POS rendering, read back with the decoder: every word with its diacritics, the QR,
one cut per copy, images within the paper, and never a '?' for a Vietnamese letter."""
from __future__ import annotations

import string
import unicodedata
from functools import cache

import pytest
from escpos.exceptions import ImageWidthError
from escpos.printer import Dummy
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from printers.escpos_decode import decode_escpos
from printers.escpos_render import VIETNAMESE_LETTERS, escpos_bytes, render_escpos, text_mode_ok
from printers.layout import QR, Align, Columns, Field, Items, Layout, Rule, Space, Style, Text

PROFILES = {"TM-T20II": 576, "TM-T88V": 512}  # profile -> paper width in dots
PAYLOAD = "ticket:8f1c3a9e-5b2d-4c7a-9e1f-0a6b2c4d8e10"

TICKET = Layout("ticket", "Phiếu A025", (
    Text("Bộ phận Một cửa xã Hòa An", Style.BOLD, Align.CENTER),
    Text("Hộ tịch", Style.HEADING, Align.CENTER),
    Space(2),
    Text("SỐ THỨ TỰ", Style.BODY, Align.CENTER),
    Text("A025", Style.HUGE, Align.CENTER),
    Text("Ưu tiên", Style.TITLE, Align.CENTER),
    Text("Giờ lấy số: 09:15 27/11/2026", Style.BODY, Align.CENTER),
    Text("Còn 3 người chờ trước", Style.BODY, Align.CENTER),
    QR(PAYLOAD, "Mã phiếu (quầy quét để tìm hồ sơ)", 24),
    Text("Xin giữ phiếu. Khi nghe gọi số, mời đến quầy.", Style.SMALL, Align.CENTER),
))
RECEIPT = Layout("receipt", "Giấy tiếp nhận", (
    Columns(((Text("ỦY BAN NHÂN DÂN XÃ HÒA AN", Style.BODY, Align.CENTER),
              Text("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", Style.BOLD, Align.CENTER)),
             (Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Style.BOLD, Align.CENTER),
              Text("Độc lập - Tự do - Hạnh phúc", Style.BOLD, Align.CENTER)))),
    Text("Hòa An, ngày 27 tháng 11 năm 2026", Style.BODY, Align.RIGHT),
    Text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", Style.TITLE, Align.CENTER),
    Rule(),
    Field("Tiếp nhận hồ sơ của", "Nguyễn Thị Ánh Tuyết"),
    Field("Địa chỉ", "Thôn Phú Lộc, xã Hòa An, tỉnh Đắk Lắk – gần Ủy ban"),
    Field("Lệ phí", "50.000 đồng …"),
    Items(("Tờ khai đăng ký khai sinh (bản chính: 1)", "Giấy chứng sinh (bản sao: 2)"), True),
    Items(("Căn cước của người đi đăng ký",), numbered=False),
    QR(PAYLOAD),
    Text("Người nhận hồ sơ ký và ghi rõ họ tên", Style.SMALL, Align.CENTER),
), copies=("Liên 1: Lưu", "Liên 2: Giao khách hàng"))
LAYOUTS = {"ticket": TICKET, "receipt": RECEIPT}


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def expected_strings(layout: Layout) -> list[str]:
    out = [line for line in layout.plain_text().split("\n") if line]
    for block in layout.blocks:
        if isinstance(block, Items):
            out += [f"{n}. {line}" if block.numbered else f"- {line}"
                    for n, line in enumerate(block.lines, 1)]
    return out


@cache
def decoded(layout: str, profile: str, mode: str):
    return decode_escpos(escpos_bytes(LAYOUTS[layout], profile=profile, vietnamese=mode))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", LAYOUTS)
def test_text_mode_prints_every_string_with_its_diacritics(name: str, profile: str) -> None:
    layout, out = LAYOUTS[name], decoded(name, profile, "text")
    text = norm(out.text)
    for wanted in expected_strings(layout):
        assert text.count(norm(wanted)) >= len(layout.copies), wanted  # every copy
    marks = [norm(mark) for mark in layout.copies if mark]
    assert [m for m in marks if m in text] == marks
    assert "?" not in out.text and "\ufffd" not in out.text
    assert "TCVN-3-1" in out.code_pages and "TCVN-3-2" in out.code_pages
    assert out.cuts == len(layout.copies)
    assert out.qr_payloads == [PAYLOAD] * len(layout.copies)
    assert len(out.images) == len(layout.copies)  # only the QR codes are images
    assert max(image.width for image in out.images) <= PROFILES[profile]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", LAYOUTS)
def test_raster_mode_draws_all_text_within_the_paper(name: str, profile: str) -> None:
    layout, out = LAYOUTS[name], decoded(name, profile, "raster")
    assert set(out.text) <= set("-\n")  # only the rule stays text
    assert out.cuts == len(layout.copies)
    assert out.qr_payloads == [PAYLOAD] * len(layout.copies)
    assert len(out.images) >= len(expected_strings(layout))
    for image in out.images:
        assert image.width <= PROFILES[profile]
        assert image.getextrema() == (0, 255)  # some ink on every image


def test_the_ticket_number_is_huge_in_both_modes() -> None:
    assert b"\x1d!\x55A025" in escpos_bytes(TICKET)  # GS ! 6x6, the label right after
    heights = sorted(image.height for image in decoded("ticket", "TM-T20II", "raster").images)
    assert heights[-2] >= 140  # the number (the tallest is the QR)


def test_field_label_is_bold_and_value_is_not() -> None:
    data = escpos_bytes(Layout("t", "t", (Field("Mã", "HS-01"),)), profile="TM-T20II")
    bold, plain = data.index(b"\x1bE\x01"), data.index(b"\x1bE\x00 HS-01")
    assert decode_escpos(data[bold:plain]).text == "Mã:"  # ESC E 1, the label, ESC E 0


def test_text_mode_ok_means_the_encoder_reaches_every_vietnamese_letter() -> None:
    assert text_mode_ok("TM-T20II") and text_mode_ok("TM-T88V") and text_mode_ok(None)
    assert not text_mode_ok("TM-T88IV")  # no TCVN-3 pages
    assert not text_mode_ok("POS-5890")  # CP1258 alone: precomposed ố, ự are not in it
    assert not text_mode_ok("simple")


def test_a_profile_without_tcvn_rasterises_vietnamese_blocks_and_keeps_ascii_text() -> None:
    layout = Layout("t", "t", (Text("Số thứ tự"), Text("A025"), Text("Café")))
    out = decode_escpos(escpos_bytes(layout, profile="TM-T88IV"))
    assert "A025" in out.text and "Café" in out.text  # é is in CP437
    assert "S" not in out.text and "?" not in out.text
    assert len(out.images) == 1


@pytest.mark.parametrize("odd", ["中文", "😀", "x\u0301"])  # CJK, emoji, a lone combining mark
def test_a_character_no_code_page_has_is_drawn_not_questioned(odd: str) -> None:
    layout = Layout("t", "t", (Text(f"Giá vé {odd} hôm nay"), Text("Số thứ tự"),
                               Text("Giá 5 €")))
    out = decode_escpos(escpos_bytes(layout, profile="TM-T20II"))
    assert "Số thứ tự" in out.text and "Giá 5 €" in out.text  # € is in CP858/CP1252
    assert "hôm nay" not in out.text and "?" not in out.text
    assert len(out.images) == 1 and out.images[0].getextrema() == (0, 255)


def test_decomposed_input_prints_composed() -> None:
    layout = Layout("t", "t", (Text(unicodedata.normalize("NFD", "Số thứ tự Đường")),))
    assert "Số thứ tự Đường" in decode_escpos(escpos_bytes(layout)).text


def test_width_px_limits_raster_images_and_cannot_exceed_the_paper() -> None:
    layout = Layout("t", "t", (Text("Bộ phận Một cửa xã Hòa An " * 3), Text("A025", Style.HUGE)))
    printer = Dummy(profile="TM-T20II")
    render_escpos(layout, printer, vietnamese="raster", width_px=384)
    assert [image.width for image in decode_escpos(printer.output).images] == [384, 384]
    with pytest.raises(ImageWidthError):
        render_escpos(layout, Dummy(profile="TM-T20II"), vietnamese="raster", width_px=600)
    with pytest.raises(ValueError):
        escpos_bytes(layout, vietnamese="image")


def test_long_words_wrap_on_spaces_only() -> None:
    words = "Thủ tục đăng ký khai sinh, kết hôn, nhận cha mẹ con có yếu tố nước ngoài " * 3
    out = decode_escpos(escpos_bytes(Layout("t", "t", (Text(words),)), profile="TM-T88V"))
    lines = [line for line in out.text.split("\n") if line.strip()]
    assert all(len(line) <= 42 for line in lines) and len(lines) >= 5
    assert {w for line in lines for w in line.split()} == set(words.split())


ALPHABET = VIETNAMESE_LETTERS + string.digits + ".,;:!?()-/%'\"&"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=20)
pieces = st.lists(st.tuples(words, st.sampled_from([" ", "  ", "\n", " \n "])), max_size=30)


@settings(max_examples=60, deadline=None)
@given(pieces=pieces, style=st.sampled_from(list(Style)), align=st.sampled_from(list(Align)),
       profile=st.sampled_from(list(PROFILES)))
def test_any_vietnamese_text_round_trips_in_text_mode(
        pieces: list[tuple[str, str]], style: Style, align: Align, profile: str) -> None:
    text = "".join(word + sep for word, sep in pieces)
    out = decode_escpos(escpos_bytes(Layout("t", "t", (Text(text, style, align),)),
                                     profile=profile))
    assert norm(out.text) == norm(text)
    assert out.images == []


def test_decoder_reads_every_image_command_python_escpos_has() -> None:
    picture = Image.new("1", (40, 30), 1)
    ImageDraw.Draw(picture).rectangle((5, 3, 20, 25), fill=0)
    for impl in ("bitImageRaster", "graphics", "bitImageColumn"):
        printer = Dummy(profile="TM-T20II")
        printer.image(picture, impl=impl)
        (image,) = decode_escpos(printer.output).images
        assert image.crop((0, 0, 40, 30)).tobytes() == picture.tobytes(), impl
    printer = Dummy(profile="TM-T20II")
    printer.qr("Hòa An", native=True)
    assert decode_escpos(printer.output).qr_payloads == ["Hòa An"]


def test_decoder_names_the_offset_of_an_unknown_command() -> None:
    with pytest.raises(ValueError, match="offset 2"):
        decode_escpos(b"ab\x1b\x99")
    with pytest.raises(ValueError, match="offset 0"):
        decode_escpos(b"\x1dv0\x00\x10\x00")  # cut short
