"""Provinces and communes in force since 1 July 2025, for address fields.

Vietnam has had two levels of local government since 1 July 2025: 34
provinces and centrally-run cities, then about 3,321 communes, wards and
special zones (xã, phường, đặc khu); districts are gone. A dossier form asks
for the province, then a commune of it. Both lists are bundled data
(resources/provinces-2025.json and resources/admin_units/communes-2025.json,
built by scripts/build_admin_units.py from a registry package, see
docs/CATALOG.md), read once on first use and kept: pure Python, no Qt, safe
to call from any thread once loaded.

Codes are the official ones as strings: two digits for a province ("01"),
five for a commune ("00070"). Search ignores case, diacritics and apostrophes
("hoan kiem" finds "Phường Hoàn Kiếm", "cu mgar" finds "Xã Cư M’gar").
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from kiosk.textnorm import fold_for_search, nfc
from resources import resource_path

PROVINCES_FILE = ("provinces-2025.json",)
COMMUNES_FILE = ("admin_units", "communes-2025.json")

CommuneKind = Literal["xã", "phường", "đặc khu"]
_APOSTROPHES = re.compile(r"['’‘ʼ`]")
_OTHER_PUNCTUATION = re.compile(r"[^\w ]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Province:
    code: str
    name: str


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    kind: CommuneKind
    province: str


@dataclass(frozen=True)
class _Entry:
    commune: Commune
    key: str  # the whole name folded: "phuong hoan kiem"
    bare: str  # without the unit word: "hoan kiem"
    words: tuple[str, ...]


@dataclass(frozen=True)
class _Tables:
    provinces: tuple[Province, ...]
    province_by_code: dict[str, Province]
    communes: tuple[Commune, ...]
    commune_by_code: dict[str, Commune]
    by_province: dict[str, tuple[Commune, ...]]
    entries: tuple[_Entry, ...]


def _search_key(text: str) -> str:
    folded = _APOSTROPHES.sub("", fold_for_search(text))
    return _SPACES.sub(" ", _OTHER_PUNCTUATION.sub(" ", folded)).strip()


def _read(parts: tuple[str, ...]) -> dict[str, Any]:
    with resource_path(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    provinces = tuple(
        Province(row["code"], nfc(row["name"])) for row in _read(PROVINCES_FILE)["provinces"]
    )
    communes = tuple(
        Commune(row["code"], nfc(row["name"]), row["kind"], row["province"])
        for row in _read(COMMUNES_FILE)["communes"]
    )
    grouped: dict[str, list[Commune]] = {p.code: [] for p in provinces}
    for item in communes:
        grouped.setdefault(item.province, []).append(item)
    entries = []
    for item in communes:
        key = _search_key(item.name)
        kind = _search_key(item.kind)
        bare = key[len(kind) + 1:] if key.startswith(kind + " ") else key
        entries.append(_Entry(item, key, bare, tuple(key.split())))
    return _Tables(
        provinces=provinces,
        province_by_code={p.code: p for p in provinces},
        communes=communes,
        commune_by_code={c.code: c for c in communes},
        by_province={code: tuple(items) for code, items in grouped.items()},
        entries=tuple(entries),
    )


def provinces() -> list[Province]:
    """The 34 provinces and centrally-run cities, by code."""
    return list(_tables().provinces)


def province(code: str) -> Province | None:
    return _tables().province_by_code.get(code)


def communes(province_code: str) -> list[Commune]:
    """The communes, wards and special zones of a province, by name; [] for an unknown code."""
    return list(_tables().by_province.get(province_code, ()))


def commune(code: str) -> Commune | None:
    return _tables().commune_by_code.get(code)


def _rank(entry: _Entry, query: str, words: list[str]) -> int | None:
    """How well a commune matches a folded query: lower is better, None is no match."""
    if query in (entry.bare, entry.key):
        return 0
    if entry.bare.startswith(query) or entry.key.startswith(query):
        return 1
    if all(any(w.startswith(q) for w in entry.words) for q in words):
        return 2
    if query in entry.key:
        return 3
    return None


def search_communes(
    text: str, province_code: str | None = None, limit: int = 20
) -> list[Commune]:
    """Communes whose name matches `text`, ignoring case, diacritics and apostrophes.

    Exact names come first, then names that start with the text, then names
    whose words start with each word typed (in any order), then any other
    name containing the text; ties by province code and name. An empty text
    finds nothing.
    """
    query = _search_key(text)
    if not query or limit <= 0:
        return []
    words = query.split()
    ranked = []
    for entry in _tables().entries:
        if province_code is not None and entry.commune.province != province_code:
            continue
        rank = _rank(entry, query, words)
        if rank is not None:
            ranked.append((rank, entry.commune.province, entry.key, entry.commune.code, entry))
    ranked.sort(key=lambda item: item[:4])
    return [item[4].commune for item in ranked[:limit]]


def choice_lists() -> dict[str, list[dict[str, str]]]:
    """Both lists as a form engine's choices: a province select, then a commune
    select filtered by its `province` field. Fresh lists on each call."""
    tables = _tables()
    return {
        "provinces": [{"value": p.code, "label": p.name} for p in tables.provinces],
        "communes": [
            {"value": c.code, "label": c.name, "province": c.province} for c in tables.communes
        ],
    }
