"""`kiosk guide import | show | reset`: the account-help guide from the command line.

The guide is a file in the data folder, so these run with no database at all.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.account_guide import OVERRIDE_FILE, bundled_guide_path
from kiosk.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_json_line(text: str) -> dict:
    lines = text.splitlines()
    assert len(lines) == 1, text
    return json.loads(lines[0])


@pytest.fixture
def no_database(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder, and a database URL that fails if anything tries to open it."""
    monkeypatch.setenv("KIOSK_DB_URL", f"sqlite:///{data_dir / 'missing' / 'no.sqlite3'}")
    return data_dir


def new_guide(tmp_path: Path, **changes: object) -> Path:
    raw = json.loads(bundled_guide_path().read_text(encoding="utf-8"))
    raw.update(changes)
    file = tmp_path / "guide-2027.json"
    file.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return file


def test_show_import_show_reset(no_database: Path, capsys, tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "guide", "show")
    assert code == 0 and err == ""
    bundled = one_json_line(out)
    assert bundled["source"] == "bundled" and bundled["steps"] == 10
    assert bundled["version"] and bundled["consent_version"]

    file = new_guide(tmp_path, version="2027.01")
    code, out, err = run_cli(capsys, "guide", "import", str(file))
    assert code == 0 and err == ""
    installed = one_json_line(out)
    override = no_database / OVERRIDE_FILE
    assert installed == {"version": "2027.01", "consent_version": bundled["consent_version"],
                         "source": str(override), "steps": 10}
    assert override.read_bytes() == file.read_bytes()

    code, out, _ = run_cli(capsys, "guide", "show")
    assert code == 0 and one_json_line(out) == installed

    code, out, _ = run_cli(capsys, "guide", "reset")
    assert code == 0 and one_json_line(out) == {"removed": True, **bundled}
    assert not override.exists()
    code, out, _ = run_cli(capsys, "guide", "reset")
    assert code == 0 and one_json_line(out)["removed"] is False
    assert not (no_database / "missing").exists()  # the database was never opened


def test_import_refuses_a_bad_guide_with_one_line(no_database: Path, capsys,
                                                  tmp_path: Path) -> None:
    file = new_guide(tmp_path, start="begin")
    code, out, err = run_cli(capsys, "guide", "import", str(file))
    assert code == 2 and out == ""
    assert err == f"error: {file}: start: no step 'begin'\n"
    assert not (no_database / OVERRIDE_FILE).exists()

    code, _, err = run_cli(capsys, "guide", "import", str(tmp_path / "none.json"))
    assert code == 2 and err.startswith("error: ") and "does not exist" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_show_warns_about_a_broken_installed_guide(no_database: Path, capsys) -> None:
    (no_database / OVERRIDE_FILE).write_text("{not json", encoding="utf-8")
    code, out, err = run_cli(capsys, "guide", "show")
    assert code == 0
    assert one_json_line(out)["source"] == "bundled"
    assert err.startswith("warning: the installed guide is refused") and "not valid JSON" in err
