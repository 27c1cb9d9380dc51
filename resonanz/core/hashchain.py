"""Primitives of an append-only hash chain, shared by every log that must notice tampering.

A record's hash is the SHA-256 of a canonical JSON payload that includes the hash of its predecessor.
Personal values (names, e-mail addresses) enter the payload only as salted digests, so they can be
erased later without breaking the chain: the clear value and its salt are blanked together, the digest
stays and still vouches for what was there. A blank value without its salt counts as erased; a value
whose salt is kept must still match its digest.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from typing import Any, TypeGuard

GENESIS = "0" * 64


def canonical(payload: Any) -> bytes:
    """The one byte form of a JSON value that is hashed or signed: sorted keys, no spaces, ASCII."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def chain_hash(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(payload)).hexdigest()


def new_salt() -> str:
    return secrets.token_hex(16)


def personal_digest(key: str, value: Any, salt: str) -> str:
    """A digest of one personal value. The random salt keeps names from being guessed back from it."""
    return chain_hash({"key": key, "salt": salt, "value": value})


def is_blank(value: Any) -> bool:
    """An erased personal value: ``None`` or the empty string."""
    return value is None or value == ""


def seal_personal(values: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Salts and digests for personal values, keyed like ``values``: ``(salts, digests)``."""
    salts = {key: new_salt() for key in values}
    digests = {key: personal_digest(key, value, salts[key]) for key, value in values.items()}
    return salts, digests


def is_digest_map(value: Any) -> TypeGuard[dict[str, str]]:
    """Whether ``value`` has the shape of stored digests (or salts): a mapping of text to text."""
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    )


def altered_personal_key(
    values: Mapping[str, Any], salts: Mapping[str, str], digests: Mapping[str, str]
) -> str | None:
    """The first personal key whose value no longer matches its digest, or None when all match.

    A value counts as erased, and so as matching, when it is blank and its salt is gone. A blank
    value that still has its salt was blanked without being erased properly, and does not match.
    """
    for key in sorted(digests):
        value = values.get(key)
        salt = salts.get(key)
        if salt is None:
            if not is_blank(value):
                return key
        elif personal_digest(key, value, salt) != digests[key]:
            return key
    return None
