"""Seeder of the risk register for the outsider walk: a risk with an action (done) and a review, an open
opportunity, and a closed risk."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.risks import actions


@outsider_seeder
def seed_risks(ctx: SeedContext) -> None:
    owner = ctx.members[Role.QUALITY_OFFICER]
    risk = actions.create_risk(
        ctx.admin,
        kind="risk",
        title=f"Shitstorm {ctx.marker}",
        description=f"Beschreibung {ctx.marker}",
        category=f"Reputation {ctx.marker}",
        likelihood=3,
        impact=4,
        owner=owner,
        review_interval_months=6,
    )
    planned = actions.add_risk_action(
        ctx.admin, risk, title=f"Krisenplan {ctx.marker}", owner=owner, due_on=timezone.localdate()
    )
    ctx.made["risks.action"] = actions.complete_risk_action(ctx.admin, planned)
    ctx.made["risks.review"] = actions.review_risk(
        ctx.admin, risk, effective=True, likelihood_after=2, impact_after=4, note=f"Wirksam {ctx.marker}"
    )
    ctx.made["risks.risk"] = risk
    ctx.made["risks.opportunity"] = actions.create_risk(
        ctx.admin,
        kind="opportunity",
        title=f"Messe {ctx.marker}",
        likelihood=4,
        impact=3,
        owner=owner,
        review_interval_months=3,
        first_review_on=timezone.localdate() - dt.timedelta(days=1),
    )
    closed = actions.create_risk(
        ctx.admin,
        kind="risk",
        title=f"Alt {ctx.marker}",
        likelihood=1,
        impact=1,
        owner=owner,
        review_interval_months=12,
    )
    ctx.made["risks.closed"] = actions.close_risk(ctx.admin, closed)
