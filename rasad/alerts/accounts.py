"""The accounts of the web app's writers: passwords hashed with argon2id (memory-hard, argon2-cffi's
defaults: 64 MiB, 3 passes), checked in constant time, rehashed when the parameters change."""

from __future__ import annotations

import contextlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from rasad.errors import InputError, NotAuthenticated, NotFound, StoreError
from rasad.store.base import Store
from rasad.store.watch_values import User

MIN_PASSWORD = 8
MAX_NAME = 64
_HASHER = PasswordHasher()
# checked against when the user does not exist, so that a wrong name costs the time a wrong password does
_DUMMY = _HASHER.hash("rasad: no such user")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError("password", f"at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


def add_user(store: Store, name: str, password: str) -> User:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() for c in name):
        raise InputError("name", f"a user name is 1 to {MAX_NAME} characters without spaces")
    return store.add_user(name, hash_password(password))


def authenticate(store: Store, name: str, password: str) -> User:
    """The user whose name and password these are; raises NotAuthenticated (the same for a wrong
    name and a wrong password)."""
    try:
        user = store.user(name.strip())
    except NotFound:
        with contextlib.suppress(VerificationError):
            _HASHER.verify(_DUMMY, password)
        raise NotAuthenticated("wrong user name or password") from None
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise NotAuthenticated("wrong user name or password") from None
    if _HASHER.check_needs_rehash(user.password_hash):
        with contextlib.suppress(StoreError):  # a store open for reading keeps the old hash
            store.set_password(user.name, _HASHER.hash(password))
    return user


__all__ = ["MIN_PASSWORD", "add_user", "authenticate", "hash_password"]
