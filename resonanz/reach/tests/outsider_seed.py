"""Seeder for the outsider walk: the reach figures come from the links seeder's ingested clicks."""

from __future__ import annotations

from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.reach.models import Dimension, ReachContributor, ReachDaily


@outsider_seeder
def seed_reach(ctx: SeedContext) -> None:
    # The links seeder's click went through the real ingestion, which built these rows; the unit's
    # name (with the marker) is one of their keys.
    organization = ctx.organization
    ctx.made["reach.daily"] = ReachDaily.objects.get(
        organization=organization, scope=0, dimension=Dimension.UNIT
    )
    ctx.made["reach.contributor"] = ReachContributor.objects.get(
        organization=organization, scope=0, dimension=Dimension.UNIT
    )
