"""No personal data in the log: what a bug's traceback quotes is masked on the way out."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

from kiosk.logging_setup import redact


@pytest.mark.parametrize("raw, masked", [
    ("id 001203004567 refused", "id [id] refused"),
    ("old card 123456789", "old card [id]"),
    ("call 0912345678 or +84 912 345 678 or 84912345678", "call [phone] or [phone] or [phone]"),
    ("mail an.nguyen@vidu.vn", "mail [e-mail]"),
])
def test_personal_shapes_are_masked(raw, masked):
    assert redact(raw) == masked


@pytest.mark.parametrize("kept", [
    "dossier G22.99-261128-0001", "uuid 5f1c2e3a-1111-2222-3333-444455556666",
    "at 2026-11-28 00:12:33.123456", "ticket A012, 3 waiting, pid 12345",
])
def test_codes_ids_and_times_are_kept(kept):
    assert redact(kept) == kept


def test_a_database_error_in_the_log_file_names_no_citizen(db, settings, monkeypatch):
    from kiosk.logging_setup import setup_logging

    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])  # this test's own log file, whatever ran before
    setup_logging(settings)
    log = logging.getLogger("kiosk.test")
    try:
        with db.write() as s:
            s.execute(text("INSERT INTO holiday (day, name, working_saturday) VALUES "
                           "(:d, :n, :w)"), {"d": "not a date 001203004567", "n": "0912345678",
                                             "w": "x"})
            s.execute(text("SELECT * FROM no_such_table WHERE x = :v"),
                      {"v": "001203004567"})
    except Exception:  # noqa: BLE001 - the point is what the log keeps of it
        log.exception("failed with 001203004567 / 0912345678")
    for handler in root.handlers:
        handler.flush()
    written = (settings.log_dir / "kiosk.log").read_text(encoding="utf-8")
    assert "failed with [id] / [phone]" in written
    assert "001203004567" not in written and "0912345678" not in written
    assert (settings.log_dir / "kiosk.log").stat().st_mode & 0o077 == 0
