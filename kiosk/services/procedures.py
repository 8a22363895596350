"""The procedures a citizen or an officer may start a dossier for, as the pickers show them.

Commune-level and active ones from the catalog, those with a form of their own
first (the kiosk shows them as tiles), the rest by name (found by typing). Runs
on the UI's DB worker thread.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kiosk.db.engine import Database
from kiosk.models import Procedure
from kiosk.textnorm import fold_for_search


@dataclass(frozen=True)
class ProcedureChoice:
    code: str
    name: str
    name_en: str
    sector_name: str
    has_form: bool  # a form of its own; the others use the generic form
    deadline_text: str
    fee_text: str
    folded: str  # the name without accents, for searching as one types

    def title(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


def short_name(name: str) -> str:
    """"Thủ tục đăng ký khai sinh" -> "Đăng ký khai sinh": what a tile can hold."""
    for prefix in ("Thủ tục ", "thủ tục "):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name[:1].upper() + name[1:]


def procedures_for_dossiers(db: Database, level: str = "commune") -> list[ProcedureChoice]:
    with db.read() as s:
        rows = s.execute(select(Procedure.code, Procedure.name, Procedure.name_en,
                                Procedure.sector_name, Procedure.form, Procedure.deadline_text,
                                Procedure.fee_text)
                         .where(Procedure.level == level, Procedure.active.is_(True))).all()
    choices = [ProcedureChoice(r.code, short_name(r.name), r.name_en, r.sector_name,
                               bool((r.form or {}).get("fields")), r.deadline_text, r.fee_text,
                               fold_for_search(short_name(r.name))) for r in rows]
    return sorted(choices, key=lambda c: (not c.has_form, c.folded))


def matching(choices: list[ProcedureChoice], text: str, limit: int = 8) -> list[ProcedureChoice]:
    """Choices whose name holds every typed word, accents ignored; names starting with
    the text first."""
    words = fold_for_search(text).split()
    if not words:
        return choices[:limit]
    found = [c for c in choices if all(w in c.folded or w in c.code for w in words)]
    start = fold_for_search(text)
    found.sort(key=lambda c: (not c.folded.startswith(start), c.folded))
    return found[:limit]
