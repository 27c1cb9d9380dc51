"""The areas a hub page links to, each registered by the app that owns it.

Two hubs use them: the people hub (``/o/<org>/people/``, ``hub="people"``) and the content hub
(``/o/<org>/content/``, ``hub="content"``).

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
    hub: str = "people"


_AREAS: dict[str, Area] = {}


def register_area(area: Area) -> None:
    """Add (or replace, by key) an area of its hub."""
    _AREAS[area.key] = area


def areas(hub: str = "people") -> list[Area]:
    return sorted(
        (area for area in _AREAS.values() if area.hub == hub), key=lambda area: (area.order, area.key)
    )
