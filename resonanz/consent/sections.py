"""The "analytics and data protection" section of the organization's settings page."""

from __future__ import annotations

from resonanz.consent.forms import AnalyticsSettingsForm
from resonanz.consent.switches import switches_for
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.settings_sections import SettingsSection


def analytics_form(member: Membership, data: object = None) -> AnalyticsSettingsForm:
    switches = switches_for(member.organization_id)
    initial = {
        "person_analytics": switches.person_analytics,
        "leaderboard": switches.leaderboard,
        "min_group_size": switches.min_group_size,
    }
    return AnalyticsSettingsForm(data, initial=initial, prefix="analytics")  # type: ignore[arg-type]


def analytics_section(member: Membership) -> SettingsSection | None:
    if not member.can(Capability.MANAGE_ORGANIZATION):
        return None
    form = analytics_form(member)
    return SettingsSection(
        "consent/_analytics_section.html",
        {"form": form, "switches": switches_for(member.organization_id)},
    )
