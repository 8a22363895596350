"""A procedure's form spec (the catalog's `form` object), checked and loaded once.

The touch wizard and the counter screen are generated from this spec, and the
spec comes from a catalog file an admin may import; so every key is checked
here, when the catalog is imported or the form opened, never while a citizen
is typing: unknown keys and types, names, limits, patterns, and every
expression (syntax, functions, and the `${names}` it refers to). A bad spec
raises `FormSpecError` naming its path, e.g. `fields[2].fields[0].relevant:
unknown field ${provnce}`. The format is documented in docs/FORMS.md.
"""
from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.forms.errors import FormSpecError
from kiosk.forms.expressions import FIELD_NAME, Expression, ExpressionError, parse_expression
from kiosk.forms.fields import Choice, Field, Form, Label, RepeatScope
from kiosk.forms.generic import GENERIC_FORM
from kiosk.forms.spec_keys import (
    CHOICE_LISTS,
    DEFAULT_MAX_COUNT,
    KEYS,
    MAP_TO,
    MAX_CHOICES,
    MAX_DEPTH,
    MAX_FIELDS,
    MAX_REPEAT_ITEMS,
    MAX_TEXT_LENGTH,
    VALUE_TYPES,
    SpecReader,
)
from kiosk.forms.validators import Invalid, clean_value

__all__ = ["GENERIC_FORM", "Choice", "Field", "Form", "FormSpecError", "Label", "RepeatScope",
           "load_form", "procedure_form"]


class _Loader:
    def __init__(self) -> None:
        self.top: dict[str, Any] = {}  # name -> raw dict (pass 1), then Field (pass 2)
        self.inside: dict[str, dict[str, Any]] = {}  # repeat -> name -> raw dict / Field
        self.count = 0
        self.seen: dict[tuple[str | None, str], str] = {}  # (repeat, name) -> where first
        # "name" or "repeat/name" -> what it depends on -> the spec key that says so
        self.deps: dict[str, dict[str, str]] = {}

    # pass 1: names, types, nesting
    def collect(self, items: Any, path: str, repeat: str | None, depth: int) -> None:
        reader = SpecReader(path)
        if not isinstance(items, list):
            raise FormSpecError(path, "must be a list of fields")
        if depth > MAX_DEPTH:
            raise FormSpecError(path, f"groups are nested more than {MAX_DEPTH} deep")
        for i, raw in enumerate(items):
            where = f"{path}[{i}]"
            self.count += 1
            if self.count > MAX_FIELDS:
                raise FormSpecError(where, f"a form has at most {MAX_FIELDS} fields")
            reader = SpecReader(where)
            item = reader.obj(raw)
            kind = reader.choice(item, "type", tuple(KEYS))
            name = reader.get(item, "name", str)
            if not FIELD_NAME.fullmatch(name):
                raise FormSpecError(f"{where}.name", f"{name[:50]!r} is not a field name: "
                                    "a-z first, then a-z, 0-9 or _, at most 40 characters")
            reader.known_keys(item, KEYS[kind])
            if depth == 0 and kind not in ("group", "repeat"):
                raise FormSpecError(f"{where}.type", "a page (top-level item) must be a group "
                                    f"or a repeat, not {kind}")
            if kind == "repeat" and depth > 0:
                raise FormSpecError(f"{where}.type", "a repeat must be a page of its own")
            scope = self.top if repeat is None else self.inside[repeat]
            if name in scope or name == repeat:
                first = self.seen.get((repeat, name), f"the repeat {repeat}")
                raise FormSpecError(f"{where}.name", f"the name {name} is already used "
                                    f"(at {first})")
            self.seen[(repeat, name)] = where
            scope[name] = item
            if kind == "repeat":
                self.inside[name] = {}
            if kind in ("group", "repeat"):
                if "fields" not in item:
                    raise FormSpecError(f"{where}.fields", "is missing")
                self.collect(item["fields"], f"{where}.fields", name if kind == "repeat"
                             else repeat, depth + 1)

    # pass 2: every key
    def build(self, raw: dict, where: str, parent: str | None, repeat: str | None,
              page: str) -> Field:
        r = SpecReader(where)
        kind, name = raw["type"], raw["name"]
        required = raw.get("required", False)
        values: dict[str, Any] = {
            "label": r.label(raw, "label", optional=kind == "calculate"),
            "help": r.label(raw, "help", optional=True, limit=2000),
            "relevant": self.expr(r, raw, "relevant", repeat, name),
            "readonly": r.get(raw, "readonly", bool, False),
            "required": required if isinstance(required, bool) else False,
            "required_if": None if isinstance(required, bool)
            else self.expr(r, raw, "required", repeat, name),
            "constraint": self.expr(r, raw, "constraint", repeat, name),
            "constraint_message": r.label(raw, "constraint_message", optional=True),
            "calculation": self.expr(r, raw, "calculation", repeat, name),
            "allow_future": r.get(raw, "allow_future", bool, False),
            "street_required": r.get(raw, "street_required", bool, True),
            "min_count": r.count(raw, "min_count", 0, MAX_REPEAT_ITEMS, 0),
            "max_count": r.count(raw, "max_count", 1, MAX_REPEAT_ITEMS, DEFAULT_MAX_COUNT),
            "item_label": self.expr(r, raw, "item_label", name, name),
            "min_length": r.count(raw, "min_length", 0, MAX_TEXT_LENGTH, None),
            "max_length": r.count(raw, "max_length", 1, MAX_TEXT_LENGTH, None),
            "pattern": r.pattern(raw),
            "map_to": r.choice(raw, "map_to", tuple(MAP_TO), optional=True),
        }
        if kind == "calculate" and values["calculation"] is None:
            raise FormSpecError(f"{where}.calculation", "is missing (a calculate field needs it)")
        if kind not in ("calculate",) and values["calculation"] and not values["readonly"]:
            raise FormSpecError(f"{where}.calculation", 'needs "readonly": true on a '
                                f"{kind} field (or use type calculate)")
        if values["map_to"] is not None:
            if MAP_TO[values["map_to"]] != kind:
                raise FormSpecError(f"{where}.map_to", f"{values['map_to']} needs a field of type "
                                    f"{MAP_TO[values['map_to']]}, not {kind}")
            if repeat is not None:
                raise FormSpecError(f"{where}.map_to", "a field inside a repeat cannot be mapped")
        values["plausible_age"] = r.get(raw, "plausible_age", bool,
                                        values["map_to"] == "applicant.date_of_birth")
        self.bounds(r, raw, kind, values, repeat, name)
        self.choices(r, raw, kind, values, repeat, name)
        if "default" in raw:
            self.default(r, raw["default"], values, repeat, name)
        if "birth_date_field" in raw:
            target = r.get(raw, "birth_date_field", str)
            found = self.resolve(f"{where}.birth_date_field", target, repeat)
            if found.type != "date":
                raise FormSpecError(f"{where}.birth_date_field", f"{target} is not a date field")
            values["birth_date_field"] = target
        if values["min_count"] > values["max_count"]:
            raise FormSpecError(f"{where}.min_count", "is more than max_count")
        if (values["min_length"] or 0) > (values["max_length"] or MAX_TEXT_LENGTH):
            raise FormSpecError(f"{where}.min_length", "is more than max_length")
        children: list[Field] = []
        if kind in ("group", "repeat"):
            inner = name if kind == "repeat" else repeat
            children = [self.build(child, f"{where}.fields[{i}]", name, inner, page)
                        for i, child in enumerate(raw["fields"])]
        built = Field(name=name, type=kind, spec_path=where, fields=tuple(children),
                      parent=parent, repeat=repeat, page=page, **values)
        if built.default is not None:
            self.check_default(built)
        key = name if repeat is None else f"{repeat}/{name}"
        if parent is not None and parent != repeat:
            self.deps.setdefault(key, {})[self.key(parent, repeat)] = where
        (self.top if repeat is None else self.inside[repeat])[name] = built
        return built

    @staticmethod
    def check_default(built: Field) -> None:
        where = f"{built.spec_path}.default"
        try:
            value = clean_value(built, built.default)
        except Invalid as exc:
            raise FormSpecError(where, f"is not a valid {built.type} answer ({exc.code})") from None
        offered = {choice.value for choice in built.choices}
        if offered and any(v not in offered for v in (value if isinstance(value, list)
                                                      else [value])):
            raise FormSpecError(where, "is not one of the choices")

    def depend(self, node: str, expression: Expression, repeat: str | None, where: str) -> None:
        for name in expression.refs:
            inner = repeat is not None and name in self.inside[repeat]
            self.deps.setdefault(node, {}).setdefault(self.key(name, repeat if inner else None),
                                                      where)

    @staticmethod
    def key(name: str, repeat: str | None) -> str:
        return name if repeat is None else f"{repeat}/{name}"

    def resolve(self, where: str, name: str, repeat: str | None) -> Any:
        """The field `${name}` means at a place inside `repeat` (or at top level)."""
        if repeat is not None and name in self.inside[repeat]:
            found = self.inside[repeat][name]
        elif name == repeat:
            raise FormSpecError(where, f"${{{name}}} is the repeat this field is in: "
                                "a field cannot refer to its own repeat")
        elif name in self.top:
            found = self.top[name]
        else:
            owner = next((r for r, scope in self.inside.items() if name in scope), None)
            if owner is not None:
                raise FormSpecError(where, f"${{{name}}} is inside the repeat {owner}: only "
                                    f"fields of {owner} can refer to it (use count(${{{owner}}}))")
            raise FormSpecError(where, f"unknown field ${{{name}}}")
        kind = found["type"] if isinstance(found, dict) else found.type
        if kind not in VALUE_TYPES and kind != "repeat":
            raise FormSpecError(where, f"${{{name}}} is a {kind}, which has no value")
        return found if not isinstance(found, dict) else _Kind(kind)

    def expr(self, r: SpecReader, raw: dict, key: str, repeat: str | None, owner: str,
             *, choice_keys: frozenset[str] | None = None) -> Expression | None:
        source = raw.get(key)
        if source is None:
            return None
        where = f"{r.path}.{key}"
        try:
            expression = parse_expression(source)
        except ExpressionError as exc:
            raise FormSpecError(where, str(exc)) from None
        for name in sorted(expression.refs):
            self.resolve(where, name, repeat)
        if expression.choice_keys and choice_keys is None:
            raise FormSpecError(where, "choice.<key> can only be used in a choice_filter")
        for wrong in sorted((expression.choice_keys - choice_keys) if choice_keys else ()):
            raise FormSpecError(where, f"no choice has the key {wrong}")
        if key in ("relevant", "calculation", "default"):
            mine = self.key(owner, repeat)
            self.depend(mine, expression, repeat, where)
        return expression

    def bounds(self, r: SpecReader, raw: dict, kind: str, values: dict, repeat: str | None,
               owner: str) -> None:
        for key in ("min", "max"):
            value = raw.get(key)
            if value is None:
                continue
            if kind == "scan":
                values[key] = r.count(raw, key, 0, 50, None)
            elif kind == "date" and isinstance(value, str) and r.iso_date(value) is not None:
                values[key] = r.iso_date(value)
            elif isinstance(value, str):
                values[key] = self.expr(r, raw, key, repeat, owner)
            elif kind != "date" and r.number(raw, key) is not None:
                values[key] = r.number(raw, key)
            else:
                raise FormSpecError(f"{r.path}.{key}", "must be a " + (
                    "date like 2025-07-01 or an expression" if kind == "date"
                    else "number or an expression"))
        low, high = values.get("min"), values.get("max")
        if not isinstance(low, Expression) and not isinstance(high, Expression) \
                and low is not None and high is not None and low > high:
            raise FormSpecError(f"{r.path}.min", "is more than max")

    def choices(self, r: SpecReader, raw: dict, kind: str, values: dict,
                repeat: str | None, owner: str) -> None:
        if kind not in ("select_one", "select_multiple"):
            return
        where = f"{r.path}.choices"
        spec = raw.get("choices")
        keys: set[str] = {"value", "label"}
        if isinstance(spec, str):
            values["choice_list"] = r.choice(raw, "choices", tuple(CHOICE_LISTS))
            keys |= CHOICE_LISTS[spec]
        else:
            if not isinstance(spec, list) or not 0 < len(spec) <= MAX_CHOICES:
                raise FormSpecError(where, f"must be a list of 1 to {MAX_CHOICES} choices, or "
                                    f"the name of a list: {', '.join(CHOICE_LISTS)}")
            choices: list[Choice] = []
            for i, item in enumerate(spec):
                c = SpecReader(f"{where}[{i}]")
                item = c.obj(item)
                value = c.get(item, "value", str)
                if not 0 < len(value) <= 100 or value != value.strip():
                    raise FormSpecError(f"{where}[{i}].value", "must be 1 to 100 characters with "
                                        "no space at either end")
                if any(value == seen.value for seen in choices):
                    raise FormSpecError(f"{where}[{i}].value", f"{value!r} is used twice")
                label = c.label(item, "label")
                extra = {k: c.scalar(item, k) for k in item if k not in ("value", "label")}
                keys |= set(extra)
                choices.append(Choice(value, label, {**extra, "value": value,
                                                      "label": label.vi}))
            values["choices"] = tuple(choices)
        values["choice_filter"] = self.expr(r, raw, "choice_filter", repeat, owner,
                                            choice_keys=frozenset(keys))

    def default(self, r: SpecReader, spec: Any, values: dict, repeat: str | None,
                owner: str) -> None:
        if isinstance(spec, dict) and "expr" in spec:  # any other object is a literal address
            d = SpecReader(f"{r.path}.default")
            d.known_keys(spec, ("expr",))
            expression = self.expr(d, spec, "expr", repeat, owner)
            if expression is None:
                raise FormSpecError(f"{r.path}.default.expr", "must be an expression")
            values["default_expr"] = expression
            self.depend(self.key(owner, repeat), expression, repeat, f"{r.path}.default.expr")
        else:
            values["default"] = r.json_value(f"{r.path}.default", spec)

    def order(self, names: list[str], where: Mapping[str, Field]) -> tuple[Field, ...]:
        """Kahn's topological sort, in document order where free; a cycle is a spec error."""
        position = {key: i for i, key in enumerate(names)}
        waiting = {key: {d for d in self.deps.get(key, ()) if d in position} for key in names}
        users: dict[str, list[str]] = {key: [] for key in names}
        for key, deps in waiting.items():
            for dep in deps:
                users[dep].append(key)
        ready = [position[key] for key in names if not waiting[key]]
        heapq.heapify(ready)
        done: list[str] = []
        while ready:
            key = names[heapq.heappop(ready)]
            done.append(key)
            for user in users[key]:
                waiting[user].discard(key)
                if not waiting[user]:
                    heapq.heappush(ready, position[user])
        if len(done) < len(names):
            stuck = next(key for key in names if waiting[key])
            cycle = [stuck]
            while (step := min(waiting[cycle[-1]], key=position.__getitem__)) not in cycle:
                cycle.append(step)
            cycle = cycle[cycle.index(step):] + [step]
            shown = " -> ".join(f"${{{key.rpartition('/')[2]}}}" for key in cycle)
            raise FormSpecError(self.deps[cycle[0]][cycle[1]], f"circular reference: {shown}")
        return tuple(where[key] for key in done)


@dataclass(frozen=True)
class _Kind:
    type: str


def load_form(raw: Any) -> Form:
    """Check a form spec and build the `Form`; raise FormSpecError(path, message)."""
    reader = SpecReader("")
    spec = reader.obj(raw)
    reader.known_keys(spec, ("version", "fields"))
    version = spec.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 10**6:
        raise FormSpecError("version", "must be a whole number >= 1")
    loader = _Loader()
    loader.collect(spec.get("fields"), "fields", None, 0)
    pages = tuple(loader.build(item, f"fields[{i}]", None, None, item["name"])
                  for i, item in enumerate(spec["fields"]))
    top: dict[str, Field] = dict(loader.top)  # type: ignore[arg-type]
    for scope_name in loader.inside:  # a repeat depends on what its fields depend on
        for key in list(loader.deps):
            if key.startswith(scope_name + "/"):
                outside = {d: at for d, at in loader.deps[key].items() if "/" not in d}
                loader.deps.setdefault(scope_name, {}).update(outside)
    repeats = {
        name: RepeatScope(dict(scope), loader.order([f"{name}/{n}" for n in scope],
                                                    {f"{name}/{n}": f for n, f in scope.items()}))
        for name, scope in loader.inside.items()
    }
    order = loader.order(list(top), top)
    mapped: dict[str, Field] = {}
    for item in top.values():
        if item.map_to is not None:
            if item.map_to in mapped:
                raise FormSpecError(f"{item.spec_path}.map_to", f"{item.map_to} is already "
                                    f"mapped by {mapped[item.map_to].name}")
            mapped[item.map_to] = item
    return Form(version, pages, top, order, repeats, mapped, spec)


def procedure_form(raw: Mapping[str, Any] | None) -> Form:
    """The form the wizard shows for a procedure: its own, or GENERIC_FORM when it has none."""
    if not raw or not raw.get("fields"):
        return load_form(GENERIC_FORM)
    return load_form(raw)
