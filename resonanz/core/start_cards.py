"""Cards other apps add to the start page, so the start page does not need to know them.

An app registers a provider in ``AppConfig.ready``::

    register_start_card("buddy.coachees", coachees_card, order=30)

A provider takes the member and returns a ``StartCard`` (a template and its context) or ``None`` when the
card has nothing to say to this member (no capability, nothing due). Providers must do bounded work: a few
indexed queries whatever the size of the organization.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from resonanz.core.models import Membership


@dataclass(frozen=True)
class StartCard:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Membership], StartCard | None]

_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register_start_card(key: str, provider: Provider, *, order: int = 100) -> None:
    """Add (or replace, by key) a card provider; cards are shown in ``order``, then by key."""
    _PROVIDERS[key] = (order, provider)


def start_cards(member: Membership) -> list[StartCard]:
    cards = []
    for _key, (_order, provider) in sorted(_PROVIDERS.items(), key=lambda item: (item[1][0], item[0])):
        card = provider(member)
        if card is not None:
            cards.append(card)
    return cards
