"""Settings: defaults, the TOML file, environment overrides, and refusals of bad values."""
from __future__ import annotations

import logging

import pytest

from kiosk.errors import UserError
from kiosk.logging_setup import LOG_FILE, setup_logging
from kiosk.settings import OPTIONS, data_dir, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for option in OPTIONS:
        if option.env:
            monkeypatch.delenv(option.env, raising=False)


def test_defaults_and_sqlite_in_the_data_folder(tmp_path) -> None:
    settings = load_settings(tmp_path)
    assert settings["ui.language"] == "vi"
    assert settings.db_url == f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    assert settings["ui.kiosk_idle_seconds"] == 90


def test_file_then_environment(tmp_path, monkeypatch) -> None:
    (tmp_path / "settings.toml").write_text(
        '[office]\nname = "UBND xã Mường Khương"\n[ui]\nlanguage = "en"\n'
        'kiosk_idle_seconds = 45\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings["office.name"] == "UBND xã Mường Khương"
    assert settings["ui.language"] == "en" and settings["ui.kiosk_idle_seconds"] == 45
    monkeypatch.setenv("KIOSK_LANG", "vi")
    monkeypatch.setenv("KIOSK_DB_URL", "postgresql://postgres@127.0.0.1/test")
    settings = load_settings(tmp_path)
    assert settings["ui.language"] == "vi"
    assert settings.db_url == "postgresql://postgres@127.0.0.1/test"


def test_set_and_save_round_trip_keeps_diacritics(tmp_path) -> None:
    settings = load_settings(tmp_path)
    settings.set("office.name", "Bộ phận Một cửa phường Đông Hải")
    settings.set("ui.kiosk_idle_seconds", "120")
    settings.save()
    again = load_settings(tmp_path)
    assert again["office.name"] == "Bộ phận Một cửa phường Đông Hải"
    assert again["ui.kiosk_idle_seconds"] == 120


@pytest.mark.parametrize("content, words", [
    ("[ui\nlanguage = 'vi'", "not valid TOML"),
    ("[ui]\nshoe_size = 42\n", "unknown setting 'ui.shoe_size'"),
    ("[ui]\nkiosk_idle_seconds = 'soon'\n", "must be a whole number"),
    ("ui = 3\n", "must be a table"),
])
def test_bad_files_are_refused_with_a_clear_message(tmp_path, content, words) -> None:
    (tmp_path / "settings.toml").write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_settings(tmp_path)
    assert words in error.value.message
    assert str(tmp_path / "settings.toml") in error.value.message


def test_bad_environment_value_names_the_variable(tmp_path, monkeypatch) -> None:
    from kiosk.settings import Option, Settings

    monkeypatch.setattr("kiosk.settings.OPTIONS", (Option("ui.n", int, 1, "KIOSK_TEST_N"),))
    monkeypatch.setenv("KIOSK_TEST_N", "many")
    with pytest.raises(UserError, match="KIOSK_TEST_N"):
        Settings(tmp_path, {})


def test_secrets_are_masked_when_described(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_PORTAL_CLIENT_SECRET", "s3cr3t")
    described = {key: value for key, value, _ in load_settings(tmp_path).describe()}
    assert described["portal.client_secret"] == "********"


def test_data_dir_comes_from_the_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "new"))
    assert data_dir() == tmp_path / "new" and (tmp_path / "new").is_dir()


def test_one_rotating_log_file_in_the_data_folder(tmp_path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        for handler in before:
            root.removeHandler(handler)
        settings = load_settings(tmp_path)
        setup_logging(settings)
        setup_logging(settings)  # a second call adds nothing
        ours = [h for h in root.handlers if getattr(h, "_kiosk", False)]
        assert len(ours) == 2
        logging.getLogger("kiosk.test").warning("hello %s", "log")
        for handler in ours:
            handler.flush()
        assert "hello log" in (settings.log_dir / LOG_FILE).read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "_kiosk", False):
                root.removeHandler(handler)
                handler.close()
        for handler in before:
            root.addHandler(handler)


def test_a_fraction_is_not_a_whole_number(tmp_path) -> None:
    (tmp_path / "settings.toml").write_text("[ui]\nkiosk_idle_seconds = 1.5\n", encoding="utf-8")
    with pytest.raises(UserError, match="must be a whole number, not 1.5"):
        load_settings(tmp_path)


def test_printer_tables_nest_in_the_file(tmp_path) -> None:
    (tmp_path / "settings.toml").write_text(
        '[printer.ticket]\ntarget = "net:192.0.2.10:9100"\nvietnamese = "raster"\n',
        encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings["printer.ticket.target"] == "net:192.0.2.10:9100"
    assert settings["printer.ticket.vietnamese"] == "raster"
    settings.set("printer.receipt.target", "pdf:/tmp/receipts")
    settings.save()
    assert "[printer.receipt]" in (tmp_path / "settings.toml").read_text(encoding="utf-8")
    assert load_settings(tmp_path)["printer.receipt.target"] == "pdf:/tmp/receipts"
