"""The account-help guide's checks: a guide from outside, refused with one line naming the
step and the field, before it can reach a kiosk (docs/ACCOUNT_HELP.md, "Checks on import").

Kept apart from kiosk/account_guide.py (the guide's records and files) so each reads on
its own. No Qt, no database; any thread.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, NoReturn
from urllib.parse import urlsplit

from kiosk.account_guide import (KINDS, Guide, Link, Option, Remaining, Step, Text, _show,
                                 picture_path)
from kiosk.errors import UserError

MAX_TEXT, MAX_STEPS, MAX_OPTIONS, MAX_LINKS, MAX_REMAINING = 2000, 100, 12, 10, 50
_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")  # step ids and answer keys
_VALUE = re.compile(r"[a-z0-9][a-z0-9_]{0,39}")  # option values
# C0/C1 controls but tab and line breaks, and lone surrogates (unprintable, unencodable)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_STEP_LABEL = re.compile(r" \(id '[a-z0-9_]*'\)")  # in a place: "steps[3] (id 'vneid')"
# (required, optional) keys of a step of each kind, besides id and kind
_STEP_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "info": (("title", "body", "picture", "next"), ()),
    "question": (("title", "options"), ("key", "body", "picture")),
    "consent": (("next",), ("title", "body", "picture")),
    "details": (("next",), ("title", "body", "picture")),
    "finish": (("title",), ("body", "picture")),
}



def _at(where: str, key: str | int) -> str:
    """`steps[3] (id 'vneid')` + `options` -> `steps[3] (id 'vneid').options`."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


class _Checker:
    """Checks values; on the first problem raises one UserError naming the source and place.

    A place reads `steps[3] (id 'vneid').options[1].next` for the admin; its `path`
    parameter drops the ids: `steps[3].options[1].next`.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> NoReturn:
        message = f"{self.source}: {where}: {problem}" if where else f"{self.source}: {problem}"
        # a lone surrogate in the input would make the message itself unprintable
        message = message.encode("utf-8", "backslashreplace").decode()
        raise UserError("guide_invalid", message, source=self.source,
                        path=_STEP_LABEL.sub("", where), problem=problem)

    def obj(self, where: str, value: Any, required: tuple[str, ...],
            optional: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, f"must be an object, not {_show(value)}")
        for key in value:
            if not isinstance(key, str):
                self.fail(where, f"has a key that is not text: {_show(key)}")
            if key not in required and key not in optional:
                self.fail(_at(where, key[:40]), "is not a known field here")
        for key in required:
            if key not in value:
                self.fail(_at(where, key), "is missing")
        return value

    def items(self, where: str, value: Any, low: int, high: int, what: str) -> list[Any]:
        if not isinstance(value, list) or not low <= len(value) <= high:
            count = f"at most {high}" if low == 0 else f"{low} to {high}"
            self.fail(where, f"must be a list of {count} {what}, not {_show(value)}")
        return value

    def string(self, where: str, value: Any, limit: int, *, empty: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(where, f"must be text, not {_show(value)}")
        if bad := _CONTROL.search(value):
            self.fail(where, f"contains the control character U+{ord(bad.group()):04X}")
        cleaned = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
        if not cleaned and not empty:
            self.fail(where, "must not be empty")
        if len(cleaned) > limit:
            self.fail(where, f"is {len(cleaned)} characters long, more than {limit}")
        return cleaned

    def name(self, where: str, value: Any, pattern: re.Pattern[str], what: str) -> str:
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.fail(where, f"must be {what}, not {_show(value)}")
        return value

    def text(self, where: str, value: Any) -> Text:
        raw = self.obj(where, value, ("vi",), ("en",))
        vi = self.string(_at(where, "vi"), raw["vi"], MAX_TEXT)
        en = self.string(_at(where, "en"), raw["en"], MAX_TEXT, empty=True) if "en" in raw else ""
        return Text(vi, en)


def _step(check: _Checker, where: str, raw: Any, seen: dict[str, str]) -> Step:
    if not isinstance(raw, dict):
        check.fail(where, f"must be an object, not {_show(raw)}")
    step_id = check.name(_at(where, "id"), raw.get("id"), _ID,
                         "a step id (a-z first, then a-z, 0-9 or _; at most 40)")
    if step_id in seen:
        check.fail(_at(where, "id"), f"{step_id!r} is already the id of {seen[step_id]}")
    seen[step_id] = where = f"{where} (id {step_id!r})"
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        check.fail(_at(where, "kind"), f"must be one of {', '.join(KINDS)}, not {_show(kind)}")
    if "next" in raw and kind in ("finish", "question"):
        check.fail(_at(where, "next"), "a finish step ends the flow: it cannot have a next"
                   if kind == "finish" else "a question goes on through its options' next")
    required, optional = _STEP_KEYS[kind]
    check.obj(where, raw, ("id", "kind", *required), optional)
    texts = {k: check.text(_at(where, k), raw[k]) for k in ("title", "body") if k in raw}
    picture = raw.get("picture")
    if "picture" in raw:
        try:
            if not picture_path(picture).is_file():
                check.fail(_at(where, "picture"), f"no picture {_show(picture)} beside the "
                           "bundled guide (resources/account_help)")
        except UserError as exc:
            check.fail(_at(where, "picture"), exc.message)
    options: list[Option] = []
    values: dict[str, int] = {}
    for i, item in enumerate(check.items(_at(where, "options"), raw["options"], 2, MAX_OPTIONS,
                                         "options") if kind == "question" else ()):
        at = _at(_at(where, "options"), i)
        option = check.obj(at, item, ("value", "label", "next"))
        value = check.name(_at(at, "value"), option["value"], _VALUE,
                           "an answer value (a-z or 0-9 first, then a-z, 0-9 or _)")
        if value in values:
            check.fail(_at(at, "value"), f"{value!r} is already the value of "
                       f"options[{values[value]}]: values must differ")
        values[value] = i
        options.append(Option(value, check.text(_at(at, "label"), option["label"]),
                              check.name(_at(at, "next"), option["next"], _ID, "a step id")))
    return Step(
        id=step_id, kind=kind, title=texts.get("title"), body=texts.get("body"), picture=picture,
        next=check.name(_at(where, "next"), raw["next"], _ID, "a step id") if "next" in raw
        else None,
        key=(check.name(_at(where, "key"), raw.get("key", step_id), _ID, "an answer key")
             if kind == "question" else None),
        options=tuple(options))


def _edges(step: Step, where: str = "") -> list[tuple[str, str]]:
    """(target, where it is named) of every way out of a step."""
    if step.next is not None:
        return [(step.next, _at(where, "next"))]
    return [(o.next, f"{where}.options[{i}].next") for i, o in enumerate(step.options)]


def _walk(start: str, by_id: dict[str, Step], *, into_consent: bool) -> dict[str, str]:
    """Every step reached from `start` -> the step it was first reached from."""
    came_from, todo = {start: ""}, [start]
    while todo:
        step = by_id[todo.pop()]
        if step.kind == "consent" and not into_consent:
            continue
        for target, _ in _edges(step):
            if target not in came_from:
                came_from[target] = step.id
                todo.append(target)
    return came_from


def _check_graph(check: _Checker, start: str, steps: tuple[Step, ...],
                 places: dict[str, str]) -> None:
    by_id = {step.id: step for step in steps}
    if start not in by_id:
        check.fail("start", f"no step {start!r}")
    for step in steps:
        for target, at in _edges(step, places[step.id]):
            if target not in by_id:
                check.fail(at, f"no step {target!r}")
    reached = _walk(start, by_id, into_consent=True)
    for step in steps:
        if step.id not in reached:
            check.fail(places[step.id], f"cannot be reached: no way leads to it from the "
                       f"start step {start!r}")
    # depth first; an edge back into the current path is a loop
    done: set[str] = set()
    path, stack = [start], [iter(_edges(by_id[start], places[start]))]
    while stack:
        edge = next(stack[-1], None)
        if edge is None:
            done.add(path.pop())
            stack.pop()
        elif edge[0] in path:
            loop = " → ".join([*path[path.index(edge[0]):], edge[0]])
            check.fail(edge[1], f"makes a loop ({loop}): the flow must always end")
        elif edge[0] not in done:
            path.append(edge[0])
            stack.append(iter(_edges(by_id[edge[0]], places[edge[0]])))
    # details only through consent: without entering consent steps, no details is reached
    for step_id, before in _walk(start, by_id, into_consent=False).items():
        if by_id[step_id].kind == "details":
            how = f"from {before!r}" if before else "as the start"
            check.fail(places[step_id], "a details step must come after a consent step, "
                       f"but it can be reached {how} without one")


def _remaining(check: _Checker, where: str, raw: Any, answers: dict[str, set[str]]
               ) -> Remaining:
    entry = check.obj(where, raw, ("text",), ("when",))
    when = entry.get("when", {})
    if not isinstance(when, dict):
        check.fail(_at(where, "when"), f"must be an object (key: answer), not {_show(when)}")
    conditions: list[tuple[str, tuple[str, ...]]] = []
    for key, wanted in when.items():
        at = _at(_at(where, "when"), str(key)[:40])
        if key not in answers:
            check.fail(at, "no question keeps its answer under this key")
        values = [wanted] if isinstance(wanted, str) else wanted
        if not isinstance(values, list) or not values or len(values) > MAX_OPTIONS:
            check.fail(at, f"must be an answer value or a list of them, not {_show(wanted)}")
        for value in values:
            if not isinstance(value, str) or value not in answers[key]:
                check.fail(at, f"{_show(value)} is not an answer of that question "
                           f"(answers: {', '.join(sorted(answers[key]))})")
        conditions.append((key, tuple(values)))
    return Remaining(tuple(conditions), check.text(_at(where, "text"), entry["text"]))


def _link(check: _Checker, where: str, raw: Any) -> Link:
    link = check.obj(where, raw, ("caption", "url"))
    url = check.string(_at(where, "url"), link["url"], 500)
    parts = None if re.search(r"\s", url) else urlsplit(url)
    if parts is None or parts.scheme != "https" or not parts.hostname:
        check.fail(_at(where, "url"), f"must be an https:// address, not {_show(url)}")
    return Link(check.text(_at(where, "caption"), link["caption"]), url)


def check_guide(data: Any, source: str) -> Guide:
    """Check a guide read from JSON; raises UserError("guide_invalid") naming the place."""
    check = _Checker(source)
    if not isinstance(data, dict):
        check.fail("", f"must hold a JSON object (an account guide), not {_show(data)}")
    top = check.obj("", data, ("version", "consent", "start", "steps"),
                    ("links", "remaining", "note"))
    consent = check.obj("consent", top["consent"], ("version", "text"))
    places: dict[str, str] = {}
    steps = tuple(_step(check, f"steps[{i}]", raw, places) for i, raw in
                  enumerate(check.items("steps", top["steps"], 1, MAX_STEPS, "steps")))
    answers: dict[str, set[str]] = {}
    for step in steps:
        if step.key is not None:
            if step.key in answers:
                check.fail(_at(places[step.id], "key"), f"{step.key!r} already keeps the "
                           "answer of another question")
            answers[step.key] = {option.value for option in step.options}
    start = check.name("start", top["start"], _ID, "a step id")
    _check_graph(check, start, steps, places)
    links = check.items("links", top.get("links", []), 0, MAX_LINKS, "links")
    remaining = check.items("remaining", top.get("remaining", []), 0, MAX_REMAINING, "entries")
    return Guide(
        version=check.string("version", top["version"], 40),
        consent_version=check.string("consent.version", consent["version"], 40),
        consent_text=check.text("consent.text", consent["text"]),
        start=start, steps=steps,
        links=tuple(_link(check, f"links[{i}]", raw) for i, raw in enumerate(links)),
        remaining=tuple(_remaining(check, f"remaining[{i}]", raw, answers)
                        for i, raw in enumerate(remaining)),
        note=check.string("note", top.get("note", ""), MAX_TEXT, empty=True), source=source)
