"""The clause library in the demo: Rheinblick uses ISO 9001:2015 and the GDPR checklist beside it.

The quality officer adopted both and wrote two readiness notes, through the actions (audited);
registered in ``core.demo.DEMO_LOADERS``. The evidence itself is whatever the other apps' demo holds.
"""

from __future__ import annotations

from resonanz.core.demo import CONSULTANCY_SLUG
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.standards import actions
from resonanz.standards.models import AdoptedStandard, Standard

NOTES = {
    "4.1": (
        "Themenliste Kommunikation im Managementhandbuch, Kapitel 2; "
        "Klimawandel als Thema bewertet (nicht wesentlich)."
    ),
    "9.2": "Internes Audit des Kommunikationsprozesses im März geplant; Auditprogramm liegt beim QMB.",
}


def load_standards_demo(organization: Organization, members: list[Membership]) -> None:
    if organization.slug != CONSULTANCY_SLUG:
        return
    if AdoptedStandard.objects.filter(organization=organization).exists():
        return
    officer = next((member for member in members if Role.QUALITY_OFFICER in member.roles), None)
    if officer is None:
        return
    for code, edition in (("iso9001", "2015"), ("gdpr", "2016")):
        standard = Standard.objects.filter(code=code, edition=edition).first()
        if standard is None:
            continue  # a database emptied after migrating has no standards to adopt
        adopted = actions.adopt_standard(officer, standard.pk)
        for clause in adopted.clauses.select_related("clause").filter(clause__number__in=NOTES):
            actions.note_clause_readiness(officer, clause, NOTES[clause.clause.number])


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_standards_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_standards_demo)
