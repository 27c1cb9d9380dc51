"""What a member may see of the reach figures: the one place that decides (works-council mode).

- Everyone sees their own figures (clicks on their own links).
- Person-level figures of others only for members who may see names and aggregates, only when the
  organization switched person analytics on, and only of people who consented.
- Every group's figures (a unit, a campaign, a day, …) are hidden while fewer than the minimum group
  size of distinct people contributed to them (default 5); figures of corporate links alone name nobody.
- The leaderboard exists, is off by default, and when on shows only people who opted in to it.
- The works council (aggregates without names) sees aggregates only.
"""

from __future__ import annotations

from dataclasses import dataclass

from resonanz.consent.ledger import consenting
from resonanz.consent.models import ConsentPurpose
from resonanz.consent.switches import switches_for
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Capability


@dataclass(frozen=True)
class PrivacySettings:
    person_analytics: bool
    leaderboard: bool
    min_group_size: int
    analytics_consents: frozenset[int]  # membership ids that consented to person-level analytics
    leaderboard_consents: frozenset[int]  # membership ids that opted in to the leaderboard


def privacy_settings(organization: Organization) -> PrivacySettings:
    """The organization's switches (``consent.switches``) and its members' active consents
    (``consent.ledger``), asked at every request so that a withdrawal counts at once. Without stored
    switches: works-council mode (no person analytics, no leaderboard, groups of 5)."""
    switches = switches_for(organization)
    analytics: frozenset[int] = frozenset()
    board: frozenset[int] = frozenset()
    if switches.person_analytics:
        analytics = frozenset(consenting(organization.pk, ConsentPurpose.PERSON_ANALYTICS))
    if switches.leaderboard:
        board = frozenset(consenting(organization.pk, ConsentPurpose.LEADERBOARD))
    return PrivacySettings(
        person_analytics=switches.person_analytics,
        leaderboard=switches.leaderboard,
        min_group_size=switches.min_group_size,
        analytics_consents=analytics,
        leaderboard_consents=board,
    )


@dataclass(frozen=True)
class Visibility:
    own_id: int
    aggregates: bool  # the organization's and the campaigns' dashboards
    person_ids: frozenset[int]  # others whose person-level figures this member sees
    leaderboard_on: bool
    leaderboard_ids: frozenset[int]  # who appears on the leaderboard (for a member who may open it)
    min_group_size: int

    def group_shown(self, people: int) -> bool:
        """Whether a group to which ``people`` distinct people contributed may be shown."""
        return people == 0 or people >= self.min_group_size


def visibility_for(member: Membership) -> Visibility:
    settings = privacy_settings(member.organization)
    aggregates = member.can(Capability.VIEW_AGGREGATES)
    names = member.can(Capability.VIEW_NAMES)
    person_ids: frozenset[int] = frozenset()
    if aggregates and names and settings.person_analytics:
        person_ids = settings.analytics_consents
    leaderboard_on = settings.leaderboard and names and member.can(Capability.TAKE_PART)
    return Visibility(
        own_id=member.pk,
        aggregates=aggregates,
        person_ids=person_ids,
        leaderboard_on=leaderboard_on,
        leaderboard_ids=settings.leaderboard_consents if leaderboard_on else frozenset(),
        min_group_size=max(1, settings.min_group_size),
    )
