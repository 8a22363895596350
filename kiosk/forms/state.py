"""One pass over a form and its answers: which fields are shown and what each one holds.

The wizard asks the same questions after every tap (is this page shown, what
does this calculated field say, which communes belong to the chosen province),
and the answers change between taps, so nothing is cached between calls:
`Evaluation` computes, in the dependency order found at load time, every
field's relevance and its clean value (answer, else default; calculations
always), and keeps the cleaning errors for kiosk/forms/engine.py to report.
Cheap enough to redo per step (see bench/form_engine.py). Pure: no I/O, no Qt.

An answer key that is absent means "never answered" and takes the default; a
key present with None or "" means the citizen cleared it. A field that is not
relevant reads as None in expressions, whatever was answered.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.clock import business_date
from kiosk.forms.errors import FieldError
from kiosk.forms.expression_values import compare
from kiosk.forms.expressions import Env
from kiosk.forms.spec import Choice, Field, Form, Label
from kiosk.forms.validators import Invalid, clean_value

# The caller's lists: "provinces" -> [{"value", "label"}], "communes" -> [{"value", "label",
# "province"}]; a label is text or {"vi", "en"}. Treated as read-only.
Lists = Mapping[str, Sequence[Mapping[str, Any]]]


@dataclass
class Slot:
    """One field where it is answered: at top level, or in one item of a repeat."""

    field: Field
    path: str  # full_name, members[1].full_name
    relevant: bool
    env: Env  # what its expressions see
    value: Any = None  # clean value; None when empty, invalid or not relevant
    raw: Any = None  # the answer (or default) before cleaning
    error: FieldError | None = None  # the value could not be cleaned


@dataclass
class Item:
    index: int
    env: Env
    slots: dict[str, Slot] = field(default_factory=dict)
    error: FieldError | None = None  # the item is not an object


def label_of(row: Mapping[str, Any]) -> Label:
    text = row.get("label")
    if isinstance(text, Mapping):
        vi = str(text.get("vi") or "")
        return Label(vi, str(text.get("en") or vi))
    shown = str(text if text is not None else row.get("value", ""))
    return Label(shown, shown)


class Evaluation:
    """Relevance and values of every field for one set of answers (see module doc)."""

    def __init__(self, form: Form, answers: Any, *, today: date | None = None,
                 lists: Lists | None = None) -> None:
        self.form = form
        self.today = today if today is not None else business_date()
        self.lists = lists if isinstance(lists, Mapping) else None
        self.values: dict[str, Any] = {}  # what ${name} reads at top level
        self.env = Env(self.values, self.today)
        self.slots: dict[str, Slot] = {}
        self.items: dict[str, list[Item]] = {}
        self.counts: dict[str, int] = {}  # items given per repeat (some may be cut off)
        self.repeat_errors: dict[str, FieldError] = {}
        self._indexes: dict[str, dict[str, Mapping[str, Any]] | None] = {}
        answers = answers if isinstance(answers, Mapping) else {}
        for item in form.order:
            self._fill(item, answers, self.env, self.slots, self.values, item.name)

    def _fill(self, f: Field, answers: Mapping[Any, Any], env: Env, slots: dict[str, Slot],
              values: dict[str, Any], path: str) -> None:
        parent = slots.get(f.parent) if f.parent is not None else None
        relevant = (parent is None or parent.relevant) and (
            f.relevant is None or f.relevant.holds(env))
        slot = slots[f.name] = Slot(f, path, relevant, env)
        if f.type == "repeat":
            values[f.name] = self._repeat(f, answers.get(f.name)) if relevant else None
            return
        if not f.has_value or not relevant:
            values[f.name] = None
            return
        if f.calculation is not None:
            raw = f.calculation.evaluate(env)
            if f.type == "calculate":
                values[f.name] = slot.value = slot.raw = raw
                return
        elif f.name in answers:
            raw = answers[f.name]
        elif f.default_expr is not None:
            raw = f.default_expr.evaluate(env)
        else:
            raw = f.default
        slot.raw = raw
        try:
            slot.value = clean_value(f, raw)
        except Invalid as exc:
            slot.error = FieldError(path, exc.code, exc.params)
        values[f.name] = slot.value

    def _repeat(self, f: Field, raw: Any) -> list[dict[str, Any]]:
        items = self.items[f.name] = []
        if raw is None:
            return []
        if not isinstance(raw, (list, tuple)):
            self.repeat_errors[f.name] = FieldError(f.name, "wrong_type", {"expected": "repeat"})
            return []
        self.counts[f.name] = len(raw)
        scope = self.form.repeats[f.name]
        names = frozenset(scope.fields)
        result: list[dict[str, Any]] = []
        for index, entry in enumerate(raw[:f.max_count]):
            values: dict[str, Any] = {}
            item = Item(index, Env(self.values, self.today, values, names))
            if not isinstance(entry, Mapping):
                item.error = FieldError(f"{f.name}[{index}]", "wrong_type", {"expected": "item"})
                entry = {}
            for child in scope.order:
                self._fill(child, entry, item.env, item.slots, values,
                           f"{f.name}[{index}].{child.name}")
            items.append(item)
            result.append(values)
        return result

    # --- the caller's lists ------------------------------------------------------------

    def rows(self, name: str) -> Sequence[Mapping[str, Any]] | None:
        rows = self.lists.get(name) if self.lists is not None else None
        return rows if isinstance(rows, Sequence) and not isinstance(rows, str) else None

    def index(self, name: str) -> dict[str, Mapping[str, Any]] | None:
        """A list's rows by value (built once per list), or None when not given."""
        if name not in self._indexes:
            rows = self.rows(name)
            self._indexes[name] = None if rows is None else _derived(rows, "index", lambda: {
                str(row.get("value")): row for row in rows if isinstance(row, Mapping)})
        return self._indexes[name]

    def choices(self, f: Field, env: Env) -> list[Choice] | None:
        """The choices offered now (choice_filter applied); None = any value (no list given)."""
        if f.choice_list is not None:
            rows = self.rows(f.choice_list)
            if rows is None:
                return None
            data: Sequence[Mapping[str, Any]] = [r for r in rows if isinstance(r, Mapping)]
        else:
            data = [choice.data for choice in f.choices]
        test = f.choice_filter
        if test is not None and test.choice_equality is not None:
            key, other = test.choice_equality
            wanted = other(env)
            if isinstance(wanted, str):
                data = [d for d in data if d.get(key) == wanted]
            else:
                data = [d for d in data if compare("=", d.get(key), wanted)]
        elif test is not None:
            data = [d for d in data if test.holds(env.with_choice(d))]
        if f.choice_list is None:
            kept = {id(d) for d in data}
            return [choice for choice in f.choices if id(choice.data) in kept]
        return [Choice(str(d.get("value")), label_of(d), dict(d)) for d in data]

    def communes(self, province: Any) -> list[Choice] | None:
        rows = self.rows("communes")
        if rows is None:
            return None
        by_province = _derived(rows, "by_province", lambda: _group_communes(rows))
        return list(by_province.get(province, ())) if isinstance(province, str) else []


def _group_communes(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Choice]]:
    grouped: dict[str, list[Choice]] = {}
    for r in rows:
        if isinstance(r, Mapping):
            grouped.setdefault(str(r.get("province")), []).append(
                Choice(str(r.get("value")), label_of(r), dict(r)))
    return grouped


# What is derived from a caller's list (its rows by value, communes by province), kept
# while the same list object is used: the wizard evaluates the form several times per
# tap with the same 3,321 communes. Lists are treated as read-only once handed over.
_DERIVED: dict[tuple[int, str], tuple[object, Any]] = {}


def _derived(rows: Sequence[Mapping[str, Any]], what: str, build: Any) -> Any:
    key = (id(rows), what)
    hit = _DERIVED.get(key)
    if hit is not None and hit[0] is rows:
        return hit[1]
    value = build()
    if len(_DERIVED) > 64:
        _DERIVED.clear()
    _DERIVED[key] = (rows, value)
    return value
