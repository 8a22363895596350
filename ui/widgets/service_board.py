"""Large touch tiles: the office's service groups, then the services of one group.

Shared by the kiosk and the volunteer's assisted mode. Shows each service's
opening hours; picking a service emits `service_chosen` (the queue uses it).
GUI thread; it is handed plain `ServiceInfo` values, never a session.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout,
                               QWidget)

from kiosk.services.office_setup import ServiceInfo
from ui.i18n import current_language
from ui.widgets.live_language import Retranslating, clear_layout

COLUMNS = 2


class ServiceBoard(Retranslating, QWidget):
    """Service groups, then services, as large touch tiles."""

    service_chosen = Signal(object)  # ServiceInfo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services: list[ServiceInfo] = []
        self._group: str | None = None
        self.prompt = QLabel(objectName="prompt", alignment=Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
        self.pages = QStackedWidget()
        self.groups_page, self.services_page = QWidget(), QWidget()
        self.group_grid = QGridLayout(self.groups_page)
        self.group_grid.setSpacing(24)
        services_column = QVBoxLayout(self.services_page)
        self.service_grid = QGridLayout()
        self.service_grid.setSpacing(24)
        self.back = QPushButton(objectName="back")
        self.back.clicked.connect(self.show_groups)
        services_column.addLayout(self.service_grid)
        services_column.addStretch(1)
        services_column.addWidget(self.back, 0, Qt.AlignmentFlag.AlignLeft)
        self.pages.addWidget(self.groups_page)
        self.pages.addWidget(self.services_page)
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 30, 40, 30)
        column.setSpacing(24)
        column.addWidget(self.prompt)
        column.addWidget(self.pages, 1)
        self.retranslate()

    def set_services(self, services: list[ServiceInfo]) -> None:
        self._services = [v for v in services if v.active]
        self.show_groups()

    def _groups(self) -> list[str]:
        seen: list[str] = []
        for service in self._services:
            if service.group_vi not in seen:
                seen.append(service.group_vi)
        return seen

    def show_groups(self) -> None:
        self._group = None
        clear_layout(self.group_grid)
        lang = current_language()
        for index, group in enumerate(self._groups()):
            members = [v for v in self._services if v.group_vi == group]
            tile = QPushButton(members[0].group(lang), objectName="tile")
            tile.setProperty("group", group)
            tile.clicked.connect(lambda _=False, g=group: self.show_group(g))
            self.group_grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            tile.show()  # now, not on the next turn of the event loop
        self.pages.setCurrentWidget(self.groups_page)
        self._set_prompt()

    def show_group(self, group: str) -> None:
        self._group = group
        clear_layout(self.service_grid)
        lang = current_language()
        for index, service in enumerate(v for v in self._services if v.group_vi == group):
            hours = self.tr("Open %1–%2").replace("%1", service.opens).replace("%2", service.closes)
            tile = QPushButton(f"{service.name(lang)}\n{hours}", objectName="tile")
            tile.clicked.connect(lambda _=False, v=service: self.service_chosen.emit(v))
            self.service_grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
            tile.show()
        self.pages.setCurrentWidget(self.services_page)
        self._set_prompt()

    def _set_prompt(self) -> None:
        if not self._services:
            self.prompt.setText(self.tr("No service is open at this office yet."))
        elif self._group is None:
            self.prompt.setText(self.tr("Welcome! Touch the kind of matter you came for."))
        else:
            self.prompt.setText(self.tr("Touch the service you need."))

    def retranslate(self) -> None:
        self.back.setText(self.tr("‹ Back"))
        if self._group is None:
            self.show_groups()
        else:
            self.show_group(self._group)
