"""One screen of the dossier wizard: the fields of one page of the form, drawn from the spec.

A group page shows its fields (and those of its sub-groups); a repeat page shows
one block per item (a family member, say) with Add and Remove. The widgets are
made once per page; after every change the form engine's view of the page
(`FormState.page`) says which fields are shown now, which choices are offered,
what a calculated field holds and what is required, and the widgets follow it.
GUI thread; pure computation only (the engine), no database.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.forms.engine import FieldView, FormState, PageView
from kiosk.forms.errors import FieldError
from kiosk.forms.spec import Choice, Field, Label
from ui.error_text import field_message
from ui.wizard.fields import AddressFieldWidget, FieldWidget, ScanFieldWidget, field_widget

YES_NO = (Choice("yes", Label("Có", "Yes"), {}), Choice("no", Label("Không", "No"), {}))


def leaves(field: Field) -> Iterator[Field]:
    """The fields a page shows, sub-groups flattened, calculations left out."""
    for child in field.fields:
        if child.type == "group":
            yield from leaves(child)
        elif child.type != "calculate":
            yield child


def views(fields: tuple[FieldView, ...]) -> Iterator[FieldView]:
    for view in fields:
        if view.type == "group":
            yield from views(view.fields)
        else:
            yield view


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or \
        (isinstance(value, dict) and not any(value.values()))


class PageWidget(QWidget):
    """The widgets of one page, keyed by answer path (`name`, `members[1].name`)."""

    changed = Signal()
    wants_keyboard = Signal(object, str)
    attach_requested = Signal(object)  # a ScanFieldWidget

    def __init__(self, page: Field, answers: dict[str, Any], lang: str,
                 lists: dict[str, Any], parent: QWidget | None = None, *,
                 can_attach: bool = False) -> None:
        super().__init__(parent)
        self.page, self.lang, self.lists = page, lang, lists
        self.can_attach = can_attach  # the counter attaches scans; the kiosk cannot
        self.widgets: dict[str, FieldWidget] = {}
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(10)
        self.items: list[dict[str, FieldWidget]] = []
        self.item_frames: list[QFrame] = []
        if page.type == "repeat":
            rows = answers.get(page.name)
            count = len(rows) if isinstance(rows, list) else 0
            self.add_button = QPushButton(objectName="addItem")
            self.add_button.clicked.connect(self.add_item)
            self.column.addWidget(self.add_button)
            for _ in range(max(count, page.min_count)):
                self.add_item(quiet=True)
        else:
            for field in leaves(page):
                self._add(field.name, field, self.column)
        self.column.addStretch(1)
        self.retranslate(lang)

    def _add(self, path: str, field: Field, layout: QVBoxLayout) -> FieldWidget:
        widget = field_widget(field, self.lang)
        if isinstance(widget, AddressFieldWidget):
            widget.set_lists(self.lists, self.lang)
        if field.type == "yes_no":
            widget.set_choices(list(YES_NO), self.lang)
        elif field.choices:
            widget.set_choices(list(field.choices), self.lang)
        if isinstance(widget, ScanFieldWidget):
            widget.set_can_attach(self.can_attach)
            widget.attach_requested.connect(self.attach_requested)
        widget.changed.connect(self.changed)
        widget.wants_keyboard.connect(self.wants_keyboard)
        layout.addWidget(widget)
        self.widgets[path] = widget
        return widget

    # --- repeats ----------------------------------------------------------------------

    def add_item(self, quiet: bool = False) -> None:
        index = len(self.items)
        if index >= self.page.max_count:
            return
        frame = QFrame(objectName="repeatItem")
        layout = QVBoxLayout(frame)
        title = QLabel(objectName="itemTitle")
        remove = QPushButton(objectName="removeItem")
        remove.clicked.connect(lambda _=False, f=frame: self.remove_item(f))
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(remove)
        layout.addLayout(top)
        item = {f.name: self._add(f"{self.page.name}[{index}].{f.name}", f, layout)
                for f in leaves(self.page)}
        item["_title"], item["_remove"] = title, remove  # type: ignore[assignment]
        self.items.append(item)
        self.item_frames.append(frame)
        self.column.insertWidget(self.column.indexOf(self.add_button), frame)
        frame.show()  # now, not on the next layout pass
        self.retranslate(self.lang)
        if not quiet:
            self.changed.emit()

    def remove_item(self, frame: QFrame) -> None:
        self.wants_keyboard.emit(None, "text")  # its fields are rebuilt: type nowhere
        values = self.item_values()
        index = self.item_frames.index(frame)
        del values[index]
        for old in self.item_frames:
            self.column.removeWidget(old)
            old.deleteLater()
        self.items, self.item_frames = [], []
        self.widgets = {}
        for _ in values:
            self.add_item(quiet=True)
        for item, row in zip(self.items, values, strict=True):
            for name, value in row.items():
                item[name].set_value(value)
        self.changed.emit()

    def item_values(self) -> list[dict[str, Any]]:
        return [{name: w.value() for name, w in item.items() if not name.startswith("_")}
                for item in self.items]

    # --- values and the engine's view ---------------------------------------------------

    def collect(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers with this page's current values in them."""
        out = dict(answers)
        if self.page.type == "repeat":
            out[self.page.name] = self.item_values()
        else:
            for path, widget in self.widgets.items():
                if not widget.field.has_value:
                    continue
                if widget.isVisibleTo(self):
                    out[path] = widget.value()
                else:  # not asked now: no answer, so its default applies when it shows
                    out.pop(path, None)
        return out

    def apply(self, state: FormState, *, values: bool = False) -> None:
        """Show what the engine says the page is now; `values` also loads the answers."""
        view = state.page(self.page.name)
        if view is None:
            return
        shown = {v.path: v for v in self._page_views(view)}
        for path, widget in self.widgets.items():
            field_view = shown.get(path)
            appearing = field_view is not None and not widget.isVisibleTo(self)
            widget.setVisible(field_view is not None)
            if field_view is None:
                continue
            if appearing and _empty(widget.value()):
                widget.set_value(field_view.value)  # its default, or what it held before
            widget.set_required(field_view.required, self.lang)
            if field_view.choices is not None and widget.field.type in ("select_one",
                                                                         "select_multiple"):
                if getattr(widget, "choices", None) != list(field_view.choices):
                    widget.set_choices(list(field_view.choices), self.lang)
            widget.set_readonly(field_view.readonly)
            if values or field_view.readonly:
                widget.set_value(field_view.value)
        for index, item in enumerate(self.items):
            item_view = view.items[index] if index < len(view.items) else None
            title = item_view.label if item_view and item_view.label else None
            number = self.tr("Person %1").replace("%1", str(index + 1))
            item["_title"].setText(title or number)  # type: ignore[attr-defined]

    def _page_views(self, view: PageView) -> Iterator[FieldView]:
        if view.type == "repeat":
            for item in view.items:
                yield from views(item.fields)
        else:
            yield from views(view.fields)

    def show_errors(self, errors: list[FieldError]) -> FieldWidget | None:
        """Each problem beside its field; returns the first field with one."""
        by_path: dict[str, FieldError] = {}
        for error in errors:
            by_path.setdefault(error.path, error)
        first = None
        for path, widget in self.widgets.items():
            error = by_path.get(path)
            widget.show_error(field_message(error.code, error.params, self.lang)
                              if error else None)
            if error and first is None and widget.isVisibleTo(self):
                first = widget
        return first

    def page_level_error(self, errors: list[FieldError]) -> str | None:
        """A problem with the page itself (too few family members), not one field."""
        for error in errors:
            if error.path == self.page.name:
                return field_message(error.code, error.params, self.lang)
        return None

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        for widget in self.widgets.values():
            widget.set_language(lang)
        if self.page.type == "repeat":
            self.add_button.setText(self.tr("+ Add one more"))
            for item in self.items:
                item["_remove"].setText(self.tr("Remove"))  # type: ignore[attr-defined]
            self.add_button.setVisible(len(self.items) < self.page.max_count)
        label = self.page.label
        self.setAccessibleName(label.text(lang) if label else self.page.name)
        self.column.setAlignment(Qt.AlignmentFlag.AlignTop)
