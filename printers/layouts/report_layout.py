"""The day report on paper, and the printer test page."""
from __future__ import annotations

from datetime import datetime

from kiosk.services.reports import DayReport
from printers.layout import QR, Align, Field, Items, Layout, Paper, Rule, Space, Style, Text
from printers.layouts.vn_format import money, short


STATE_NAMES = {"waiting": "đang chờ", "called": "đã gọi", "serving": "đang phục vụ",
               "done": "đã phục vụ", "no_show": "vắng mặt", "cancelled": "đã hủy",
               "transferred": "chuyển dịch vụ"}


def day_report_layout(report: DayReport, paper: Paper = Paper.A4) -> Layout:
    procedures = tuple(f"{row['name']} ({row['code']}): {row['count']} hồ sơ"
                       for row in report.dossiers_by_procedure) or ("Không có hồ sơ.",)
    services = tuple(
        f"{code}: " + ", ".join(f"{STATE_NAMES.get(state, state)} {count}"
                                for state, count in sorted(states.items()))
        for code, states in sorted(report.tickets_by_service.items())) or ("Không có phiếu.",)
    blocks = (
        Text(report.office, Style.BOLD, Align.CENTER),
        Text(f"BÁO CÁO NGÀY {report.day:%d/%m/%Y}", Style.TITLE, Align.CENTER),
        Space(3),
        Field("Số phiếu đã cấp", str(report.tickets_issued)),
        Field("Đã phục vụ", str(report.tickets_served)),
        Field("Vắng mặt khi gọi", str(report.tickets_no_show)),
        Items(services, numbered=False),
        Rule(),
        Field("Hồ sơ đã tiếp nhận", str(report.dossiers_received)),
        Field("Phí, lệ phí đã thu", money(report.fees_vnd)),
        Items(procedures),
        Rule(),
        Field("Lượt hỗ trợ tạo tài khoản", str(report.account_requests)),
        Field("Hồ sơ chờ gửi lên Cổng", str(report.outbox_pending)),
    )
    return Layout("report", f"Báo cáo ngày {report.day:%d/%m/%Y}", blocks, paper)


VIETNAMESE_SAMPLE = ("Số thứ tự · Nguyễn Thị Hồng Nhung · Đắk Lắk · Thừa Thiên Huế\n"
                     "ăâđêôơư ĂÂĐÊÔƠƯ àảãáạ ằẳẵắặ ầẩẫấậ èẻẽéẹ ềểễếệ ìỉĩíị òỏõóọ ồổỗốộ "
                     "ờởỡớợ ùủũúụ ừửữứự ỳỷỹýỵ")


def test_page_layout(printer: str, now: datetime, paper: Paper = Paper.ROLL_80) -> Layout:
    blocks = (
        Text("TRANG IN THỬ", Style.TITLE, Align.CENTER),
        Field("Máy in", printer),
        Field("Lúc", short(now)),
        Rule(),
        Text(VIETNAMESE_SAMPLE),
        Text("A025", Style.HUGE, Align.CENTER),
        QR("TEST:" + printer, "Mã QR thử", 24),
        Text("Nếu mọi chữ có đủ dấu và mã QR quét được, máy in đã sẵn sàng.", Style.SMALL),
    )
    return Layout("test", f"In thử {printer}", blocks, paper)
