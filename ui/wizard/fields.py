"""One widget per kind of form field, large enough for a finger and an elderly reader.

Each shows its label, its help, its editor and, below it, the problem with the
answer in the user's language. Text-like fields hand their line edit to the
on-screen keyboard when touched (`wants_keyboard`), with the keyboard mode their
type needs (letters, digits, phone, date). Values go out raw, as typed: the
form engine (kiosk/forms) cleans and checks them. GUI thread.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QGridLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from kiosk.forms.spec import Choice, Field
from kiosk.textnorm import fold_for_search

KEYBOARD_MODE = {"citizen_id": "digits", "phone": "phone", "number": "digits",
                 "integer": "digits", "date": "date", "email": "email"}
CHOICE_COLUMNS = 2


class FieldWidget(QWidget):
    """Label, help, editor, error. Subclasses build the editor and map values."""

    changed = Signal()
    wants_keyboard = Signal(object, str)  # a QLineEdit, a keyboard mode

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName("formField")
        self.label = QLabel(objectName="fieldLabel")
        self.label.setWordWrap(True)
        self.help = QLabel(objectName="fieldHelp")
        self.help.setWordWrap(True)
        self.error = QLabel(objectName="fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 6, 0, 6)
        self.column.setSpacing(4)
        self.column.addWidget(self.label)
        self.column.addWidget(self.help)
        self.build()
        self.column.addWidget(self.error)
        self.set_language(lang)

    def build(self) -> None:  # the editor
        pass

    def value(self) -> Any:
        return None

    def set_value(self, value: Any) -> None:
        pass

    def set_readonly(self, readonly: bool) -> None:
        self.setEnabled(not readonly)

    def set_choices(self, choices: list[Choice], lang: str) -> None:
        pass

    def set_required(self, required: bool, lang: str) -> None:
        self._required = required
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        field = self.field
        text = field.label.text(lang) if field.label else field.name
        self.label.setText(text + (" *" if getattr(self, "_required", field.required) else ""))
        self.help.setText(field.help.text(lang) if field.help else "")
        self.help.setVisible(field.help is not None)

    def show_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))

    def first_editor(self) -> QWidget | None:
        return None


class _TouchFilter(QObject):
    """Hands a line edit to the keyboard when it is touched or focused."""

    def __init__(self, owner: FieldWidget, editor: QLineEdit, mode: str) -> None:
        super().__init__(editor)
        self.owner, self.editor, self.mode = owner, editor, mode

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            self.owner.wants_keyboard.emit(self.editor, self.mode)
        return False


def big_line_edit(owner: FieldWidget, mode: str, max_length: int = 500) -> QLineEdit:
    editor = QLineEdit(objectName="bigField")
    editor.setMaxLength(max_length)
    editor.textChanged.connect(owner.changed)
    editor.installEventFilter(_TouchFilter(owner, editor, mode))
    return editor


class TextFieldWidget(FieldWidget):
    """text, number, integer, date, citizen id, phone, email: one line edit."""

    def build(self) -> None:
        mode = KEYBOARD_MODE.get(self.field.type, "text")
        limit = self.field.max_length or (12 if self.field.type == "citizen_id" else 500)
        self.editor = big_line_edit(self, mode, max(limit, 20) if mode != "text" else limit)
        if self.field.type == "date":
            self.editor.setPlaceholderText("dd/mm/yyyy")
        self.column.addWidget(self.editor)

    def value(self) -> Any:
        return self.editor.text()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.field.type == "date" and len(text) == 10 and text[4] == "-":
            text = f"{text[8:]}/{text[5:7]}/{text[:4]}"  # stored ISO, shown day first
        if text != self.editor.text():
            self.editor.setText(text)

    def set_readonly(self, readonly: bool) -> None:
        self.editor.setReadOnly(readonly)

    def first_editor(self) -> QWidget | None:
        return self.editor


class ChoiceFieldWidget(FieldWidget):
    """select_one and yes_no as big toggle buttons; select_multiple as checkable ones."""

    def build(self) -> None:
        self.multiple = self.field.type == "select_multiple"
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.group.buttonClicked.connect(lambda _b: self.changed.emit())
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        self.column.addLayout(self.grid)
        self.choices: list[Choice] = []
        if self.field.type == "yes_no":
            self.yes_no = True
        else:
            self.yes_no = False

    def set_choices(self, choices: list[Choice], lang: str) -> None:
        current = self.value()
        for button in self.group.buttons():
            self.group.removeButton(button)
            self.grid.removeWidget(button)
            button.deleteLater()
        self.choices = choices
        for index, choice in enumerate(choices):
            button = QPushButton(choice.label.text(lang), objectName="choice")
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setProperty("value", choice.value)
            self.group.addButton(button, index)
            self.grid.addWidget(button, index // CHOICE_COLUMNS, index % CHOICE_COLUMNS)
        self.set_value(current)

    def value(self) -> Any:
        picked = [b.property("value") for b in self.group.buttons() if b.isChecked()]
        if self.multiple:
            return picked
        if self.yes_no:
            return None if not picked else picked[0] == "yes"
        return picked[0] if picked else None

    def set_value(self, value: Any) -> None:
        if self.yes_no and isinstance(value, bool):
            value = "yes" if value else "no"
        wanted = set(value) if isinstance(value, list) else {value}
        for button in self.group.buttons():
            button.setChecked(button.property("value") in wanted)

    def set_readonly(self, readonly: bool) -> None:
        for button in self.group.buttons():
            button.setEnabled(not readonly)


_LABELS: list[tuple[object, dict[tuple[str, str], str]]] = []  # the lists last seen


def labels_of(lists: dict[str, list[dict[str, str]]]) -> dict[tuple[str, str], str]:
    """(list name, value) -> label for the province and commune lists, built once per
    lists object (every address field on every page shares the same 3,321 communes)."""
    if _LABELS and _LABELS[0][0] is lists:
        return _LABELS[0][1]
    labels = {(kind, row["value"]): row["label"] for kind in ("provinces", "communes")
              for row in lists.get(kind, [])}
    _LABELS[:] = [(lists, labels)]
    return labels


class ListPicker(QWidget):
    """A touch list with a search line: tap a row to choose it. Replaces a combo box,
    whose small popup of 100 communes is hard for an unsteady finger."""

    picked = Signal(str)  # the chosen row's value

    def __init__(self, owner: FieldWidget) -> None:
        super().__init__(owner)
        self.rows: list[tuple[str, str, str]] = []  # value, label, folded label
        self.search = big_line_edit(owner, "text", 60)
        self.search.textChanged.connect(self.refresh)
        self.list = QListWidget(objectName="touchList")
        self.list.setMinimumHeight(280)
        self.list.itemClicked.connect(
            lambda item: self.picked.emit(item.data(Qt.ItemDataRole.UserRole)))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.list)

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.rows = [(value, label, fold_for_search(label)) for value, label in rows]
        self.search.clear()
        self.refresh()

    def refresh(self) -> None:
        words = fold_for_search(self.search.text()).split()
        self.list.clear()
        for value, label, folded in self.rows:
            if all(word in folded for word in words):
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, value)
                self.list.addItem(item)


class AddressFieldWidget(FieldWidget):
    """Province, then a commune of it (the 2025 lists), then house number and street.
    Each list opens under its button, with a search line, and closes on a choice."""

    def build(self) -> None:
        self.province_value = ""
        self.commune_value = ""
        self.lists: dict[str, list[dict[str, str]]] = {}
        self._labels: dict[tuple[str, str], str] = {}
        self.province = QPushButton(objectName="pickButton")
        self.commune = QPushButton(objectName="pickButton")
        self.province.clicked.connect(lambda: self._open("province"))
        self.commune.clicked.connect(lambda: self._open("commune"))
        self._picker: ListPicker | None = None  # made when first opened: most pages never do
        self.picking = ""
        self.street = big_line_edit(self, "text", 200)
        self.column.addWidget(self.province)
        self.column.addWidget(self.commune)
        self.street_label = QLabel(objectName="fieldHelp")
        self.column.addWidget(self.street_label)
        self.column.addWidget(self.street)

    @property
    def picker(self) -> ListPicker:
        if self._picker is None:
            self._picker = ListPicker(self)
            self._picker.picked.connect(self._picked)
            self._picker.hide()
            self.column.insertWidget(self.column.indexOf(self.commune) + 1, self._picker)
        return self._picker

    def set_lists(self, lists: dict[str, list[dict[str, str]]], lang: str) -> None:
        self.lists = lists
        self._labels = labels_of(lists)
        self._show()

    def _label(self, list_name: str, value: str) -> str:
        return self._labels.get((list_name, value), "")

    def _open(self, which: str) -> None:
        if self.picking == which:
            self.picking = ""
            self.picker.hide()
            return
        if which == "province":
            rows = [(r["value"], r["label"]) for r in self.lists.get("provinces", [])]
        else:
            rows = [(r["value"], r["label"]) for r in self.lists.get("communes", [])
                    if r.get("province") == self.province_value]
        self.picking = which
        self.picker.set_rows(rows)
        self.picker.show()
        self.picker.search.setFocus()

    def _picked(self, value: str) -> None:
        if self.picking == "province":
            if value != self.province_value:
                self.commune_value = ""
            self.province_value = value
        else:
            self.commune_value = value
        self.picking = ""
        self.picker.hide()
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        province = self._label("provinces", self.province_value)
        commune = self._label("communes", self.commune_value)
        self.province.setText(self.tr("Province or city: %1").replace(
            "%1", province or self.tr("touch to choose")))
        self.commune.setText(self.tr("Commune or ward: %1").replace(
            "%1", commune or self.tr("touch to choose")))
        self.commune.setEnabled(bool(self.province_value))

    def value(self) -> Any:
        return {"province": self.province_value, "commune": self.commune_value,
                "street": self.street.text()}

    def set_value(self, value: Any) -> None:
        if not isinstance(value, dict):
            return
        self.province_value = str(value.get("province") or "")
        self.commune_value = str(value.get("commune") or "")
        street = str(value.get("street") or "")
        if street != self.street.text():
            self.street.setText(street)
        self._show()

    def set_language(self, lang: str) -> None:
        super().set_language(lang)
        self.street_label.setText(self.tr("House number, street, hamlet (thôn, xóm, ấp):"))
        self._show()

    def first_editor(self) -> QWidget | None:
        return self.province


class ScanFieldWidget(FieldWidget):
    """Scanned papers: at the counter, files are attached (the wizard stores them on the
    DB worker and calls `add`); at the kiosk, where there is no scanner, the citizen is
    told to bring the paper. The value is the list the form engine expects."""

    attach_requested = Signal(object)  # this widget: the wizard asks for a file

    def build(self) -> None:
        self.items: list[dict[str, str]] = []
        self.attach = QPushButton(objectName="attachScan")
        self.attach.clicked.connect(lambda: self.attach_requested.emit(self))
        self.listing = QLabel(objectName="fieldHelp")
        self.listing.setWordWrap(True)
        self.clear = QPushButton(objectName="removeItem")
        self.clear.clicked.connect(self._clear)
        self.column.addWidget(self.listing)
        self.column.addWidget(self.attach)
        self.column.addWidget(self.clear)
        self.can_attach = False

    def set_can_attach(self, can: bool) -> None:
        self.can_attach = can
        self._show()

    def add(self, sha256: str, name: str, media_type: str) -> None:
        if not any(item["sha256"] == sha256 for item in self.items):
            self.items.append({"sha256": sha256, "name": name, "media_type": media_type})
        self._show()
        self.changed.emit()

    def _clear(self) -> None:
        self.items = []
        self._show()
        self.changed.emit()

    def value(self) -> Any:
        return list(self.items)

    def set_value(self, value: Any) -> None:
        self.items = [dict(v) for v in value if isinstance(v, dict)] \
            if isinstance(value, list) else []
        self._show()

    def set_language(self, lang: str) -> None:
        super().set_language(lang)
        self._show()

    def _show(self) -> None:
        names = ", ".join(item.get("name", "") for item in self.items)
        if self.can_attach:
            self.listing.setText(self.tr("Attached: %1").replace("%1", names)
                                 if names else self.tr("Nothing attached yet."))
        else:
            self.listing.setText(self.tr("Bring this paper to the counter: the officer "
                                         "scans it there."))
        self.attach.setText(self.tr("Attach a scan…"))
        self.clear.setText(self.tr("Remove the scans"))
        self.attach.setVisible(self.can_attach)
        self.clear.setVisible(self.can_attach and bool(self.items))


class NoteWidget(FieldWidget):
    """Text to read (a note, a document to bring, a scan at the kiosk): no answer."""

    def set_readonly(self, readonly: bool) -> None:
        pass


def field_widget(field: Field, lang: str) -> FieldWidget:
    if field.type in ("select_one", "select_multiple", "yes_no"):
        return ChoiceFieldWidget(field, lang)
    if field.type == "address":
        return AddressFieldWidget(field, lang)
    if field.type == "scan":
        return ScanFieldWidget(field, lang)
    if field.type in ("note", "calculate"):
        return NoteWidget(field, lang)
    return TextFieldWidget(field, lang)
