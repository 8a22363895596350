"""Text normalisation on the way in: Unicode NFC, trimmed, inner spaces folded.

Vietnamese typed with some input methods arrives decomposed (NFD); stored that
way it would neither match nor search, so everything entering the database
passes through `clean_text`.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# What no column can hold: NUL (PostgreSQL refuses it in text and JSON) and lone
# surrogates (they have no UTF-8 form). Typed, scanned or received text holding one
# is refused or matches nothing; it must not reach a query.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def storable(text: str) -> bool:
    """Can this text be stored and searched for on SQLite and PostgreSQL alike?"""
    return _UNSTORABLE.search(text) is None


def clean_text(text: str | None) -> str | None:
    """NFC, strip, collapse runs of white space; empty becomes None."""
    if text is None:
        return None
    folded = _SPACES.sub(" ", nfc(text)).strip()
    return folded or None


def fold_for_search(text: str) -> str:
    """Lower-case without diacritics, for name search ("Nguyễn" ~ "nguyen")."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", bare).strip().lower()
