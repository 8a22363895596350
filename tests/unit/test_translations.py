"""Every visible string of ui/ is in the Vietnamese .ts, translated, and the .qm is current."""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
TS = I18N / "kiosk_vi.ts"
PLURALS = {"vi": [], "en": ["-pluralonly", "-target-language", "en"]}
BIN = Path(sys.executable).parent


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.find("translation")
    return found


@pytest.mark.parametrize("lang", sorted(PLURALS))
def test_every_message_has_a_finished_translation(lang: str) -> None:
    messages = _messages(I18N / f"kiosk_{lang}.ts")
    assert len(messages) > (50 if lang == "vi" else 2)
    unfinished = [key for key, tr in messages.items()
                  if tr is None or tr.get("type") == "unfinished"
                  or not ("".join(tr.itertext()).strip())]
    assert unfinished == []


@pytest.mark.parametrize("lang", sorted(PLURALS))
def test_sources_have_no_string_missing_from_the_ts(tmp_path: Path, lang: str) -> None:
    """lupdate over ui/ into a copy of the .ts must find nothing new."""
    ts = I18N / f"kiosk_{lang}.ts"
    copy = tmp_path / ts.name
    shutil.copyfile(ts, copy)
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none",
                    *PLURALS[lang], *sources, "-ts", str(copy)], check=True, capture_output=True)
    assert set(_messages(copy)) == set(_messages(ts))


@pytest.mark.parametrize("lang", sorted(PLURALS))
def test_qm_is_built_from_the_current_ts(tmp_path: Path, lang: str) -> None:
    built = tmp_path / f"kiosk_{lang}.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-nounfinished",
                    str(I18N / f"kiosk_{lang}.ts"), "-qm", str(built)],
                   check=True, capture_output=True)
    assert built.read_bytes() == (I18N / f"kiosk_{lang}.qm").read_bytes()
