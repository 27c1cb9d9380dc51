"""Seeder of the digests for the outsider walk (see resonanz/core/tests/outsider_seed.py): the
ambassador gets a weekly digest."""

from __future__ import annotations

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.digests.actions import choose_digest_frequency
from resonanz.digests.models import Frequency


@outsider_seeder
def seed_digests(ctx: SeedContext) -> None:
    ctx.made["digests.subscription"] = choose_digest_frequency(ctx.members[Role.AMBASSADOR], Frequency.WEEKLY)
