"""Seeder for the outsider walk: the reach figures come from the links seeder's ingested clicks."""

from __future__ import annotations

from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.reach.models import Dimension, ReachContributor, ReachDaily, ReachMonthly


@outsider_seeder
def seed_reach(ctx: SeedContext) -> None:
    # The links seeder's click went through the real ingestion, which built these rows; the unit's
    # name (with the marker) is one of their keys.
    organization = ctx.organization
    daily = ReachDaily.objects.filter(organization=organization, scope=0, dimension=Dimension.UNIT).first()
    contributor = ReachContributor.objects.filter(
        organization=organization, scope=0, dimension=Dimension.UNIT
    ).first()
    # The person's monthly row (its key is a membership id: nothing anyone wrote, no marker).
    monthly = ReachMonthly.objects.filter(
        organization=organization, scope=0, dimension=Dimension.PERSON
    ).first()
    assert daily is not None and contributor is not None and monthly is not None, (
        "the links seeder's clicks were not ingested"
    )
    ctx.made["reach.daily"] = daily
    ctx.made["reach.contributor"] = contributor
    ctx.made["reach.monthly"] = monthly
