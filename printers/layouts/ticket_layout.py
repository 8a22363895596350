"""The queue ticket: the number in very large type, what is ahead, and a QR for the counter."""
from __future__ import annotations

from kiosk.printables import TICKET_QR_PREFIX, TicketPrint
from printers.layout import QR, Align, Layout, Paper, Space, Style, Text
from printers.layouts.vn_format import short

PRIORITY_NAMES = {
    "elderly": "Người cao tuổi",
    "disabled": "Người khuyết tật",
    "pregnant": "Phụ nữ mang thai",
    "child_under_6": "Người đưa trẻ dưới 6 tuổi",
    "veteran": "Người có công với cách mạng",
}


def ticket_layout(ticket: TicketPrint) -> Layout:
    blocks = [
        Text(ticket.office_name, Style.BOLD, Align.CENTER),
        Text(ticket.service_name, Style.HEADING, Align.CENTER),
        Space(2),
        Text("SỐ THỨ TỰ", Style.BODY, Align.CENTER),
        Text(ticket.label, Style.HUGE, Align.CENTER),
    ]
    if ticket.priority_group:
        name = PRIORITY_NAMES.get(ticket.priority_group, ticket.priority_group)
        blocks.append(Text(f"ƯU TIÊN – {name}", Style.HEADING, Align.CENTER))
    blocks += [
        Space(2),
        Text(f"Giờ lấy số: {short(ticket.issued_at)}", Style.BODY, Align.CENTER),
        Text(f"Số người chờ trước: {ticket.people_ahead}", Style.BODY, Align.CENTER),
    ]
    if ticket.wait_minutes is not None:
        blocks.append(Text(f"Thời gian chờ dự kiến: khoảng {ticket.wait_minutes} phút",
                           Style.BODY, Align.CENTER))
    blocks += [
        QR(TICKET_QR_PREFIX + ticket.ticket_id, "Mã phiếu (quầy quét để tìm hồ sơ)", 24),
        Text("Xin giữ phiếu. Khi nghe gọi số, mời đến quầy.", Style.SMALL, Align.CENTER),
    ]
    return Layout("ticket", f"Phiếu {ticket.label}", tuple(blocks), Paper.ROLL_80)
