"""The audit key: signs checkpoints of the audit chains and the seals of erased legacy records.

Ed25519 rather than HMAC, so that an auditor can check a checkpoint with the public key alone and
nobody who can check one can forge one. The private key comes from the environment
(``RESONANZ_AUDIT_KEY``, or derived from ``RESONANZ_ENCRYPTION_KEY``; see ``settings.py``) and never
enters the database. Several keys may be configured, newest first: the first signs, all of them and
the retired public keys in ``RESONANZ_AUDIT_PUBLIC_KEYS`` verify. A signature names its key by id.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from resonanz.core.hashchain import canonical

ALGORITHM = "ed25519"
UNKNOWN_KEY = "unknown key"
BAD_SIGNATURE = "bad signature"


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short, stable name of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_bytes(key)).hexdigest()[:16]


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


@dataclass(frozen=True)
class KeyRing:
    signing: Ed25519PrivateKey
    signing_id: str
    # Every key a signature may name, by id; the signing key's first.
    public: Mapping[str, Ed25519PublicKey]


@cache
def key_ring() -> KeyRing:
    private = [Ed25519PrivateKey.from_private_bytes(_decode(seed)) for seed in settings.RESONANZ_AUDIT_KEYS]
    public = {key_id(key.public_key()): key.public_key() for key in private}
    for text in settings.RESONANZ_AUDIT_PUBLIC_KEYS:
        retired = Ed25519PublicKey.from_public_bytes(_decode(text))
        public.setdefault(key_id(retired), retired)
    return KeyRing(signing=private[0], signing_id=key_id(private[0].public_key()), public=public)


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    """Tests that override the keys must not keep signing with the old ones."""
    if setting in ("RESONANZ_AUDIT_KEYS", "RESONANZ_AUDIT_PUBLIC_KEYS"):
        key_ring.cache_clear()


def sign(message: Mapping[str, Any]) -> tuple[str, str]:
    """Sign ``message`` together with the signing key's id; returns ``(key_id, signature)``."""
    ring = key_ring()
    signature = ring.signing.sign(canonical({**message, "key_id": ring.signing_id}))
    return ring.signing_id, encode(signature)


def signature_problem(message: Mapping[str, Any], signed_by: object, signature: object) -> str | None:
    """None when ``signature`` is a valid signature of ``message`` by the key ``signed_by``; else
    ``UNKNOWN_KEY`` or ``BAD_SIGNATURE``."""
    key = key_ring().public.get(signed_by) if isinstance(signed_by, str) else None
    if key is None:
        return UNKNOWN_KEY
    try:
        raw = _decode(signature) if isinstance(signature, str) else b""
        key.verify(raw, canonical({**message, "key_id": signed_by}))
    except (InvalidSignature, binascii.Error, ValueError):
        return BAD_SIGNATURE
    return None
