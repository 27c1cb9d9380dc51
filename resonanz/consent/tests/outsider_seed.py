"""Seeder for the outsider walk: consents given, withdrawn and given again, and changed analytics switches."""

from __future__ import annotations

from resonanz.consent import actions
from resonanz.consent.models import ConsentPurpose
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder


@outsider_seeder
def seed_consent(ctx: SeedContext) -> None:
    admin = ctx.admin
    withdrawn = actions.give_consent(admin, ConsentPurpose.PERSON_ANALYTICS)
    actions.withdraw_consent(admin, ConsentPurpose.PERSON_ANALYTICS)
    active = actions.give_consent(admin, ConsentPurpose.PERSON_ANALYTICS)
    actions.give_consent(admin, ConsentPurpose.LEADERBOARD)
    ambassador = actions.give_consent(ctx.members[Role.AMBASSADOR], ConsentPurpose.LEADERBOARD)
    settings = actions.change_analytics_settings(
        admin, person_analytics=True, leaderboard=True, min_group_size=7
    )
    ctx.made.update(
        {
            "consent.withdrawn": withdrawn,
            "consent.active": active,
            "consent.ambassador": ambassador,
            "consent.settings": settings,
        }
    )
