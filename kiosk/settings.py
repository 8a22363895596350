"""Every setting declared once: key, type, default, environment override, label.

Settings live in `settings.toml` in the data folder; an environment variable
named in the declaration overrides the file (so CI, a test or a LAN install can
point at another database without editing a file). Read once at start; the
admin screen writes through `Settings.set` and `Settings.save`. Thread-agnostic:
a `Settings` is read-only after start except from the admin screen's op.
"""
from __future__ import annotations

import os
import platform
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from kiosk.errors import UserError
from kiosk.private_files import private_folder

APP_NAME = "mot-cua-kiosk"
SETTINGS_FILE = "settings.toml"


@dataclass(frozen=True)
class Option:
    key: str  # "section.name", as in the TOML file
    type: type
    default: Any
    env: str | None = None
    title: str = ""
    secret: bool = False
    choices: tuple[Any, ...] = ()
    minimum: int | None = None


OPTIONS: tuple[Option, ...] = (
    Option("db.url", str, "", "KIOSK_DB_URL",
           "Database URL; empty means the SQLite file in the data folder"),
    Option("security.key_file", str, "", "KIOSK_KEY_FILE",
           "The personal data key file; empty: keys/personal-data.key in the data folder. "
           "Back it up apart from the database; every terminal of an office needs the same "
           "one (docs/SECURITY.md)"),
    Option("office.code", str, "000.00.00.H00", "KIOSK_OFFICE_CODE",
           "The receiving unit's electronic identification code (Circular 10/2016/TT-BTTTT)"),
    Option("office.name", str, "Bộ phận Một cửa", None, "Office name shown on every screen"),
    Option("office.agency", str, "Ủy ban nhân dân xã", None, "Agency named on receipts"),
    Option("ui.language", str, "vi", "KIOSK_LANG", "Language at start: vi or en",
           choices=("vi", "en")),
    Option("ui.kiosk_idle_seconds", int, 90, None, "Kiosk idle time before the screen clears",
           minimum=15),
    Option("terminal.id", str, platform.node() or "terminal", "KIOSK_TERMINAL_ID",
           "This PC's name: print jobs made here print on its printers"),
    Option("privacy.purge_after_days", int, 180, None,
           "Days after the portal reports a record done before `kiosk purge` removes its "
           "personal data", minimum=0),
    Option("staff.idle_sign_out_minutes", int, 15, None,
           "Minutes without input before a staff screen signs its user out", minimum=1),
    Option("queue.normal_per_priority", int, 2, None,
           "Normal tickets called between two priority tickets (0: priority always first)",
           minimum=0),
    Option("queue.no_show_reopen_minutes", int, 30, None,
           "How long a no-show can still be called back", minimum=0),
    Option("queue.default_service_minutes", int, 6, None,
           "Assumed service time before today has enough served tickets", minimum=1),
    Option("log.level", str, "INFO", "KIOSK_LOG_LEVEL", "Log level",
           choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    Option("log.max_bytes", int, 2_000_000, None, "Size of one log file before it rotates",
           minimum=10_000),
    Option("log.backups", int, 5, None, "Rotated log files kept", minimum=1),
    Option("portal.url", str, "", "KIOSK_PORTAL_URL", "Portal intake address"),
    Option("portal.client_id", str, "", "KIOSK_PORTAL_CLIENT_ID", "Portal client id"),
    Option("portal.client_secret", str, "", "KIOSK_PORTAL_CLIENT_SECRET", "Portal client secret",
           secret=True),
    Option("portal.device_id", str, "", "KIOSK_DEVICE_ID", "This terminal's device id"),
    Option("portal.adapter", str, "contract", None,
           "How the portal is reached: contract (the intake contract over HTTPS)",
           choices=("contract",)),
    Option("portal.ca_bundle", str, "", "KIOSK_PORTAL_CA_BUNDLE",
           "A CA certificate file for the portal's TLS; empty: the system's certificates"),
    Option("sync.interval_seconds", int, 60, None,
           "Seconds between sync runs while nothing is failing", minimum=5),
    Option("sync.backoff_max_seconds", int, 300, None,
           "Longest wait between tries while the portal fails", minimum=1),
    # Printers by use. target: dummy | file:PATH | usb:VID:PID | net:HOST[:PORT] |
    # serial:DEVICE[:BAUD] | pdf:FOLDER | system[:NAME] (A4 through Qt). Empty = PDF files
    # in the data folder. vietnamese: text (printer's code page) | raster (drawn with our font)
    Option("printer.ticket.target", str, "", "KIOSK_TICKET_PRINTER", "Ticket printer at the kiosk"),
    Option("printer.ticket.profile", str, "TM-T20II", None, "python-escpos profile of the ticket printer"),
    Option("printer.ticket.vietnamese", str, "text", None, "Vietnamese on the ticket printer",
           choices=("text", "raster")),
    Option("printer.slip.target", str, "", "KIOSK_SLIP_PRINTER", "Thermal printer at the counter"),
    Option("printer.slip.profile", str, "TM-T20II", None, "python-escpos profile of the slip printer"),
    Option("printer.slip.vietnamese", str, "text", None, "Vietnamese on the slip printer",
           choices=("text", "raster")),
    Option("printer.receipt.target", str, "", "KIOSK_RECEIPT_PRINTER", "A4 printer for receipts"),
    Option("printer.receipt.profile", str, "", None, "Unused for A4 (kept for symmetry)"),
    Option("printer.receipt.vietnamese", str, "text", None, "Unused for A4 (kept for symmetry)"),
)
PRINTER_USES = ("ticket", "slip", "receipt")
_BY_KEY = {option.key: option for option in OPTIONS}


def data_dir() -> Path:
    """KIOSK_DATA_DIR, else the user's data folder for this app (created)."""
    override = os.environ.get("KIOSK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    try:
        private_folder(path)  # the database and the key are in it: the app's user only
    except OSError as exc:
        raise UserError("data_dir_unusable",
                        f"The data folder {path} cannot be used: {exc.strerror or exc}") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UserError("data_dir_unusable", f"The data folder {path} cannot be written to")
    return path


def _coerce(option: Option, raw: Any, origin: str) -> Any:
    if option.type is bool and isinstance(raw, str):
        lowered = raw.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise UserError("bad_setting", f"{origin}: {option.key} must be true or false, not {raw!r}")
    kind = {int: "a whole number", str: "text"}.get(option.type, option.type.__name__)
    refusal = UserError("bad_setting", f"{origin}: {option.key} must be {kind}, not {raw!r}")
    if option.type is int and isinstance(raw, float | bool):
        raise refusal  # int() would take 1.5 or true silently
    try:
        value = option.type(raw)
    except (TypeError, ValueError):
        raise refusal from None
    if option.key == "log.level":
        value = value.upper()
    if option.choices and value not in option.choices:
        raise UserError("bad_setting", f"{origin}: {option.key} must be one of "
                        f"{', '.join(map(str, option.choices))}, not {raw!r}")
    if option.minimum is not None and value < option.minimum:
        raise UserError("bad_setting", f"{origin}: {option.key} must be at least "
                        f"{option.minimum}, not {raw!r}")
    return value


class Settings:
    """The values in force: defaults, then the TOML file, then the environment."""

    def __init__(self, folder: Path, file_values: dict[str, Any]) -> None:
        self.folder = folder
        self._file = file_values
        self._values: dict[str, Any] = {}
        for option in OPTIONS:
            value = option.default
            if option.key in file_values:
                value = _coerce(option, file_values[option.key], str(self.path))
            if option.env and os.environ.get(option.env):
                value = _coerce(option, os.environ[option.env], option.env)
            self._values[option.key] = value

    @property
    def path(self) -> Path:
        return self.folder / SETTINGS_FILE

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def set(self, key: str, value: Any) -> None:
        option = _BY_KEY.get(key)
        if option is None:
            raise UserError("unknown_setting", f"There is no setting called {key!r}")
        self._values[key] = self._file[key] = _coerce(option, value, key)

    def save(self) -> None:
        nested: dict[str, Any] = {}
        for key, value in sorted(self._file.items()):
            *tables, name = key.split(".")
            node = nested
            for table in tables:
                node = node.setdefault(table, {})
            node[name] = value
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(tomli_w.dumps(nested), encoding="utf-8")
        os.replace(tmp, self.path)

    @property
    def db_url(self) -> str:
        return self["db.url"] or f"sqlite:///{self.folder / 'kiosk.sqlite3'}"

    @property
    def key_file(self) -> Path:
        """Where the personal data key is: never inside the database (kiosk/crypto.py)."""
        configured = self["security.key_file"]
        return Path(configured).expanduser() if configured else \
            self.folder / "keys" / "personal-data.key"

    @property
    def log_dir(self) -> Path:
        path = self.folder / "logs"
        path.mkdir(exist_ok=True)
        return path

    def describe(self) -> list[tuple[str, Any, str]]:
        """(key, value shown, title) with secrets masked: for the admin and the CLI."""
        return [
            (o.key, "********" if o.secret and self[o.key] else self[o.key], o.title)
            for o in OPTIONS
        ]


def load_settings(folder: Path | None = None) -> Settings:
    folder = folder or data_dir()
    path = folder / SETTINGS_FILE
    flat: dict[str, Any] = {}
    if path.exists():
        try:
            tree = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UserError("bad_settings_file", f"{path} is not valid TOML: {exc}") from None
        for section, values in tree.items():
            if not isinstance(values, dict):
                raise UserError("bad_settings_file", f"{path}: [{section}] must be a table")
            _flatten(path, section, values, flat)
    return Settings(folder, flat)


def _flatten(path: Path, prefix: str, table: dict[str, Any], flat: dict[str, Any]) -> None:
    """[printer.ticket] target = "..." becomes flat["printer.ticket.target"]."""
    for name, value in table.items():
        key = f"{prefix}.{name}"
        if isinstance(value, dict):
            _flatten(path, key, value, flat)
        elif key not in _BY_KEY:
            raise UserError("unknown_setting", f"{path}: unknown setting {key!r}")
        else:
            flat[key] = value
