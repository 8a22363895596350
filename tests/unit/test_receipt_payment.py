"""The receipt carries a VietQR code only for a fee paid by transfer, and it prints whole."""
from __future__ import annotations

import dataclasses

from kiosk.vietqr import build_payload, parse_payload
from printers.layout import QR, Paper
from printers.layouts.receipt_layout import receipt_layout
from tests.print_printables import sample_receipt


def qr_payloads(layout) -> list[str]:  # noqa: ANN001
    return [block.payload for block in layout.blocks if isinstance(block, QR)]


def test_a_transfer_prints_the_vietqr_code_with_the_dossier_code() -> None:
    receipt = sample_receipt()
    payload = build_payload("970436", "0011004123456", amount_vnd=20_000,
                            reference=receipt.code)
    paid = dataclasses.replace(receipt, fee_vnd=20_000, payment_method="transfer",
                               payment_qr=payload)
    for paper in (Paper.A4, Paper.ROLL_80):
        payloads = qr_payloads(receipt_layout(paid, paper))
        assert payloads == [receipt.lookup, payload] or payloads == [payload, receipt.lookup]
    fields = parse_payload(payload)
    assert fields["62"]["08"] == receipt.code and fields["54"] == "20000"


def test_cash_and_free_receipts_have_only_the_lookup_code() -> None:
    receipt = sample_receipt()
    for method, fee in (("cash", 20_000), ("free", 0)):
        layout = receipt_layout(dataclasses.replace(receipt, fee_vnd=fee,
                                                    payment_method=method))
        assert qr_payloads(layout) == [receipt.lookup]
