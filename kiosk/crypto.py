"""Personal fields encrypted at rest, with a key kept outside the database (docs/SECURITY.md).

A citizen's id number, phone, email, date of birth, a dossier's answers, the frozen
portal payloads and print jobs' data are stored as "v1:" + urlsafe base64(nonce +
AES-256-GCM ciphertext), a random 96-bit nonce per value. Lookups by id number go
through `keyed_hash` (HMAC-SHA256 under a subkey derived from the key with HKDF), so
equal numbers find each other without the number being stored in clear.

The key is 32 random bytes in a file of its own (setting `security.key_file`),
readable by the app's user only. It is installed once per process by the bootstrap
(`install_key`), before any query; using the column types before that is a bug and
says so. Values that do not start with "v1:" are legacy plaintext written before
this scheme (read as they are; the bootstrap encrypts them). Thread-safe: the
installed key is immutable and AESGCM objects are safe to share.
"""
from __future__ import annotations

import base64
import hmac
import logging
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.errors import UserError
from kiosk.private_files import POSIX, private_folder

log = logging.getLogger(__name__)

KEY_BYTES = 32
NONCE_BYTES = 12
PREFIX = "v1:"
UNREADABLE = "[unreadable]"  # what a value sealed under another (lost) key reads as


def _subkey(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"mot-cua-kiosk " + purpose).derive(key)


@dataclass(frozen=True)
class Keyring:
    """The keys derived from one key file: one to encrypt, one to hash, one to name it."""

    cipher: AESGCM
    hash_key: bytes
    key_id: str  # a short public name of the key ("which key file is the right one")

    @classmethod
    def from_key(cls, key: bytes) -> Keyring:
        if not isinstance(key, bytes) or len(key) != KEY_BYTES:
            raise ValueError(f"a personal data key is {KEY_BYTES} bytes")
        return cls(AESGCM(_subkey(key, b"aes-256-gcm v1")), _subkey(key, b"id hash v1"),
                   _subkey(key, b"key id v1")[:6].hex())


_installed: Keyring | None = None
_warned_unreadable = False


def install_key(key: bytes | None) -> None:
    """Make `key` the process's key (None removes it: tests)."""
    global _installed
    _installed = None if key is None else Keyring.from_key(key)


def installed_key_id() -> str | None:
    return None if _installed is None else _installed.key_id


def _ring() -> Keyring:
    if _installed is None:
        raise RuntimeError("personal data key not installed: open the database through "
                           "kiosk.bootstrap (open_database / prepare_database) first")
    return _installed


def encrypt_text(value: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = _ring().cipher.encrypt(nonce, value.encode("utf-8"), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def decrypt_text(stored: str) -> str:
    """The plaintext of a stored value; legacy plaintext is returned as it is. A value the
    installed key cannot open (sealed under a key since lost, or damaged) reads as
    UNREADABLE: the start-up check has already refused a wrong key file."""
    text = open_sealed(stored)
    return UNREADABLE if text is None else text


def open_sealed(stored: str) -> str | None:
    """As `decrypt_text`, but None for a value this key cannot open."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX):].encode("ascii"))
        return _ring().cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None) \
            .decode("utf-8")
    except (InvalidTag, ValueError):
        _warn_unreadable()
        return None


def opens(ring: Keyring, stored: str, expected: str) -> bool:
    """Whether `ring` opens `stored` to `expected` (a key checked before it is installed)."""
    if not stored.startswith(PREFIX):
        return False
    try:
        raw = base64.urlsafe_b64decode(stored[len(PREFIX):].encode("ascii"))
        return ring.cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None) \
            == expected.encode("utf-8")
    except (InvalidTag, ValueError):
        return False


def _warn_unreadable() -> None:
    global _warned_unreadable
    if not _warned_unreadable:
        _warned_unreadable = True
        log.warning("a personal field cannot be decrypted with this key (sealed under a "
                    "replaced key, or damaged): it is shown as unreadable")


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of an id number under the hash subkey, hex: what lookups compare."""
    return hmac.digest(_ring().hash_key, value.encode("utf-8"), "sha256").hex()


def id_hash(value: str | None) -> str | None:
    return keyed_hash(value) if value else None


# --- the key file ---------------------------------------------------------------------------

def _refuse(code: str, path: Path, problem: str, fix: str) -> UserError:
    return UserError(code, f"The personal data key file {path} {problem}: {fix}", path=str(path))


def read_key(path: Path) -> bytes | None:
    """The key in `path`, or None when there is no such file. Refused (UserError) when it
    cannot be read, is not a key, or others than the app's user may read it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _refuse("personal_data_key_unreadable", path, f"cannot be read ({exc.strerror})",
                      "give the app's user access to it") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse("personal_data_key_unreadable", path, "is not a file",
                      "point security.key_file (KIOSK_KEY_FILE) at the key file")
    if POSIX and info.st_mode & 0o077:
        raise _refuse("personal_data_key_exposed", path,
                      f"may be read by other users (mode {stat.S_IMODE(info.st_mode):o})",
                      f"run `chmod 600 {path}` as the app's user, then start again")
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise _refuse("personal_data_key_unreadable", path, f"cannot be read ({exc.strerror})",
                      "give the app's user access to it") from None
    if len(key) != KEY_BYTES:
        raise _refuse("personal_data_key_unreadable", path,
                      f"holds {len(key)} bytes, not {KEY_BYTES}",
                      "restore the key file from its backup (see docs/SECURITY.md)")
    return key


def create_key(path: Path) -> bytes:
    """A new random key in `path`, mode 0600 in a 0700 folder, written whole before the
    name appears (a second process starting at once reads the first one's key). An
    existing file is never overwritten."""
    private_folder(path.parent)
    key = os.urandom(KEY_BYTES)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(key)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.link(tmp, path)  # fails if the name exists: never replaces a key
        except FileExistsError:
            existing = read_key(path)
            assert existing is not None
            return existing
    finally:
        tmp.unlink(missing_ok=True)
    _sync_folder(path.parent)
    log.info("created a new personal data key file %s", path)
    return key


def _sync_folder(folder: Path) -> None:
    if not POSIX:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_or_create_key(path: Path) -> bytes:
    """The key in `path`, made first if there is none (see `read_key` for refusals)."""
    key = read_key(path)
    return key if key is not None else create_key(path)
