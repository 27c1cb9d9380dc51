"""The areas the people hub (``/o/<org>/people/``) links to, each registered by the app that owns it.

The people, competence, events and buddy apps each register their pages here in ``AppConfig.ready``; the hub
shows a member the areas whose capability they hold, so one page leads to all of them without the hub
knowing the other apps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from resonanz.core.roles import Capability


@dataclass(frozen=True)
class Area:
    key: str
    label: str | Promise
    description: str | Promise
    icon: str
    url_name: str  # takes the organization's slug
    capability: Capability
    order: int = 100


_AREAS: dict[str, Area] = {}


def register_area(area: Area) -> None:
    """Add (or replace, by key) an area of the people hub."""
    _AREAS[area.key] = area


def areas() -> list[Area]:
    return sorted(_AREAS.values(), key=lambda area: (area.order, area.key))
