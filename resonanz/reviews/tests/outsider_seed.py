"""Seeder of the management review for the outsider walk: a held review with an output and a draft."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.reviews import actions


@outsider_seeder
def seed_reviews(ctx: SeedContext) -> None:
    today = timezone.localdate(timezone=ctx.organization.zone)
    owner = ctx.members[Role.QUALITY_OFFICER]
    held = actions.create_review(
        ctx.admin,
        title=f"Managementbewertung {ctx.marker}",
        period_start=today - dt.timedelta(days=90),
        period_end=today - dt.timedelta(days=1),
        issues_changes=f"Neue Plattformregeln {ctx.marker}",
        resource_notes=f"Budget {ctx.marker}",
    )
    ctx.made["reviews.output"] = actions.add_output(
        ctx.admin,
        held,
        kind="improvement",
        text=f"Freigaberegeln vereinfachen {ctx.marker}",
        owner=owner,
        due_on=today + dt.timedelta(days=30),
    )
    ctx.made["reviews.review"] = actions.hold_review(
        ctx.admin,
        held,
        held_on=today,
        minutes=f"Protokoll {ctx.marker}",
        chair=ctx.admin,
        participants=[owner],
    )
    ctx.made["reviews.draft"] = actions.create_review(
        ctx.admin,
        title=f"Nächste Bewertung {ctx.marker}",
        period_start=today,
        period_end=today + dt.timedelta(days=30),
    )
