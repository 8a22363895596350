"""Hand-built print layouts: the receipt form (Mẫu số 01, TT 01/2018/TT-VPCP) and a queue ticket.

Test data for tests/unit/test_pdf_render.py. Built by hand, not by the layout
builders of printers/layouts, so the renderer is tested on its own (the real
layouts are in tests/print_printables.py, which docs/print-samples/ shows).
Plain data; any thread.
"""
from __future__ import annotations

from printers.layout import QR, Align, Columns, Field, Items, Layout, Paper, Rule, Space, Style, Text

DOSSIER_CODE = "000.00.01.H22-261127-0001"
RECEIPT_QR = f"https://example.invalid/tra-cuu?ma={DOSSIER_CODE}"
TICKET_QR = "https://example.invalid/hang-doi?so=A025&quay=2"
MARKUP_PROBE = "Bản sao CCCD & Giấy chứng sinh; chữ <b> in nguyên văn, không in đậm"

RECEIPT_ITEMS = (
    "Thành phần hồ sơ nộp gồm: Tờ khai đăng ký khai sinh (01 bản chính); "
    "Giấy chứng sinh (01 bản chính); Văn bản ủy quyền (nếu có)",
    "Số lượng hồ sơ: 01 (bộ)",
    "Thời gian giải quyết hồ sơ theo quy định là: 01 ngày làm việc",
    "Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 27 tháng 11 năm 2026",
    "Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 15 phút, ngày 30 tháng 11 năm 2026",
    "Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân xã Hòa An",
)


def receipt_a4() -> Layout:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả, two copies."""
    signature = (Text(""), Text(""), Text(""), Text(""))
    return Layout(
        kind="receipt",
        title=f"Giấy tiếp nhận hồ sơ và hẹn trả kết quả {DOSSIER_CODE}",
        paper=Paper.A4,
        copies=("Liên 1: Lưu", "Liên 2: Giao khách hàng"),
        blocks=(
            Columns(cells=(
                (Text("ỦY BAN NHÂN DÂN XÃ HÒA AN", Style.BODY, Align.CENTER),
                 Text("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", Style.BOLD, Align.CENTER)),
                (Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Style.BOLD, Align.CENTER),
                 Text("Độc lập - Tự do - Hạnh phúc", Style.BOLD, Align.CENTER)),
            )),
            Text("Hòa An, ngày 27 tháng 11 năm 2026", Style.BODY, Align.RIGHT),
            Space(6),
            Text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", Style.TITLE, Align.CENTER),
            Field("Mã hồ sơ", DOSSIER_CODE),
            Space(4),
            Field("Bộ phận tiếp nhận và trả kết quả", "Ủy ban nhân dân xã Hòa An"),
            Field("Tiếp nhận hồ sơ của", "Nguyễn Thị Hồng Nhung"),
            Field("Địa chỉ", "Thôn Nà Pồng, xã Bảo Nhai, tỉnh Lào Cai"),
            Field("Số điện thoại", "0912 345 678"),
            Field("Email", "hongnhung.nguyen@example.invalid"),
            Field("Nội dung yêu cầu giải quyết", "Đăng ký khai sinh"),
            Field("Ghi chú", MARKUP_PROBE),
            Items(RECEIPT_ITEMS, numbered=True),
            Text("Vào Sổ theo dõi hồ sơ, Quyển số: 03, Số thứ tự: 0001"),
            Space(4),
            Columns(cells=(
                (Text("NGƯỜI NỘP HỒ SƠ", Style.BOLD, Align.CENTER),
                 Text("(Ký và ghi rõ họ tên)", Style.SMALL, Align.CENTER),
                 *signature,
                 Text("Nguyễn Thị Hồng Nhung", Style.BODY, Align.CENTER)),
                (Text("NGƯỜI TIẾP NHẬN HỒ SƠ", Style.BOLD, Align.CENTER),
                 Text("(Ký và ghi rõ họ tên)", Style.SMALL, Align.CENTER),
                 *signature,
                 Text("Trần Văn Bình", Style.BODY, Align.CENTER)),
            )),
            QR(RECEIPT_QR, caption="Quét mã để tra cứu tình trạng hồ sơ", size_mm=28),
            Rule(),
            Text("Ghi chú: Giấy tiếp nhận và hẹn trả kết quả được lập thành 02 liên; 01 liên chuyển "
                 "kèm Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận tiếp nhận "
                 "và trả kết quả; 01 liên giao cho cá nhân, tổ chức nộp hồ sơ. Cá nhân, tổ chức có "
                 "thể nhận kết quả tại Bộ phận tiếp nhận và trả kết quả hoặc qua dịch vụ bưu chính.",
                 Style.SMALL),
        ),
    )


def ticket_80mm() -> Layout:
    """A priority queue ticket on the 80 mm roll."""
    return Layout(
        kind="ticket",
        title="Số thứ tự A025",
        paper=Paper.ROLL_80,
        blocks=(
            Text("ỦY BAN NHÂN DÂN XÃ HÒA AN", Style.BOLD, Align.CENTER),
            Text("Bộ phận tiếp nhận và trả kết quả", Style.BODY, Align.CENTER),
            Rule(),
            Text("SỐ THỨ TỰ", Style.HEADING, Align.CENTER),
            Text("A025", Style.HUGE, Align.CENTER),
            Text("Ưu tiên", Style.HEADING, Align.CENTER),
            Space(2),
            Field("Lĩnh vực", "Hộ tịch"),
            Field("Quầy", "Số 2"),
            Field("Lấy số lúc", "08:15, 27/11/2026"),
            Field("Đang chờ trước bạn", "3 người"),
            Space(2),
            QR(TICKET_QR, caption="Quét mã để theo dõi lượt gọi", size_mm=28),
            Rule(),
            Text("Xin vui lòng chờ đến khi số của quý khách được gọi. Số chỉ có giá trị trong ngày.",
                 Style.SMALL, Align.CENTER),
        ),
    )


RECEIPT_STRINGS = (
    "ỦY BAN NHÂN DÂN XÃ HÒA AN", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {DOSSIER_CODE}",
    "Liên 1: Lưu", "Liên 2: Giao khách hàng",
    "Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung",
    "Địa chỉ: Thôn Nà Pồng, xã Bảo Nhai, tỉnh Lào Cai",
    "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
    "Số lượng hồ sơ: 01 (bộ)", "Thời gian giải quyết hồ sơ theo quy định là: 01 ngày làm việc",
    "Thời gian trả kết quả giải quyết hồ sơ",
    "Đăng ký nhận kết quả tại", "Vào Sổ theo dõi hồ sơ, Quyển số: 03, Số thứ tự: 0001",
    "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)",
    "Quét mã để tra cứu tình trạng hồ sơ", "Bản sao CCCD & Giấy chứng sinh", "chữ <b> in nguyên văn",
)
TICKET_STRINGS = (
    "ỦY BAN NHÂN DÂN XÃ HÒA AN", "SỐ THỨ TỰ", "A025", "Ưu tiên", "Lĩnh vực: Hộ tịch",
    "Quét mã để theo dõi lượt gọi",
)


def pathological(paper: Paper) -> Layout:
    """Long text, many items, empty strings everywhere: must render, never raise."""
    long = ("Hồ sơ đăng ký khai sinh & giấy tờ kèm theo <i>chưa</i> đủ; " * 100)[:5000]
    return Layout(
        kind="test",
        title="",
        paper=paper,
        copies=("", "Liên 2"),
        blocks=(
            Columns(cells=((Text(long, Style.BOLD),), (), (Text(""),))),
            Columns(cells=()),
            Text(""), Text("", Style.HUGE), Text("A" * 40, Style.HUGE), Text(long), Text("x\n\ny\tz\x00\x1b"),
            Field("", ""), Field("Nhãn", ""), Field("", "giá trị"),
            Items(()), Items(tuple(f"Mục số {i} & <tag>" for i in range(200))),
            Items(("", "", ""), numbered=False),
            QR(""), QR("", caption=""), QR("x" * 300, caption="", size_mm=500), QR("ngắn", size_mm=-5),
            Rule(), Space(0), Space(-3),
        ),
    )
