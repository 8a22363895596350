"""Staff accounts: add, list, change credentials, and check an admin PIN.

Passwords and PINs are hashed with Argon2id (argon2-cffi). Hashing is slow on
purpose (tens of ms): in the app it runs on the DB worker, never the GUI thread.
"""
from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from kiosk.db.engine import Database
from kiosk.errors import NotFound, UserError
from kiosk.models import StaffUser
from kiosk.models.org import STAFF_ROLES
from kiosk.services import audit
from kiosk.textnorm import clean_text

log = logging.getLogger(__name__)

_hasher = PasswordHasher()
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_PIN = re.compile(r"^\d{4,8}$")
FIRST_ADMIN = "admin"
ADMIN_PIN_MIN = 6
FIRST_PIN_FILE = "FIRST-ADMIN-PIN.txt"


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    has_password: bool
    has_pin: bool


def _info(user: StaffUser) -> StaffInfo:
    return StaffInfo(user.id, user.username, user.full_name, user.role, user.active,
                     user.password_hash is not None, user.pin_hash is not None)


def check_username(name: str) -> str:
    name = (name or "").strip().lower()
    if not _USERNAME.match(name):
        raise UserError("bad_username", "A user name is 2-64 letters a-z, digits, '.', '_' or '-'",
                        name=name)
    return name


def check_role(role: str) -> str:
    if role not in STAFF_ROLES:
        raise UserError("bad_role", f"Role must be one of {', '.join(STAFF_ROLES)}, not {role!r}")
    return role


def check_password(password: str | None) -> str | None:
    if password is None or password == "":
        return None
    if len(password) < 8:
        raise UserError("short_password", "A password needs at least 8 characters")
    return password


def check_pin(pin: str | None) -> str | None:
    if pin is None or pin == "":
        return None
    if not _PIN.match(pin):
        raise UserError("bad_pin", "A PIN is 4 to 8 digits")
    return pin


def add_user(db: Database, username: str, role: str, *, full_name: str = "",
             password: str | None = None, pin: str | None = None,
             by: int | None = None) -> StaffInfo:
    """`by`: the staff member who adds the user, for the audit trail (None: the CLI)."""
    username = check_username(username)
    role = check_role(role)
    password, pin = check_password(password), check_pin(pin)
    if role == "admin" and (pin is None or len(pin) < ADMIN_PIN_MIN):
        raise UserError("admin_needs_pin", f"An admin needs a PIN of at least {ADMIN_PIN_MIN} "
                        "digits (it unlocks the kiosk screen)")
    password_hash = _hasher.hash(password) if password else None  # slow: before the write lock
    pin_hash = _hasher.hash(pin) if pin else None
    with db.write() as s:
        if s.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
            raise UserError("user_exists", f"There is already a user called {username!r}")
        user = StaffUser(
            username=username, role=role, full_name=clean_text(full_name) or "",
            password_hash=password_hash, pin_hash=pin_hash,
        )
        s.add(user)
        s.flush()
        audit.record(s, "staff_change", staff_id=by, subject=username,
                     details={"change": "added", "user_id": user.id, "role": role,
                              "password_set": bool(password), "pin_set": bool(pin)})
        log.info("staff user %s added with role %s", user.id, role)
        return _info(user)


def set_credentials(db: Database, username: str, *, password: str | None = None,
                    pin: str | None = None, by: int | None = None) -> StaffInfo:
    password, pin = check_password(password), check_pin(pin)
    password_hash = _hasher.hash(password) if password else None
    pin_hash = _hasher.hash(pin) if pin else None
    with db.write() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == check_username(username)))
        if user is None:
            raise NotFound("no_such_user", f"There is no user called {username!r}")
        if pin and user.role == "admin" and len(pin) < ADMIN_PIN_MIN:
            raise UserError("admin_needs_pin", f"An admin's PIN has at least {ADMIN_PIN_MIN} digits")
        if password_hash:
            user.password_hash = password_hash
        if pin_hash:
            user.pin_hash = pin_hash
        user.failed_attempts, user.locked_until = 0, None
        audit.record(s, "staff_change", staff_id=by, subject=user.username,
                     details={"change": "credentials", "user_id": user.id,
                              "password_set": bool(password), "pin_set": bool(pin)})
        return _info(user)


def list_users(db: Database) -> list[StaffInfo]:
    with db.read() as s:
        return [_info(u) for u in s.scalars(select(StaffUser).order_by(StaffUser.username))]


def _matches(hash_: str | None, secret: str) -> bool:
    if not hash_:
        return False
    try:
        return _hasher.verify(hash_, secret)
    except (VerificationError, InvalidHashError):
        return False


LOCKOUT_AFTER = 5
LOCKOUT_MINUTES = 5


def authenticate(db: Database, username: str, secret: str) -> StaffInfo:
    """Sign a staff member in with their password or PIN; locks the account for a while
    after repeated failures. Slow (Argon2): run it on the DB worker."""
    from datetime import timedelta

    from kiosk.clock import utc_now

    bad = UserError("bad_login", "Wrong user name or password")
    try:
        name = check_username(username)
    except UserError:
        name = None  # what was typed is not recorded: it may be a password
    with db.read() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == name)) if name else None
    if user is None or not user.active:
        _failed(db, user, "unknown_user" if user is None else "inactive")
        raise bad
    now = utc_now()
    if user.locked_until is not None and user.locked_until > now:
        _failed(db, user, "locked_out")
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise UserError("locked_out", f"Too many wrong tries: wait {minutes} minutes",
                        minutes=minutes)
    good = _matches(user.password_hash, secret) or (bool(_PIN.match(secret or ""))
                                                    and _matches(user.pin_hash, secret))
    with db.write() as s:
        row = s.get(StaffUser, user.id)
        assert row is not None
        if good:
            row.failed_attempts, row.locked_until = 0, None
            audit.record(s, "sign_in", staff_id=row.id, subject=row.username)
            return _info(row)
        row.failed_attempts += 1
        locked = row.failed_attempts >= LOCKOUT_AFTER
        if locked:
            row.failed_attempts, row.locked_until = 0, now + timedelta(minutes=LOCKOUT_MINUTES)
        audit.record(s, "sign_in_failed", staff_id=row.id, subject=row.username,
                     details={"reason": "bad_secret", "locked": locked})
    raise bad


def _failed(db: Database, user: StaffUser | None, reason: str) -> None:
    """A refused sign-in that changes nothing else is still recorded (never the secret)."""
    with db.write() as s:
        audit.record(s, "sign_in_failed", staff_id=user.id if user else None,
                     subject=user.username if user else None, details={"reason": reason})


def admin_pin_hashes(db: Database) -> tuple[str, ...]:
    """The active admins' PIN hashes: the kiosk keeps them, so it can be unlocked even
    while the office server is down."""
    with db.read() as s:
        return tuple(h for h in s.scalars(select(StaffUser.pin_hash).where(
            StaffUser.role == "admin", StaffUser.active.is_(True))) if h)


def pin_matches(hashes: tuple[str, ...], pin: str) -> bool:
    """Argon2 check of a PIN against known hashes (slow on purpose: not on the GUI thread)."""
    if not pin or not _PIN.match(pin):
        return False
    return any(_matches(h, pin) for h in hashes)


def verify_admin_pin(db: Database, pin: str) -> bool:
    """True when `pin` is the PIN of an active admin (what unlocks the kiosk)."""
    return pin_matches(admin_pin_hashes(db), pin)


def ensure_first_admin(db: Database, folder: Path) -> str | None:
    """On a new install with no admin, create `admin` with a random PIN.

    The PIN is written to a file readable by this user only, so whoever
    installed the kiosk can leave the locked screen; returns it, else None.
    """
    with db.read() as s:
        if s.scalar(select(StaffUser.id).where(StaffUser.role == "admin").limit(1)) is not None:
            return None
    pin = f"{secrets.randbelow(10**6):06d}"
    try:
        add_user(db, FIRST_ADMIN, "admin", full_name="Quản trị viên", pin=pin)
    except UserError:  # another terminal made it at the same moment
        return None
    path = folder / FIRST_PIN_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"Admin user: {FIRST_ADMIN}\nPIN: {pin}\n"
                  "Change it with: kiosk user passwd admin --pin, then delete this file.\n")
    log.warning("first admin created; its PIN is in %s", path)
    return pin
