"""Hostile JSON for the hypothesis tests of what comes from outside (issue 8).

Values of every wrong kind (types, sizes, Unicode that no column can hold, depth),
and one change at a random place in a real document: the bundled catalog, a
procedure's form, a set of answers. Used by tests/unit/test_hostile_catalog.py and
tests/unit/test_hostile_forms.py. Plain data; any thread.
"""
from __future__ import annotations

import copy
import json
import unicodedata
from typing import Any

from hypothesis import strategies as st

from resources import resource_path

TEXTS = [
    "", " ", "\x00", "a\x00b", "\ud800", "\udfff", "x\udc80y", "\x1b[2J", "\x7f", "\x85",
    "\u202e", "\u2028", "\ufeff", "\uffff", "e\u0301", "Nguye\u0302\u0303n", "😀", "İ", "ß",
    "١٢٣", "１２", "${a}", "(", "[a-", "today()", "1.001193", "2026-02-30", "31/12/2020",
    "null", "true", "NaN", "000000000000",
]
NUMBERS = [0, -1, 1, 2**31, 2**63, 10**30, -(10**30), 0.5, -0.0, 1e308, float("nan"),
           float("inf"), float("-inf")]


def nested(depth: int, leaf: Any = 0) -> Any:
    """[[[...leaf...]]] `depth` deep, built without recursion."""
    for _ in range(depth):
        leaf = [leaf]
    return leaf


long_texts = st.sampled_from([501, 1200, 60_000]).map(lambda n: "Đ" * n)  # over each limit
scalars = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.text(max_size=16) | st.sampled_from(TEXTS) | st.sampled_from(NUMBERS) | long_texts
           | st.text(st.characters(categories=["Cc", "Cs", "Cf", "Mn", "Nd", "Zs"]),
                     max_size=12))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=8) | st.sampled_from(TEXTS[:20]), inner, max_size=4), max_leaves=12)
hostile = values | st.sampled_from([20, 200]).map(nested)


def made_hostile(text: str) -> st.SearchStrategy[str]:
    """The same text made hostile: decomposed, with a NUL, a lone surrogate, a bidi
    override, zero-width spaces, padded, or repeated past 300,000 characters."""
    variants = [
        lambda: unicodedata.normalize("NFD", text), lambda: text + "\x00",
        lambda: "\ud800" + text, lambda: "\u202e" + text, lambda: "\u200b".join(text),
        lambda: f"  {text}\t\n", lambda: text * (300_000 // max(len(text), 1) + 1)]
    return st.integers(0, len(variants) - 1).map(lambda n: variants[n]())  # no 300 kB repr


@st.composite
def one_change(draw: st.DrawFn, document: Any, keys: list[str] | None = None
               ) -> tuple[Any, tuple[Any, ...]]:
    """A deep copy of `document` with one change somewhere: a value replaced (a wrong
    type, a hostile one, its text made hostile), a key removed or added, a list item
    removed or repeated. Returns the copy and the path of what changed."""
    doc = copy.deepcopy(document)
    node, path = doc, []
    while True:
        slots = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not slots:
            break
        slot = draw(st.sampled_from(slots))
        child = node[slot]
        path.append(slot)
        if not (isinstance(child, (dict, list)) and child and draw(st.integers(0, 3))):
            break  # act here (one time in four when it could go deeper)
        node = child
    action = draw(st.sampled_from(["replace", "remove", "add", "repeat", "text"]))
    slot = path[-1] if path else None
    if slot is None or action == "add":
        if isinstance(node, dict):
            name = draw(st.sampled_from(keys or ["x"]) | st.text(max_size=12)
                        | st.sampled_from(TEXTS[:20]))
            node[name] = draw(hostile)
            path[-1:] = [name]
        else:
            node.insert(slot or 0, draw(hostile))
    elif action == "remove":
        del node[slot]
    elif action == "repeat" and isinstance(node, list):
        node.insert(slot, copy.deepcopy(node[slot]))
    elif action == "text" and isinstance(node[slot], str):
        node[slot] = draw(made_hostile(node[slot]))
    else:
        node[slot] = draw(hostile)
    return doc, tuple(path)


def bundled_catalog() -> dict[str, Any]:
    """resources/catalog/procedures.json as plain JSON (not checked)."""
    return json.loads(resource_path("catalog", "procedures.json").read_text(encoding="utf-8"))
