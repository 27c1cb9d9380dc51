"""Checks the plan actions share: capabilities, tenancy, clean text, member names."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from resonanz.core.models import Membership
from resonanz.core.roles import Capability

M = TypeVar("M", bound=models.Model)


def require(member: Membership, *capabilities: Capability) -> None:
    """Refuse unless the member holds one of ``capabilities`` (checked again inside every action)."""
    if not any(member.can(capability) for capability in capabilities):
        raise PermissionDenied(capabilities[0])


def same_organization(member: Membership, organization_id: int) -> None:
    if member.organization_id != organization_id:
        raise Http404


def clean_text(value: Any, max_length: int | None = None) -> str:
    """Strip surrounding space and NUL characters (PostgreSQL refuses those in text)."""
    text = str(value if value is not None else "").replace("\x00", "").strip()
    return text[:max_length] if max_length is not None else text


def member_name(member: Membership | None) -> str:
    if member is None:
        return ""
    return member.user.full_name or member.user.email
