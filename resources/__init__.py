"""Bundled data files (catalog, holidays, fonts, translations, theme, audio).

Importable so that the files travel with the installed package; no Qt here.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
