"""Seeder for the outsider walk: the organization uses ISO 9001 and the GDPR checklist, one clause
with a readiness note."""

from __future__ import annotations

from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.standards import actions
from resonanz.standards.models import Standard


@outsider_seeder
def seed_standards(ctx: SeedContext) -> None:
    iso = Standard.objects.get(code="iso9001", edition="2015")
    gdpr = Standard.objects.get(code="gdpr", edition="2016")
    adopted = actions.adopt_standard(ctx.admin, iso.pk)
    actions.adopt_standard(ctx.admin, gdpr.pk)
    clause = adopted.clauses.get(clause__number="7.4")
    ctx.made["standards.adopted"] = adopted
    ctx.made["standards.clause"] = actions.note_clause_readiness(
        ctx.admin, clause, f"Kommunikationsmatrix {ctx.marker} im Handbuch"
    )
