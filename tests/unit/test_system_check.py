"""The pre-Qt check names the exact Debian packages that are missing."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ui.system_check as check

ROOT = Path(__file__).resolve().parents[2]


def test_missing_libraries_map_to_packages(monkeypatch) -> None:
    monkeypatch.setattr(check.sys, "platform", "linux")
    monkeypatch.setattr(check.ctypes.util, "find_library",
                        lambda name: None if name in ("EGL", "xcb-cursor") else f"lib{name}.so")
    assert check.missing_packages() == ["libegl1"]
    assert check.missing_packages(screen=True) == ["libegl1", "libxcb-cursor0"]
    hint = check.install_hint(["libegl1"])
    assert "apt-get install -y --no-install-recommends libegl1" in hint


def test_runs_without_qt_and_exits_zero_here() -> None:
    code = ("import sys, runpy; sys.argv=['x']; "
            "import ui.system_check as c; rc = c.main(); "
            "assert 'PySide6' not in sys.modules; sys.exit(rc)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_no_screen_is_detected(monkeypatch) -> None:
    monkeypatch.setattr(check.sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert check.no_screen()
    monkeypatch.setenv("DISPLAY", ":0")
    assert not check.no_screen()
