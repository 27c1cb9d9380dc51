"""Calendar feed tokens: only a hash is stored, so a leaked database does not leak working feed URLs."""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="replace")).hexdigest()
