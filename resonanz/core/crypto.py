"""Encryption at rest for secrets (TOTP seeds now, network tokens later), keyed from the environment.

``RESONANZ_ENCRYPTION_KEY`` may list several keys, newest first: new values are encrypted with the
first, old values still decrypt with the others, so keys can be rotated without downtime.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in settings.RESONANZ_ENCRYPTION_KEYS])


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    """Tests that override the keys must not keep encrypting with the old ones."""
    if setting == "RESONANZ_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt; raises ``ValueError`` when no configured key fits (wrong key or altered value)."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise ValueError("cannot decrypt with the configured RESONANZ_ENCRYPTION_KEY") from None
