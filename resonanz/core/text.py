"""Text as actions store it: stripped, without NUL characters, and the names records copy."""

from __future__ import annotations

from typing import Any

from resonanz.core.models import Membership


def clean_text(value: Any, max_length: int | None = None) -> str:
    """Strip surrounding space and NUL characters (PostgreSQL refuses those in text)."""
    text = str(value if value is not None else "").replace("\x00", "").strip()
    return text[:max_length] if max_length is not None else text


def member_name(member: Membership | None) -> str:
    """The name records copy for a member: their full name, else their address."""
    if member is None:
        return ""
    return member.user.full_name or member.user.email
