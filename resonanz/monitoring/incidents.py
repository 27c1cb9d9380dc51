"""The one place where an alarm opens an incident: through the quality app when it is installed, or through
a hook registered in its place (tests; the lead wires ``resonanz.quality`` after merging).

An opener takes the organization and the keywords of ``resonanz.quality.open_incident_from`` and answers
the incident (or its key); what it answers is kept on the alarm as text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from django.apps import apps

from resonanz.core.models import Organization

Opener = Callable[..., Any]
_registered: Opener | None = None


def register_incident_opener(opener: Opener | None) -> None:
    """Use ``opener`` instead of the quality app (``None``: back to the quality app)."""
    global _registered
    _registered = opener


def incident_opener() -> Opener | None:
    if _registered is not None:
        return _registered
    if not apps.is_installed("resonanz.quality"):
        return None
    opener = getattr(importlib.import_module("resonanz.quality"), "open_incident_from", None)
    return opener if callable(opener) else None


def open_incident(
    organization: Organization, *, source_key: str, title: str, description: str, checklist: list[str]
) -> str:
    """Open an incident for an alarm; its key, or "" when there is nothing to open incidents with."""
    opener = incident_opener()
    if opener is None:
        return ""
    incident = opener(
        organization,
        source="monitoring_alarm",
        source_key=source_key,
        title=title,
        description=description,
        checklist=list(checklist),
    )
    key = getattr(incident, "pk", incident)
    return "" if key is None else str(key)[:100]
