"""The organization's analytics switches, read by every feature that shows figures about people.

Works-council mode is the default: without a stored setting, no person-level analytics for managers,
no leaderboard, and no aggregate of fewer than five people.
"""

from __future__ import annotations

from dataclasses import dataclass

from resonanz.consent.models import MIN_GROUP_SIZE_DEFAULT, AnalyticsSettings
from resonanz.core.models import Organization


@dataclass(frozen=True)
class AnalyticsSwitches:
    person_analytics: bool = False
    leaderboard: bool = False
    min_group_size: int = MIN_GROUP_SIZE_DEFAULT

    @property
    def works_council_mode(self) -> bool:
        """No figure about a single person reaches anyone but that person."""
        return not (self.person_analytics or self.leaderboard)


DEFAULTS = AnalyticsSwitches()


def switches_for(organization: Organization | int) -> AnalyticsSwitches:
    """The organization's switches (one query); the defaults when nothing is stored."""
    organization_id = organization.pk if isinstance(organization, Organization) else organization
    stored = (
        AnalyticsSettings.objects.filter(organization_id=organization_id)
        .values_list("person_analytics", "leaderboard", "min_group_size")
        .first()
    )
    if stored is None:
        return DEFAULTS
    person_analytics, leaderboard, min_group_size = stored
    return AnalyticsSwitches(person_analytics, leaderboard, min_group_size)
