"""Errors a user can cause and fix: they carry a stable code and a plain message.

The CLI prints `message` on one line and exits non-zero; the UI maps `code`
(with `params`) to a translated sentence. Anything else is a bug and is logged.
"""
from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Bad input or an impossible request; never a crash, never a traceback."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return self.message


class NotFound(UserError):
    """The thing asked for does not exist."""


def is_db_unreachable(error: BaseException) -> bool:
    """The database did not answer (server down, network cut, file locked too long)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(error, (OperationalError, InterfaceError))
