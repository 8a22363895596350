"""The one logging setup: a rotating file in the data folder, plus stderr.

Called once by the CLI and by the GUI entry point. Personal data never goes to
the log: log record ids and codes, not names, id numbers or phones. As a second
line of defence every line written (tracebacks included: a database error quotes
the values it was given) passes `redact`, which masks anything shaped like a
citizen id, an old identity card number, a phone number or an e-mail address.
The log file is created readable by the app's user only.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys

from kiosk.settings import Settings

LOG_FILE = "kiosk.log"
_FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"


_PERSONAL = (
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    (re.compile(r"(?<![\w.+-])(?:\+?84|0)(?:[\s.-]?\d){9}(?![\w-])"), "[phone]"),
    (re.compile(r"(?<![\w.-])\d{12}(?![\w-])"), "[id]"),  # citizen id (CCCD)
    (re.compile(r"(?<![\w.-])\d{9}(?![\w-])"), "[id]"),  # old identity card (CMND)
)


def redact(text: str) -> str:
    for pattern, mask in _PERSONAL:
        text = pattern.sub(mask, text)
    return text


class _Redacting(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is now (pytest swaps it), not the one at set-up."""

    @property  # type: ignore[override]
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


class _OneLine(logging.Formatter):
    """Messages only, no traceback: stderr shows one line, the log file keeps the rest."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(f"{record.levelname} {record.name}: {record.getMessage()}")


def setup_logging(settings: Settings, *, stderr_level: int = logging.WARNING) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_kiosk", False) for h in root.handlers):
        return
    root.setLevel(settings["log.level"].upper())
    log_path = settings.log_dir / LOG_FILE
    if not log_path.exists():  # created readable by this user only
        os.close(os.open(log_path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
    file_handler = logging.handlers.RotatingFileHandler(
        log_path,
        maxBytes=settings["log.max_bytes"],
        backupCount=settings["log.backups"],
        encoding="utf-8",
    )
    file_handler.setFormatter(_Redacting(_FORMAT))
    stream = _CurrentStderr()
    stream.setLevel(stderr_level)
    stream.setFormatter(_OneLine())
    for handler in (file_handler, stream):
        handler._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
