"""Realistic printables for the real layout builders: used by the tests, the samples in
docs/print-samples and the printing benchmark (test data, no database needed)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from kiosk.printables import AccountHelpPrint, DocumentLine, ReceiptPrint, TicketPrint
from kiosk.services.reports import DayReport
from printers.layout import Layout, Paper
from printers.layouts.account_help_layout import account_help_layout
from printers.layouts.receipt_layout import receipt_layout
from printers.layouts.report_layout import day_report_layout, test_page_layout
from printers.layouts.ticket_layout import ticket_layout

AT = datetime(2026, 11, 27, 2, 15, tzinfo=timezone.utc)  # 09:15 in Hà Nội


def sample_ticket(priority: str | None = "elderly") -> TicketPrint:
    return TicketPrint("0f6c2a8e-5a8f-4c55-9d1e-2b7b1f3a9c41", "Bộ phận Một cửa xã Hòa An",
                       "Hộ tịch", "A025", priority, AT, 3, 15)


def sample_receipt() -> ReceiptPrint:
    return ReceiptPrint(
        dossier_id="6a1d8f0e-8c3b-4f7e-a0b2-5f7a9e2c1d34", code="000.00.01.H22-261127-0001",
        agency="Ủy ban nhân dân xã Hòa An", office_name="Bộ phận Một cửa xã Hòa An",
        place="Hòa An", applicant_name="Nguyễn Thị Hồng Nhung",
        address="Thôn Nà Pồng, xã Bảo Nhai, tỉnh Lào Cai", phone="0912345678", email="",
        procedure_code="1.001193", procedure_name="Thủ tục đăng ký khai sinh",
        documents=(DocumentLine("Tờ khai đăng ký khai sinh theo mẫu", 1, 0),
                   DocumentLine("Giấy chứng sinh", 1, 0),
                   DocumentLine("Văn bản ủy quyền (nếu có)", 0, 1)),
        sets=1, deadline_days=1, received_at=AT,
        appointment_at=datetime(2026, 11, 30, 2, 15, tzinfo=timezone.utc),
        return_place="Bộ phận Một cửa xã Hòa An", fee_vnd=8000, payment_method="cash",
        officer_name="Trần Đức Thắng", lookup="MOTCUA:000.00.01.H22-261127-0001")


def sample_report() -> DayReport:
    return DayReport(
        day=date(2026, 11, 27), office="Bộ phận Một cửa xã Hòa An",
        tickets_by_service={"ho-tich": {"done": 41, "no_show": 3}, "cu-tru": {"done": 17}},
        tickets_issued=61, tickets_served=58, tickets_no_show=3, dossiers_received=52,
        dossiers_by_procedure=[
            {"code": "1.001193", "name": "Thủ tục đăng ký khai sinh", "count": 21,
             "fees_vnd": 0},
            {"code": "1.004194", "name": "Đăng ký tạm trú", "count": 12, "fees_vnd": 180000}],
        fees_vnd=180000, account_requests=9, outbox_pending=4)


def sample_account_help() -> AccountHelpPrint:
    return AccountHelpPrint(
        office_name="Bộ phận Một cửa xã Hòa An", citizen_name="Lò Văn Páo",
        helped_by="Đoàn viên Hà Thị Mai", printed_at=AT,
        steps_left=("Đến Công an xã để kích hoạt tài khoản định danh điện tử mức độ 2 "
                    "(mang theo thẻ Căn cước).",
                    "Cài ứng dụng VNeID trên điện thoại, đăng nhập bằng số định danh.",
                    "Đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản VNeID."),
        links=(("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn"),
               ("Ứng dụng VNeID", "https://vneid.gov.vn")))


def sample_layouts() -> dict[str, Layout]:
    """Every printed thing, by name: what docs/print-samples shows."""
    return {
        "ticket-80mm": ticket_layout(sample_ticket()),
        "receipt-a4": receipt_layout(sample_receipt(), Paper.A4),
        "receipt-slip-80mm": receipt_layout(sample_receipt(), Paper.ROLL_80),
        "day-report-a4": day_report_layout(sample_report(), Paper.A4),
        "test-page-80mm": test_page_layout("ticket", AT),
        "account-help-80mm": account_help_layout(sample_account_help()),
    }
