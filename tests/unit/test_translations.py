"""Every visible string of ui/ is in the Vietnamese .ts, translated, and the .qm is current."""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "kiosk_vi.ts"
QM = ROOT / "resources" / "i18n" / "kiosk_vi.qm"
BIN = Path(sys.executable).parent


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message.find("translation")
    return found


def test_every_message_has_a_finished_vietnamese_translation() -> None:
    messages = _messages(TS)
    assert len(messages) > 50
    unfinished = [key for key, tr in messages.items()
                  if tr is None or tr.get("type") == "unfinished"
                  or not ("".join(tr.itertext()).strip())]
    assert unfinished == []


def test_sources_have_no_string_missing_from_the_ts(tmp_path: Path) -> None:
    """lupdate over ui/ into a copy of the .ts must find nothing new."""
    copy = tmp_path / "kiosk_vi.ts"
    shutil.copyfile(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none",
                    *sources, "-ts", str(copy)], check=True, capture_output=True)
    assert set(_messages(copy)) == set(_messages(TS))


def test_qm_is_built_from_the_current_ts(tmp_path: Path) -> None:
    built = tmp_path / "kiosk_vi.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-nounfinished", str(TS), "-qm", str(built)],
                   check=True, capture_output=True)
    assert built.read_bytes() == QM.read_bytes()
