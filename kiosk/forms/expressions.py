"""The small expression language of form specs: `${age} >= 18 and selected(${docs}, 'cccd')`.

A form's conditions (relevant, required, constraint, choice_filter, min/max,
default, calculation) come from the catalog, which is input from outside; they
are never handed to Python's `eval`. This module tokenises, parses and compiles
them into closures, with bounded length and nesting, so that a hostile catalog
can neither run code nor crash or hang the kiosk. Every syntax error, unknown
function and wrong argument count is found by `parse_expression`, i.e. when the
spec is loaded; whether each `${name}` exists is checked by kiosk/forms/spec.py,
which knows the form. Evaluation never raises: a value that does not fit an
operation gives None ("unanswered"), as does division by zero.

Semantics (ODK's XLSForm, simplified): an unanswered field is None; any
comparison with None is false (`!=` too); arithmetic with None is None;
`not(None)` is true. Dates compare with dates and with ISO date text; numbers
with numbers and with numeric text. `date - date` is a number of days and
`date + n` a date.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.forms.expression_values import (
    arithmetic,
    as_date,
    as_text,
    compare,
    truthy,
    years_between,
)

MAX_LENGTH = 500  # characters of one expression
MAX_NESTING = 32  # parentheses, function calls and unary minus, one inside another
MAX_TREE_DEPTH = 100  # of the parsed tree: `1+1+...+1` is deep without parentheses
MAX_NUMBER_DIGITS = 15  # a literal; beyond this floats lose digits anyway
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

# name: (least, most) arguments; None = any number
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "today": (0, 0), "age": (1, 1), "count": (1, 1), "selected": (2, 2), "if": (3, 3),
    "concat": (1, 20), "string_length": (1, 1), "coalesce": (2, 10), "date": (1, 1),
    "not": (1, 1),
}
COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | \$\{(?P<ref>[^}]{0,60})\}
  | (?P<number>\d+(?:\.\d+)?)
  | '(?P<sq>[^']*)'
  | "(?P<dq>[^"]*)"
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>!=|<=|>=|==|[=<>+\-*/(),.])
""", re.VERBOSE)

Node = tuple  # ("lit", v) ("ref", name) ("choice", key) ("call", f, args) ("bin", op, l, r) ...


class ExpressionError(ValueError):
    """The text is not a valid expression; the message says what and where."""


class Env:
    """What an expression can see while it runs: answers, today, and the choice at hand.

    Inside a repeat item, `${name}` of a field of that repeat is the item's value;
    every other name is looked up among the form's top-level values.
    """

    __slots__ = ("choice", "item", "item_names", "today", "top")

    def __init__(self, top: Mapping[str, Any], today: date, item: Mapping[str, Any] | None = None,
                 item_names: frozenset[str] = frozenset(),
                 choice: Mapping[str, Any] | None = None) -> None:
        self.top, self.today, self.item, self.item_names = top, today, item, item_names
        self.choice = choice

    def lookup(self, name: str) -> Any:
        if self.item is not None and name in self.item_names:
            return self.item.get(name)
        return self.top.get(name)

    def with_choice(self, choice: Mapping[str, Any]) -> Env:
        return Env(self.top, self.today, self.item, self.item_names, choice)


@dataclass(frozen=True)
class Expression:
    """A parsed, compiled expression, with the names it refers to."""

    source: str
    refs: frozenset[str]  # the ${names}
    choice_keys: frozenset[str]  # the choice.<key>s
    run: Callable[[Env], Any] = field(compare=False, repr=False)
    # `choice.key = <expr without choice>`: choice filters over 3,000 communes take a fast path
    choice_equality: tuple[str, Callable[[Env], Any]] | None = field(
        default=None, compare=False, repr=False)

    def evaluate(self, env: Env) -> Any:
        return self.run(env)

    def holds(self, env: Env) -> bool:
        return truthy(self.run(env))


# --- functions ------------------------------------------------------------------------

def _age(env: Env, value: Any) -> int | None:
    born = as_date(value)
    return None if born is None else years_between(born, env.today)


def _count(env: Env, value: Any) -> int | None:
    if value is None:
        return 0
    return len(value) if isinstance(value, (list, tuple)) else None


def _selected(env: Env, values: Any, wanted: Any) -> bool:
    if isinstance(values, (list, tuple)):
        return wanted in values
    return values is not None and values == wanted


def _coalesce(env: Env, *values: Any) -> Any:
    return next((v for v in values if v is not None and v != "" and v != []), None)


_EAGER: dict[str, Callable[..., Any]] = {
    "today": lambda env: env.today,
    "age": _age,
    "count": _count,
    "selected": _selected,
    "concat": lambda env, *values: "".join(as_text(v) for v in values),
    "string_length": lambda env, value: len(as_text(value)),
    "coalesce": _coalesce,
    "date": lambda env, value: as_date(value),
    "not": lambda env, value: not truthy(value),
}


# --- parsing ---------------------------------------------------------------------------

class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = self._tokenise(source)
        self.at = 0
        self.nesting = 0

    def fail(self, message: str, position: int | None = None) -> ExpressionError:
        if position is None:
            position = self.tokens[self.at][2] if self.at < len(self.tokens) else len(self.source)
        return ExpressionError(f"{message} (at character {position + 1})")

    def _tokenise(self, source: str) -> list[tuple[str, Any, int]]:
        tokens: list[tuple[str, Any, int]] = []
        position = 0
        while position < len(source):
            match = _TOKEN.match(source, position)
            if match is None:
                shown = source[position].encode("unicode_escape").decode("ascii")
                raise ExpressionError(f"unexpected character {shown!r} "
                                      f"(at character {position + 1})")
            kind = match.lastgroup or ""
            if kind == "ref":
                name = match.group("ref")
                if not FIELD_NAME.fullmatch(name):
                    raise ExpressionError(f"${{{name[:40]}}} is not a field name "
                                          f"(at character {position + 1})")
                tokens.append(("ref", name, position))
            elif kind == "number":
                text = match.group("number")
                if len(text.replace(".", "")) > MAX_NUMBER_DIGITS:
                    raise ExpressionError(f"the number {text[:20]}... has more than "
                                          f"{MAX_NUMBER_DIGITS} digits (at character {position + 1})")
                tokens.append(("lit", float(text) if "." in text else int(text), position))
            elif kind in ("sq", "dq"):
                tokens.append(("lit", match.group(kind), position))
            elif kind == "word":
                tokens.append(("word", match.group("word"), position))
            elif kind == "op":
                if match.group("op") == "==":
                    raise ExpressionError(f"use = to compare, not == (at character {position + 1})")
                tokens.append(("op", match.group("op"), position))
            position = match.end()
        return tokens

    def peek(self) -> tuple[str, Any]:
        if self.at < len(self.tokens):
            kind, value, _ = self.tokens[self.at]
            return kind, value
        return "end", None

    def take(self, kind: str, value: Any = None) -> bool:
        if self.peek() == (kind, value) or (value is None and self.peek()[0] == kind):
            self.at += 1
            return True
        return False

    def expect_op(self, op: str) -> None:
        if not self.take("op", op):
            raise self.fail(f"expected {op!r}")

    def nest(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.fail(f"nested more than {MAX_NESTING} levels deep")

    def parse(self) -> Node:
        if not self.tokens:
            raise ExpressionError("the expression is empty")
        node = self.disjunction()
        if self.at < len(self.tokens):
            raise self.fail(f"unexpected {str(self.tokens[self.at][1])[:20]!r}")
        return node

    def disjunction(self) -> Node:
        node = self.conjunction()
        while self.take("word", "or"):
            node = ("or", node, self.conjunction())
        return node

    def conjunction(self) -> Node:
        node = self.comparison()
        while self.take("word", "and"):
            node = ("and", node, self.comparison())
        return node

    def comparison(self) -> Node:
        node = self.sum()
        kind, value = self.peek()
        if kind == "op" and value in COMPARISONS:
            self.at += 1
            node = ("cmp", value, node, self.sum())
            kind, value = self.peek()
            if kind == "op" and value in COMPARISONS:
                raise self.fail("comparisons cannot be chained: use and")
        return node

    def sum(self) -> Node:
        node = self.product()
        while (op := self.peek()) in (("op", "+"), ("op", "-")):
            self.at += 1
            node = ("arith", op[1], node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while (op := self.peek()) in (("op", "*"), ("op", "/")):
            self.at += 1
            node = ("arith", op[1], node, self.unary())
        return node

    def unary(self) -> Node:
        if self.take("op", "-"):
            self.nest()
            node = ("neg", self.unary())
            self.nesting -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.peek()
        if kind == "end":
            raise self.fail("the expression ends too early")
        self.at += 1
        if kind in ("lit", "ref"):
            return (kind, value)
        if kind == "op" and value == "(":
            self.nest()
            node = self.disjunction()
            self.expect_op(")")
            self.nesting -= 1
            return node
        if kind == "word":
            if value in ("true", "false"):
                return ("lit", value == "true")
            if value == "choice":
                self.expect_op(".")
                key_kind, key = self.peek()
                if key_kind != "word" or not FIELD_NAME.fullmatch(key):
                    raise self.fail("expected a key after choice.")
                self.at += 1
                return ("choice", key)
            if self.peek() == ("op", "("):
                return self.call(value)
            if value in ("and", "or"):
                raise self.fail(f"{value!r} needs something on its left")
            raise self.fail(f"unknown word {value[:40]!r} (a field is written ${{{value[:40]}}})",
                            self.tokens[self.at - 1][2])
        raise self.fail(f"unexpected {str(value)[:20]!r}", self.tokens[self.at - 1][2])

    def call(self, name: str) -> Node:
        position = self.tokens[self.at - 1][2]
        if name not in FUNCTIONS:
            raise self.fail(f"unknown function {name[:40]}()", position)
        self.expect_op("(")
        self.nest()
        args: list[Node] = []
        if not self.take("op", ")"):
            args.append(self.disjunction())
            while self.take("op", ","):
                args.append(self.disjunction())
            self.expect_op(")")
        self.nesting -= 1
        least, most = FUNCTIONS[name]
        if len(args) < least or (most is not None and len(args) > most):
            wanted = str(least) if least == most else f"{least} to {most}"
            raise self.fail(f"{name}() takes {wanted} argument{'s' * (most != 1)}, "
                            f"not {len(args)}", position)
        return ("call", name, tuple(args))


def _walk(node: Node) -> list[Node]:
    """Every node, without recursion (trees may be deep before the depth check)."""
    nodes, stack = [], [node]
    while stack:
        current = stack.pop()
        nodes.append(current)
        kind = current[0]
        if kind == "call":
            stack.extend(current[2])
        elif kind in ("and", "or"):
            stack.extend(current[1:])
        elif kind in ("cmp", "arith"):
            stack.extend(current[2:])
        elif kind == "neg":
            stack.append(current[1])
    return nodes


def _depth(node: Node) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        kind = current[0]
        children = (current[2] if kind == "call" else current[1:] if kind in ("and", "or")
                    else current[2:] if kind in ("cmp", "arith")
                    else current[1:] if kind == "neg" else ())
        stack.extend((child, depth + 1) for child in children)
    return deepest


# --- compiling -------------------------------------------------------------------------

def _compile(node: Node) -> Callable[[Env], Any]:
    kind = node[0]
    if kind == "lit":
        value = node[1]
        return lambda env: value
    if kind == "ref":
        name = node[1]
        return lambda env: env.lookup(name)
    if kind == "choice":
        key = node[1]
        return lambda env: None if env.choice is None else env.choice.get(key)
    if kind == "neg":
        operand = _compile(node[1])
        return lambda env: arithmetic("-", 0, operand(env))
    if kind == "and":
        left, right = _compile(node[1]), _compile(node[2])
        return lambda env: truthy(left(env)) and truthy(right(env))
    if kind == "or":
        left, right = _compile(node[1]), _compile(node[2])
        return lambda env: truthy(left(env)) or truthy(right(env))
    if kind in ("cmp", "arith"):
        op, left, right = node[1], _compile(node[2]), _compile(node[3])
        apply = compare if kind == "cmp" else arithmetic
        return lambda env: apply(op, left(env), right(env))
    name, args = node[1], [_compile(arg) for arg in node[2]]
    if name == "if":
        test, then, otherwise = args
        return lambda env: then(env) if truthy(test(env)) else otherwise(env)
    function = _EAGER[name]
    return lambda env: function(env, *(arg(env) for arg in args))


def _choice_equality(node: Node) -> tuple[str, Callable[[Env], Any]] | None:
    if node[0] != "cmp" or node[1] != "=":
        return None
    for mine, other in ((node[2], node[3]), (node[3], node[2])):
        if mine[0] == "choice" and not any(n[0] == "choice" for n in _walk(other)):
            return mine[1], _compile(other)
    return None


def parse_expression(source: Any) -> Expression:
    """Parse and compile; raise ExpressionError saying what is wrong (never anything else)."""
    if not isinstance(source, str):
        raise ExpressionError("an expression must be text")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters")
    tree = _Parser(source).parse()
    if _depth(tree) > MAX_TREE_DEPTH:
        raise ExpressionError(f"the expression is nested more than {MAX_TREE_DEPTH} levels deep")
    nodes = _walk(tree)
    return Expression(
        source=source,
        refs=frozenset(n[1] for n in nodes if n[0] == "ref"),
        choice_keys=frozenset(n[1] for n in nodes if n[0] == "choice"),
        run=_compile(tree),
        choice_equality=_choice_equality(tree),
    )
