"""The one logging setup: a rotating file in the data folder, plus stderr.

Called once by the CLI and by the GUI entry point. Personal data never goes to
the log: log record ids and codes, not names, id numbers or phones.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys

from kiosk.settings import Settings

LOG_FILE = "kiosk.log"
_FORMAT = "%(asctime)s %(levelname)s %(process)d %(threadName)s %(name)s: %(message)s"


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
        return f"{record.levelname} {record.name}: {record.getMessage()}"


def setup_logging(settings: Settings, *, stderr_level: int = logging.WARNING) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_kiosk", False) for h in root.handlers):
        return
    root.setLevel(settings["log.level"].upper())
    file_handler = logging.handlers.RotatingFileHandler(
        settings.log_dir / LOG_FILE,
        maxBytes=settings["log.max_bytes"],
        backupCount=settings["log.backups"],
        encoding="utf-8",
    )
    file_handler.setFormatter(logging.Formatter(_FORMAT))
    stream = _CurrentStderr()
    stream.setLevel(stderr_level)
    stream.setFormatter(_OneLine())
    for handler in (file_handler, stream):
        handler._kiosk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
