"""Seeders for the outsider walk: a campaign, guideline rules and a post of the campaign.

Until the editor's actions write campaigns and rules, they are made here directly (as
``factories.make_post`` does for posts)."""

from __future__ import annotations

from resonanz.content.models import Campaign, GuidelineRule, RuleKind, Severity
from resonanz.content.tests.factories import make_post
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder


@outsider_seeder
def seed_posts(ctx: SeedContext) -> None:
    marker = ctx.marker
    campaign = Campaign.objects.create(
        organization=ctx.organization, name=f"Kampagne {marker}", description=f"Ziel {marker}"
    )
    ctx.made["content.campaign"] = campaign
    ctx.made["content.guideline_rule"] = GuidelineRule.objects.create(
        organization=ctx.organization,
        kind=RuleKind.CONFIDENTIAL_NAME,
        pattern=f"Projekt {marker}",
        severity=Severity.BLOCK,
        message=f"Vertraulich {marker}",
    )
    GuidelineRule.objects.create(
        organization=ctx.organization,
        kind=RuleKind.REQUIRED_DISCLOSURE,
        pattern=f"#mitarbeiter{marker.lower().replace('-', '')}",
        severity=Severity.WARN,
    )
    author = ctx.members[Role.COMMUNICATIONS_MANAGER]
    ctx.made["content.campaign_post"] = make_post(
        author, title=f"Kampagnenbeitrag {marker}", text=f"Neues aus der Kampagne {marker}", campaign=campaign
    )
