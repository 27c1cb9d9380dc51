"""Start-page cards: a buddy's coachees and what is due this week; a coached colleague's next session."""

from __future__ import annotations

from resonanz.core.models import Membership
from resonanz.core.start_cards import StartCard, register_start_card


def buddy_card(member: Membership) -> StartCard | None:
    from resonanz.buddy.overview import coachees_overview
    from resonanz.core.roles import Capability

    if not member.can(Capability.COACH):
        return None
    overview = coachees_overview(member)
    if not overview.rows:
        return None
    return StartCard("buddy/_start_buddy.html", {"overview": overview})


def coaching_card(member: Membership) -> StartCard | None:
    from resonanz.buddy.overview import my_coaching
    from resonanz.core.roles import Capability

    if not member.can(Capability.TAKE_PART):
        return None
    coaching = my_coaching(member, history=False)
    if coaching.pair is None:
        return None
    return StartCard("buddy/_start_coaching.html", {"coaching": coaching})


def register() -> None:
    register_start_card("buddy.coachees", buddy_card, order=30)
    register_start_card("buddy.coaching", coaching_card, order=31)
