"""Scanned documents kept in the data folder, named by their SHA-256.

A scan attached at the counter (an image or a PDF file, or a camera frame saved as
JPEG) is copied into `<data folder>/attachments/<2 hex>/<sha256>.<ext>`: written
to a temporary file, flushed to disk, then renamed, so a crash leaves either the
whole file or none. The hash is what the dossier row and the portal's upload
(PUT /v1/attachments/{sha256}) name. The type is read from the file's first
bytes, not its name. Runs on the DB worker thread (files are small) or the CLI.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import UserError

MAX_BYTES = 20 * 1024 * 1024  # a 20-page colour PDF from a counter scanner fits
MAGIC = ((b"\xff\xd8\xff", "image/jpeg", "jpg"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
         (b"%PDF-", "application/pdf", "pdf"))


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    media_type: str
    relative_path: str  # under the data folder
    size: int
    name: str  # the file's name as the officer chose it


def media_type_of(head: bytes) -> tuple[str, str] | None:
    for magic, media_type, ext in MAGIC:
        if head.startswith(magic):
            return media_type, ext
    return None


def store(folder: Path, source: Path) -> StoredFile:
    """Copy a scan into the data folder; refuse anything but JPEG, PNG or PDF."""
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise UserError("scan_too_large", "The file is larger than 20 MB",
                            megabytes=round(size / 2**20))
        data = source.read_bytes()
    except OSError:
        raise UserError("scan_unreadable", f"Cannot read {source.name}", name=source.name) \
            from None
    return store_bytes(folder, data, source.name)


def store_bytes(folder: Path, data: bytes, name: str) -> StoredFile:
    if not data:
        raise UserError("scan_empty", "The file is empty")
    if len(data) > MAX_BYTES:
        raise UserError("scan_too_large", "The file is larger than 20 MB",
                        megabytes=round(len(data) / 2**20))
    kind = media_type_of(data[:16])
    if kind is None:
        raise UserError("scan_type", "Only JPEG or PNG images and PDF files can be attached")
    media_type, ext = kind
    digest = hashlib.sha256(data).hexdigest()
    relative = Path("attachments") / digest[:2] / f"{digest}.{ext}"
    target = folder / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
            _sync_folder(target.parent)  # the rename itself survives a power cut
            _sync_folder(target.parent.parent)  # and a first file's new sub-folder
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    return StoredFile(digest, media_type, relative.as_posix(), len(data), name[:200])


def _sync_folder(folder: Path) -> None:
    """fsync a directory, so the entries renamed into it are on disk (POSIX)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def path_of(folder: Path, stored_relative: str) -> Path:
    """The stored file's path; refuses a path that would leave the attachments folder."""
    path = (folder / stored_relative).resolve()
    if (folder / "attachments").resolve() not in path.parents:
        raise UserError("scan_path", "Not an attachment path")
    return path
