"""The loaded form: frozen dataclasses built by kiosk/forms/spec.py from a checked spec.

What the engine walks at every step of the wizard; nothing here checks
anything (spec.py has done it), so these types can be trusted as they are.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.forms.expressions import Expression
from kiosk.forms.spec_keys import DEFAULT_MAX_COUNT, VALUE_TYPES


@dataclass(frozen=True)
class Label:
    """Text in both languages; `en` falls back to `vi`."""

    vi: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.vi


@dataclass(frozen=True)
class Choice:
    value: str
    label: Label
    data: dict[str, Any] = field(compare=False, hash=False)  # what choice.<key> sees


@dataclass(frozen=True, eq=False)
class Field:
    """One item of the form: a page (group, repeat), a sub-group, or a leaf."""

    name: str
    type: str
    spec_path: str  # where it is in the spec: fields[2].fields[0]
    label: Label | None
    help: Label | None = None
    relevant: Expression | None = None
    required: bool = False
    required_if: Expression | None = None
    readonly: bool = False
    default: Any = None  # a literal; or default_expr
    default_expr: Expression | None = None
    calculation: Expression | None = None
    min: Any = None  # a literal number/date/count, or an Expression
    max: Any = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: re.Pattern[str] | None = None
    constraint: Expression | None = None
    constraint_message: Label | None = None
    choices: tuple[Choice, ...] = ()
    choice_list: str | None = None  # "provinces" or "communes": the caller's list
    choice_filter: Expression | None = None
    allow_future: bool = False
    plausible_age: bool = False
    street_required: bool = True
    birth_date_field: str | None = None
    map_to: str | None = None
    fields: tuple[Field, ...] = ()
    min_count: int = 0
    max_count: int = DEFAULT_MAX_COUNT
    item_label: Expression | None = None
    parent: str | None = None  # the enclosing group or repeat
    repeat: str | None = None  # the enclosing repeat
    page: str = ""  # the top-level group or repeat it is on

    @property
    def has_value(self) -> bool:
        return self.type in VALUE_TYPES


@dataclass(frozen=True, eq=False)
class RepeatScope:
    """The fields of one repeat: answered per item, evaluated in `order`."""

    fields: Mapping[str, Field]
    order: tuple[Field, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.fields)


@dataclass(frozen=True, eq=False)
class Form:
    version: int
    pages: tuple[Field, ...]
    fields: Mapping[str, Field]  # every field outside repeats (pages and repeats too)
    order: tuple[Field, ...]  # of `fields`: each after everything its value depends on
    repeats: Mapping[str, RepeatScope]
    mapped: Mapping[str, Field]  # map_to target -> field
    raw: dict[str, Any] = field(repr=False)

    def page(self, name: str) -> Field | None:
        found = self.fields.get(name)
        return found if found is not None and found.parent is None else None
