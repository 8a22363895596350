"""Shared pieces of every screen: live retranslation and clearing a grid of tiles. GUI thread."""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLayout


class Retranslating:
    """Mixin for a QWidget with `retranslate()`: called again on every language change."""

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of a layout (tiles rebuilt for new data or language)."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
