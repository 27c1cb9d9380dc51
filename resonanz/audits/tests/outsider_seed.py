"""Seeder of the internal audits for the outsider walk: a programme with a completed audit (a finding
that opened an incident), one in progress and one planned."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from resonanz.audits import actions
from resonanz.audits.models import Audit, ItemResult
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder


@outsider_seeder
def seed_audits(ctx: SeedContext) -> None:
    adopted = ctx.made["standards.adopted"]
    criteria = list(adopted.clauses.filter(clause__number__in=["7.4", "8.6"]).order_by("clause__position"))
    auditor, auditee = ctx.members[Role.QUALITY_OFFICER], ctx.members[Role.COMMUNICATIONS_MANAGER]
    today = timezone.localdate()
    programme = actions.create_programme(ctx.admin, year=today.year, objectives=f"Programm {ctx.marker}")

    def plan(title: str) -> Audit:
        return actions.plan_audit(
            ctx.admin,
            programme,
            title=f"{title} {ctx.marker}",
            scope=f"Umfang {ctx.marker}",
            area=f"Bereich {ctx.marker}",
            planned_on=dt.date(today.year, 6, 1),
            lead_auditor=auditor,
            auditees=[auditee],
            criteria=criteria,
        )

    completed = actions.start_audit(ctx.admin, plan("Abgeschlossen"))
    for item in completed.items.order_by("position"):
        minor = item.position == 1
        actions.record_result(
            ctx.admin,
            item,
            result=ItemResult.MINOR if minor else ItemResult.CONFORM,
            note=f"Feststellung {ctx.marker}" if minor else f"Geprüft {ctx.marker}",
        )
    ctx.made["audits.completed"] = actions.complete_audit(ctx.admin, completed, summary=f"Fazit {ctx.marker}")
    running = actions.start_audit(ctx.admin, plan("Laufend"))
    ctx.made["audits.item"] = running.items.order_by("position").first()
    ctx.made["audits.running"] = running
    ctx.made["audits.planned"] = plan("Geplant")
    ctx.made["audits.programme"] = programme
