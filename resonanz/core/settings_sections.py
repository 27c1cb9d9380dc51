"""Sections other apps add to the organization's settings page, so core does not need to know them.

An app registers a provider in ``AppConfig.ready``::

    register_settings_section("consent.analytics", analytics_section, order=20)

A provider takes the member and returns a ``SettingsSection`` (a template and its context) or ``None``
when it has nothing for this member. The section's form posts to the app's own view, which saves through
the app's action and comes back to the settings page. Providers do bounded work (a few queries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from resonanz.core.models import Membership


@dataclass(frozen=True)
class SettingsSection:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Membership], SettingsSection | None]

_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register_settings_section(key: str, provider: Provider, *, order: int = 100) -> None:
    """Add (or replace, by key) a section provider; sections are shown in ``order``, then by key."""
    _PROVIDERS[key] = (order, provider)


def settings_sections(member: Membership) -> list[SettingsSection]:
    sections = []
    for _key, (_order, provider) in sorted(_PROVIDERS.items(), key=lambda item: (item[1][0], item[0])):
        section = provider(member)
        if section is not None:
            sections.append(section)
    return sections
