"""The layer rules of DESIGN.md, checked on the source and on a real import."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_IN_KIOSK = ("PySide6", "shiboken6", "requests", "escpos", "urllib3", "reportlab",
                      "qrcode", "PIL", "printers", "ui", "sync")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_kiosk_source_imports_no_qt_requests_or_printer_library() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & set(FORBIDDEN_IN_KIOSK))
        for path in (ROOT / "kiosk").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_kiosk_module_loads_no_forbidden_package() -> None:
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "kiosk").rglob("*.py")
        if path.name != "__main__.py" and "migrations" not in path.parts
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN_IN_KIOSK!r})\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_ui_never_imports_sqlalchemy_or_sockets() -> None:
    """Widgets hand ops to the runner; only the runner module knows the Database type."""
    forbidden = {"sqlalchemy", "socket", "requests", "psycopg", "sqlite3", "http"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & forbidden)
        for path in (ROOT / "ui").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_printers_import_no_qt() -> None:
    offenders = {str(p.relative_to(ROOT)) for p in (ROOT / "printers").rglob("*.py")
                 if _imports(p) & {"PySide6", "shiboken6", "ui", "sync"}}
    assert offenders == set()


def test_sync_and_printers_do_not_import_ui() -> None:
    for package in ("sync", "printers", "kiosk"):
        for path in (ROOT / package).rglob("*.py"):
            assert "ui" not in _imports(path), path
