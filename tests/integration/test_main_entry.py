"""main.py as a user runs it: a screenshot of a role, and clear words when it cannot start."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, env_extra: dict[str, str] | None = None, drop: tuple[str, ...] = ()):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], env=env,
                          capture_output=True, text=True, timeout=90)


def test_screenshot_of_the_counter_in_english(db_url: str, tmp_path: Path) -> None:
    target = tmp_path / "counter.png"
    out = _run("--role", "counter", "--lang", "en", "--size", "1024x700",
               "--screenshot", str(target))
    assert out.returncode == 0, out.stderr
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 1024


def test_without_a_screen_it_says_so_instead_of_crashing(db_url: str) -> None:
    out = _run("--role", "kiosk", drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert out.returncode == 1
    assert "No screen" in out.stderr and "Traceback" not in out.stderr


def test_an_unreachable_database_is_one_clear_line(data_dir: Path, tmp_path: Path) -> None:
    out = _run("--role", "display", "--screenshot", str(tmp_path / "x.png"),
               env_extra={"KIOSK_DB_URL": "postgresql://nobody@127.0.0.1:1/none"})
    assert out.returncode == 3
    assert "cannot open the database" in out.stderr
    assert "Traceback" not in out.stderr


def test_bad_arguments_are_refused(db_url: str) -> None:
    out = _run("--role", "janitor")
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_a_screenshot_that_cannot_be_written_is_an_error(db_url: str) -> None:
    out = _run("--role", "admin", "--screenshot", "/proc/nope/a.png")
    assert out.returncode == 5 and "cannot write the screenshot" in out.stderr
