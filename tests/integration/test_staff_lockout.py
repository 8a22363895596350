"""Staff sign-in: Argon2 hashes only, lockout after repeated failures, and its end."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from kiosk.clock import utc_now
from kiosk.errors import UserError
from kiosk.models import StaffUser
from kiosk.services.staff import LOCKOUT_AFTER, add_user, authenticate


def test_secrets_are_stored_as_argon2id_hashes_only(db):
    add_user(db, "canbo5", "counter", password="mat-khau-rat-dai", pin="2468")
    with db.read() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == "canbo5"))
    assert user.password_hash.startswith("$argon2id$") and user.pin_hash.startswith("$argon2id$")
    assert "mat-khau-rat-dai" not in user.password_hash and "2468" not in user.pin_hash


def test_repeated_failures_lock_the_account_even_for_the_right_password(db):
    add_user(db, "canbo6", "counter", password="mat-khau-rat-dai")
    for _ in range(LOCKOUT_AFTER):
        with pytest.raises(UserError) as wrong:
            authenticate(db, "canbo6", "doan-bua")
        assert wrong.value.code == "bad_login"
    with pytest.raises(UserError) as locked:
        authenticate(db, "canbo6", "mat-khau-rat-dai")
    assert locked.value.code == "locked_out" and locked.value.params["minutes"] >= 1
    with db.write() as s:  # the lock's time has passed
        s.execute(update(StaffUser).where(StaffUser.username == "canbo6")
                  .values(locked_until=utc_now() - timedelta(seconds=1)))
    assert authenticate(db, "canbo6", "mat-khau-rat-dai").username == "canbo6"
    with db.read() as s:
        assert s.scalar(select(StaffUser.failed_attempts)
                        .where(StaffUser.username == "canbo6")) == 0


def test_an_unknown_name_and_a_wrong_password_say_the_same(db):
    add_user(db, "canbo7", "counter", password="mat-khau-rat-dai")
    with pytest.raises(UserError) as unknown:
        authenticate(db, "khong-co-ai", "mat-khau-rat-dai")
    with pytest.raises(UserError) as wrong:
        authenticate(db, "canbo7", "sai-mat-khau")
    assert unknown.value.code == wrong.value.code == "bad_login"
    assert unknown.value.message == wrong.value.message
