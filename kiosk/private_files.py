"""Files and folders for the app's user only: the data folder, the SQLite database (and
its -wal and -shm, which SQLite creates with the database file's mode) and the personal
data key (docs/SECURITY.md). POSIX modes; elsewhere these are no-ops. Thread-agnostic.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

POSIX = os.name == "posix"


def _ours(info: os.stat_result) -> bool:
    return POSIX and info.st_uid == os.getuid()


def private_folder(folder: Path) -> None:
    """Create `folder` (and missing parents) mode 0700; an existing folder of ours loses
    group and other access."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if _ours(info) and info.st_mode & 0o077:
        folder.chmod(stat.S_IMODE(info.st_mode) & 0o700)


def private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 if missing (an empty file is a valid SQLite
    database); an existing file of ours loses group and other access."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    tighten(path)


def tighten(path: Path) -> None:
    """Group and other access off an existing file of ours; nothing if it is missing."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if _ours(info) and info.st_mode & 0o077:
        path.chmod(stat.S_IMODE(info.st_mode) & 0o600)
