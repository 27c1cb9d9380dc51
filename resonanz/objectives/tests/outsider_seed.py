"""Seeder of the objectives for the outsider walk: one objective measured by a metric, one by hand with a
recorded value, one closed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.objectives import actions


@outsider_seeder
def seed_objectives(ctx: SeedContext) -> None:
    today = timezone.localdate()
    common = {
        "owner": ctx.members[Role.QUALITY_OFFICER],
        "direction": "at_least",
        "starts_on": today - dt.timedelta(days=30),
        "deadline": today + dt.timedelta(days=150),
        "frequency": "monthly",
        "baseline": Decimal(0),
    }
    ctx.made["objectives.metric"] = actions.create_objective(
        ctx.admin,
        title=f"Klicks {ctx.marker}",
        metric_key="reach.clicks",
        unit="",
        target=Decimal(6000),
        evaluation_method=f"Reichweitenzahlen {ctx.marker}",
        **common,
    )
    manual = actions.create_objective(
        ctx.admin,
        title=f"Follower {ctx.marker}",
        metric_key="",
        unit=f"Follower {ctx.marker}",
        target=Decimal(6000),
        evaluation_method=f"Zählung {ctx.marker}",
        **common,
    )
    ctx.made["objectives.entry"] = actions.record_entry(
        ctx.admin, manual, day=today, value=Decimal(1200), note=f"Notiz {ctx.marker}"
    )
    ctx.made["objectives.manual"] = manual
    closed = actions.create_objective(
        ctx.admin,
        title=f"Abgeschlossen {ctx.marker}",
        metric_key="",
        unit="Prozent",
        target=Decimal(50),
        evaluation_method=f"Umfrage {ctx.marker}",
        **common,
    )
    actions.record_entry(ctx.admin, closed, day=today, value=Decimal(55))
    ctx.made["objectives.closed"] = actions.close_objective(ctx.admin, closed)
