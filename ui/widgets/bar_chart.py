"""A plain bar chart painted with QPainter (no chart library): the admin's view of a day.

GUI thread; it is handed plain numbers.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.title = ""
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, title: str, bars: list[tuple[str, int]]) -> None:
        self.title, self.bars = title, bars
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QColor("#111111"))
        top, bottom, left = 30.0, 28.0, 30.0
        painter.drawText(QRectF(0, 0, self.width(), top), Qt.AlignmentFlag.AlignCenter, self.title)
        if not self.bars:
            return
        highest = max(1, max(value for _, value in self.bars))
        height = self.height() - top - bottom
        slot = (self.width() - left * 2) / len(self.bars)
        for index, (label, value) in enumerate(self.bars):
            x = left + index * slot
            bar = height * value / highest
            painter.fillRect(QRectF(x + slot * 0.15, top + height - bar, slot * 0.7, bar),
                             QColor("#0b3a82"))
            painter.drawText(QRectF(x, self.height() - bottom, slot, bottom),
                             Qt.AlignmentFlag.AlignCenter, label)
            if value:
                painter.drawText(QRectF(x, top + height - bar - 18, slot, 18),
                                 Qt.AlignmentFlag.AlignCenter, str(value))
        painter.end()
