"""The account-help slip: the steps that remain for this citizen to get into the national
public-service portal, with QR codes to the portal and the VNeID app."""
from __future__ import annotations

from kiosk.printables import AccountHelpPrint
from printers.layout import QR, Align, Field, Items, Layout, Paper, Rule, Space, Style, Text
from printers.layouts.vn_format import short


def account_help_layout(slip: AccountHelpPrint, paper: Paper = Paper.ROLL_80) -> Layout:
    blocks: list = [
        Text(slip.office_name, Style.BOLD, Align.CENTER),
        Text("HƯỚNG DẪN TÀI KHOẢN DỊCH VỤ CÔNG", Style.HEADING, Align.CENTER),
        Space(2),
    ]
    if slip.citizen_name:
        blocks.append(Field("Công dân", slip.citizen_name))
    if slip.helped_by:
        blocks.append(Field("Người hỗ trợ", slip.helped_by))
    blocks.append(Field("Ngày", short(slip.printed_at)))
    blocks.append(Rule())
    if slip.steps_left:
        blocks += [Text("Các bước ông/bà cần làm tiếp:", Style.BOLD),
                   Items(slip.steps_left, numbered=True)]
    else:
        blocks.append(Text("Tài khoản đã sẵn sàng: ông/bà có thể nộp hồ sơ trực tuyến.",
                           Style.BOLD))
    for caption, url in slip.links:
        blocks.append(QR(url, caption, 22))
    blocks.append(Text("Cần giúp thêm, mời đến Tổ Thanh niên hỗ trợ hoặc quầy Một cửa.",
                       Style.SMALL, Align.CENTER))
    return Layout("slip", "Hướng dẫn tài khoản", tuple(blocks), paper)
