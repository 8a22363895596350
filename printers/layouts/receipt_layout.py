"""The receipt and appointment ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", Mẫu số 01,
Circular 01/2018/TT-VPCP): two copies on A4, or one as a slip on the counter's roll."""
from __future__ import annotations

from kiosk.printables import ReceiptPrint
from printers.layout import (QR, Align, Columns, Field, Items, Layout, Paper, Rule, Space, Style,
                             Text)
from printers.layouts.vn_format import long_date, money, time_and_date

A4_COPIES = ("Liên 1: Lưu", "Liên 2: Giao khách hàng")
PAYMENT = {"cash": "tiền mặt", "transfer": "chuyển khoản", "free": "miễn phí"}


def _fee(receipt: ReceiptPrint) -> str:
    if receipt.fee_vnd <= 0:
        return "Không thu phí, lệ phí"
    how = PAYMENT.get(receipt.payment_method or "", receipt.payment_method or "")
    return money(receipt.fee_vnd) + (f" ({how})" if how else "")


def _transfer(receipt: ReceiptPrint) -> tuple[QR, ...]:
    """The VietQR code to pay the fee by bank transfer, the dossier code as reference."""
    if not receipt.payment_qr:
        return ()
    return (QR(receipt.payment_qr, f"Quét mã VietQR để chuyển khoản {money(receipt.fee_vnd)}, "
               f"nội dung: {receipt.code}", 28),)


def _document(line) -> str:  # noqa: ANN001 - a DocumentLine
    parts = []
    if line.originals:
        parts.append(f"bản chính: {line.originals}")
    if line.copies:
        parts.append(f"bản sao: {line.copies}")
    return line.name + (f" ({', '.join(parts)})" if parts else "")


def receipt_layout(receipt: ReceiptPrint, paper: Paper = Paper.A4) -> Layout:
    running = receipt.code.rsplit("-", 1)[-1]
    deadline = (f"{receipt.deadline_days} ngày làm việc" if receipt.deadline_days is not None
                else "theo quy định của thủ tục")
    blocks = (
        Columns((
            (Text(receipt.agency.upper(), Style.BODY, Align.CENTER),
             Text("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", Style.BOLD, Align.CENTER)),
            (Text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Style.BOLD, Align.CENTER),
             Text("Độc lập - Tự do - Hạnh phúc", Style.BOLD, Align.CENTER)),
        )),
        Text(f"{receipt.place}, {long_date(receipt.received_at)}", Style.BODY, Align.RIGHT),
        Space(4),
        Text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", Style.TITLE, Align.CENTER),
        Text(f"Mã hồ sơ: {receipt.code}", Style.BOLD, Align.CENTER),
        Space(3),
        Field("Bộ phận tiếp nhận và trả kết quả", receipt.office_name),
        Field("Tiếp nhận hồ sơ của", receipt.applicant_name),
        Field("Địa chỉ", receipt.address or "…"),
        Field("Số điện thoại", receipt.phone or "…"),
        Field("Email", receipt.email or "…"),
        Field("Nội dung yêu cầu giải quyết",
              f"{receipt.procedure_name} (mã thủ tục {receipt.procedure_code})"),
        Text("1. Thành phần hồ sơ nộp gồm:"),
        Items(tuple(_document(d) for d in receipt.documents) or ("(không có giấy tờ kèm theo)",),
              numbered=False),
        Text(f"2. Số lượng hồ sơ: {receipt.sets:02d} (bộ)"),
        Text(f"3. Thời gian giải quyết hồ sơ theo quy định là: {deadline}"),
        Text(f"4. Thời gian nhận hồ sơ: {time_and_date(receipt.received_at)}"),
        Text("5. Thời gian trả kết quả giải quyết hồ sơ: "
             + (time_and_date(receipt.appointment_at) if receipt.appointment_at else "…")),
        Text(f"6. Đăng ký nhận kết quả tại: {receipt.return_place}"),
        Field("Phí, lệ phí", _fee(receipt)),
        *_transfer(receipt),
        Text(f"Vào Sổ theo dõi hồ sơ, Quyển số: {receipt.received_at.year}, "
             f"Số thứ tự: {running}", Style.BODY),
        Space(4),
        Columns((
            (Text("NGƯỜI NỘP HỒ SƠ", Style.BOLD, Align.CENTER),
             Text("(Ký và ghi rõ họ tên)", Style.SMALL, Align.CENTER),
             Text(" ", Style.BODY, Align.CENTER), Text(" ", Style.BODY, Align.CENTER),
             Text(receipt.applicant_name, Style.BODY, Align.CENTER)),
            (Text("NGƯỜI TIẾP NHẬN HỒ SƠ", Style.BOLD, Align.CENTER),
             Text("(Ký và ghi rõ họ tên)", Style.SMALL, Align.CENTER),
             Text(" ", Style.BODY, Align.CENTER), Text(" ", Style.BODY, Align.CENTER),
             Text(receipt.officer_name or " ", Style.BODY, Align.CENTER)),
        )),
        Space(3),
        QR(receipt.lookup, "Quét mã để tra cứu tình trạng hồ sơ tại ki-ốt", 28),
        Rule(),
        Text("Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; 01 liên "
             "chuyển kèm Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận "
             "tiếp nhận và trả kết quả; 01 liên giao cho người nộp hồ sơ. Kết quả được trả tại "
             "Bộ phận tiếp nhận và trả kết quả hoặc qua dịch vụ bưu chính.", Style.SMALL),
    )
    copies = A4_COPIES if paper is Paper.A4 else ("",)
    kind = "receipt" if paper is Paper.A4 else "slip"
    return Layout(kind, f"Giấy tiếp nhận {receipt.code}", blocks, paper, copies)
