"""What the wizard and the counter ask of a form: its visible pages, the errors, the stored answers.

The touch wizard (ui/) draws a page from `page()`/`pages()`, checks it with
`validate_page()` before going on to `next_page()`, and the draft or the
received dossier stores `clean_answers()`; `applicant_fields()` fills the
dossier's applicant columns. Each function evaluates the form afresh from the
answers (kiosk/forms/state.py); a caller doing several things in one step can
build one `FormState` and ask it all. Errors are `FieldError`s with a code from
`ERROR_CODES` (kiosk/forms/errors.py), for the UI to translate. Pure: no I/O.
"""
from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.citizen_id import validate_citizen_id
from kiosk.errors import UserError
from kiosk.forms.errors import FieldError
from kiosk.forms.expression_values import as_date, as_text, is_number
from kiosk.forms.expressions import Env, Expression
from kiosk.forms.spec import Choice, Field, Form, Label
from kiosk.forms.state import Evaluation, Item, Lists, Slot, label_of
from kiosk.forms.validators import DEFAULT_MAX_LENGTH, check_address, check_limits, is_empty

SELECTS = ("select_one", "select_multiple")


@dataclass(frozen=True)
class FieldView:
    """One field as the wizard draws it now."""

    name: str
    path: str
    type: str
    label: Label | None
    help: Label | None
    required: bool
    readonly: bool
    value: Any  # the clean value; what was typed if it does not validate
    choices: tuple[Choice, ...] | None = None  # select_*: filtered; address: provinces
    communes: tuple[Choice, ...] | None = None  # address: those of the chosen province
    limits: dict[str, Any] = field(default_factory=dict, hash=False)  # min, max, max_length...
    fields: tuple[FieldView, ...] = ()  # a group's visible fields


@dataclass(frozen=True)
class ItemView:
    index: int
    label: str | None  # the repeat's item_label, evaluated
    fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class PageView:
    name: str
    type: str  # group or repeat
    label: Label | None
    help: Label | None
    fields: tuple[FieldView, ...] = ()  # a group's visible fields
    items: tuple[ItemView, ...] = ()  # a repeat's items
    min_count: int = 0
    max_count: int = 0


def _leaves(f: Field) -> Iterator[Field]:
    """The fields inside a group or repeat, in document order, groups included."""
    for child in f.fields:
        yield child
        if child.type == "group":
            yield from _leaves(child)


def jsonable(value: Any) -> Any:
    """How a value is stored: dates as ISO text, finite numbers, lists and dicts of those."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    return value if value is None or isinstance(value, (str, int, bool)) else None


class FormState(Evaluation):
    """A form evaluated on one set of answers; ask it as many questions as needed."""

    # --- checking ------------------------------------------------------------------

    def _bound(self, f: Field, bound: Any, env: Env) -> Any:
        value = bound.evaluate(env) if isinstance(bound, Expression) else bound
        if f.type == "date":
            return as_date(value)
        return value if is_number(value) else None

    def _required(self, slot: Slot) -> bool:
        f = slot.field
        return f.required or (f.required_if is not None and f.required_if.holds(slot.env))

    def check(self, slot: Slot) -> list[FieldError]:
        """The problems with one field's answer (none when it is not shown)."""
        f = slot.field
        if not slot.relevant or not f.has_value or f.type == "calculate":
            return []
        if slot.error is not None:
            return [slot.error]
        value = slot.value
        if is_empty(value):
            return [FieldError(slot.path, "required")] if self._required(slot) else []
        env = slot.env
        problems = check_limits(f, value, self.today, self._bound(f, f.min, env),
                                self._bound(f, f.max, env))
        if f.type in SELECTS:
            offered = self.choices(f, env)
            if offered is not None:
                values = {choice.value for choice in offered}
                problems += [("choice_unknown", {"value": v})
                             for v in (value if isinstance(value, list) else [value])
                             if v not in values]
        elif f.type == "address":
            problems += check_address(value, f.street_required, self.index("provinces"),
                                      self.index("communes"))
        elif f.type == "citizen_id":
            born = as_date(env.lookup(self._birth_date_field(f) or ""))
            try:
                validate_citizen_id(value, born)
            except UserError as exc:
                problems.append((exc.code, exc.params))
        if not problems and f.constraint is not None and not f.constraint.holds(env):
            message = f.constraint_message
            problems.append(("constraint_failed", {"message": {"vi": message.vi, "en": message.en}}
                             if message else {}))
        return [FieldError(slot.path, code, params) for code, params in problems]

    def _birth_date_field(self, f: Field) -> str | None:
        if f.birth_date_field is not None:
            return f.birth_date_field
        born = self.form.mapped.get("applicant.date_of_birth")
        return born.name if born is not None and f.map_to == "applicant.id_number" else None

    def _check_repeat(self, f: Field) -> list[FieldError]:
        if not self.slots[f.name].relevant:
            return []
        if f.name in self.repeat_errors:
            return [self.repeat_errors[f.name]]
        errors: list[FieldError] = []
        count = self.counts.get(f.name, 0)
        if count < f.min_count:
            errors.append(FieldError(f.name, "too_few", {"min": f.min_count, "count": count}))
        if count > f.max_count:
            errors.append(FieldError(f.name, "too_many", {"max": f.max_count, "count": count}))
        for item in self.items[f.name]:
            if item.error is not None:
                errors.append(item.error)
            for child in _leaves(f):
                errors += self.check(item.slots[child.name])
        return errors

    def validate_page(self, name: str) -> list[FieldError]:
        """The problems on one page, in the order drawn; [] when the page is not shown."""
        page = self.form.page(name)
        if page is None or not self.slots[name].relevant:
            return []
        if page.type == "repeat":
            return self._check_repeat(page)
        errors: list[FieldError] = []
        for f in _leaves(page):
            errors += self.check(self.slots[f.name])
        return errors

    def validate_all(self) -> list[FieldError]:
        return [error for page in self.form.pages for error in self.validate_page(page.name)]

    # --- pages ---------------------------------------------------------------------

    def visible_pages(self) -> list[str]:
        return [page.name for page in self.form.pages if self.slots[page.name].relevant]

    def next_page(self, current: str | None) -> str | None:
        """The next page shown after `current` (the first when None); None after the last."""
        names = [page.name for page in self.form.pages]
        start = names.index(current) + 1 if current in names else 0
        return next((n for n in names[start:] if self.slots[n].relevant), None)

    def previous_page(self, current: str) -> str | None:
        names = [page.name for page in self.form.pages]
        if current not in names:
            return None
        return next((n for n in reversed(names[:names.index(current)])
                     if self.slots[n].relevant), None)

    def _view(self, slot: Slot, slots: Mapping[str, Slot]) -> FieldView:
        f, env = slot.field, slot.env
        choices = communes = None
        limits: dict[str, Any] = {}
        if f.type in SELECTS:
            offered = self.choices(f, env)
            choices = None if offered is None else tuple(offered)
        elif f.type == "address":
            provinces = self.rows("provinces")
            choices = None if provinces is None else tuple(
                Choice(str(r.get("value")), label_of(r), dict(r)) for r in provinces
                if isinstance(r, Mapping))
            listed = self.communes((slot.value or {}).get("province"))
            communes = None if listed is None else tuple(listed)
        elif f.type == "text":
            limits = {"min_length": f.min_length, "max_length": f.max_length or DEFAULT_MAX_LENGTH}
        if f.type in ("number", "integer", "date", "scan"):
            limits = {"min": self._bound(f, f.min, env), "max": self._bound(f, f.max, env)}
        children = tuple(self._view(slots[child.name], slots) for child in f.fields
                         if slots[child.name].relevant and child.type != "calculate")
        return FieldView(
            name=f.name, path=slot.path, type=f.type, label=f.label, help=f.help,
            required=f.has_value and self._required(slot), readonly=f.readonly or bool(
                f.calculation), value=slot.raw if slot.error is not None else slot.value,
            choices=choices, communes=communes, limits=limits, fields=children)

    def _item_view(self, f: Field, item: Item) -> ItemView:
        label = None if f.item_label is None else as_text(f.item_label.evaluate(item.env))
        return ItemView(item.index, label or None, tuple(
            self._view(item.slots[child.name], item.slots) for child in f.fields
            if item.slots[child.name].relevant and child.type != "calculate"))

    def page(self, name: str) -> PageView | None:
        """One page as drawn now; None when there is no such page or it is not shown."""
        page = self.form.page(name)
        if page is None or not self.slots[name].relevant:
            return None
        if page.type == "repeat":
            return PageView(name, "repeat", page.label, page.help, items=tuple(
                self._item_view(page, item) for item in self.items[name]),
                min_count=page.min_count, max_count=page.max_count)
        return PageView(name, "group", page.label, page.help,
                        fields=self._view(self.slots[name], self.slots).fields)

    def pages(self) -> list[PageView]:
        return [view for name in self.visible_pages() if (view := self.page(name)) is not None]

    # --- what is stored ------------------------------------------------------------

    def _clean_into(self, fields: Iterator[Field], slots: Mapping[str, Slot],
                    out: dict[str, Any]) -> None:
        for f in fields:
            slot = slots[f.name]
            if not slot.relevant:
                continue
            if f.type == "repeat":
                items = []
                for item in self.items.get(f.name, []):
                    stored: dict[str, Any] = {}
                    self._clean_into(_leaves(f), item.slots, stored)
                    items.append(stored)
                out[f.name] = items
            elif f.has_value:
                out[f.name] = jsonable(slot.value)

    def clean_answers(self) -> dict[str, Any]:
        """The answers as stored: shown fields only, normalised, calculations filled.

        Exactly the values expressions saw: an unanswered field is stored as None
        (so its default does not come back on reload), and so is an answer that
        cannot be read at all ("abc" for a number); one that breaks a rule (too
        long, a date in the future) is kept, clean. Validate before receiving.
        """
        out: dict[str, Any] = {}
        for page in self.form.pages:
            self._clean_into(iter([page, *_leaves(page)]) if page.type == "group"
                             else iter([page]), self.slots, out)
        return out

    def applicant_fields(self) -> dict[str, Any]:
        """The dossier's applicant columns from the `map_to` fields that hold a value:
        full_name, id_number, date_of_birth (a date), phone, email, address (one line)."""
        out: dict[str, Any] = {}
        for target, f in self.form.mapped.items():
            slot = self.slots[f.name]
            if slot.relevant and slot.error is None and not is_empty(slot.value):
                key = target.partition(".")[2]
                out[key] = self.address_line(slot.value) if f.type == "address" else slot.value
        return out

    def address_line(self, value: Mapping[str, Any]) -> str:
        """"12 Lý Thái Tổ, Phường Hoàn Kiếm, Thành phố Hà Nội" (codes when no lists)."""
        parts = [value.get("street")]
        for key, list_name in (("commune", "communes"), ("province", "provinces")):
            row = (self.index(list_name) or {}).get(value.get(key) or "")
            parts.append(label_of(row).vi if row is not None else value.get(key))
        return ", ".join(str(part) for part in parts if part)[:500]


def evaluate(form: Form, answers: Any, *, today: date | None = None,
             lists: Lists | None = None) -> FormState:
    return FormState(form, answers, today=today, lists=lists)


def pages(form: Form, answers: Any, *, today: date | None = None,
          lists: Lists | None = None) -> list[PageView]:
    return FormState(form, answers, today=today, lists=lists).pages()


def validate_page(form: Form, page_name: str, answers: Any, *, today: date | None = None,
                  lists: Lists | None = None) -> list[FieldError]:
    return FormState(form, answers, today=today, lists=lists).validate_page(page_name)


def validate_all(form: Form, answers: Any, *, today: date | None = None,
                 lists: Lists | None = None) -> list[FieldError]:
    return FormState(form, answers, today=today, lists=lists).validate_all()


def next_page(form: Form, current: str | None, answers: Any, *, today: date | None = None,
              lists: Lists | None = None) -> str | None:
    return FormState(form, answers, today=today, lists=lists).next_page(current)


def clean_answers(form: Form, answers: Any, *, today: date | None = None,
                  lists: Lists | None = None) -> dict[str, Any]:
    return FormState(form, answers, today=today, lists=lists).clean_answers()


def applicant_fields(form: Form, answers: Any, *, today: date | None = None,
                     lists: Lists | None = None) -> dict[str, Any]:
    return FormState(form, answers, today=today, lists=lists).applicant_fields()
