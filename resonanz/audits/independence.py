"""Auditor independence (ISO 9001 9.2.2 c): nobody audits their own work.

The rule, said once for the actions, the forms and the API: an auditor of an audit (its lead auditor
or a co-auditor) must not be one of the persons whose work the audit examines (its audited persons,
the responsible persons of the audited area among them). Whether someone's work falls under an audit
is decided when the audit is planned, by naming them as audited persons; the rule is checked when the
audit is planned and again when it starts.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership
from resonanz.core.text import member_name


def own_work(auditors: Iterable[Membership], auditees: Iterable[Membership]) -> list[Membership]:
    """The auditors who are among the audited persons, in the order given."""
    audited = {person.pk for person in auditees}
    found: list[Membership] = []
    for auditor in auditors:
        if auditor.pk in audited and auditor not in found:
            found.append(auditor)
    return found


def refuse_own_work(
    lead_auditor: Membership, co_auditors: Iterable[Membership], auditees: Iterable[Membership]
) -> None:
    """Refuse (naming the first such person) when an auditor is among the audited persons."""
    co = list(co_auditors)
    conflicts = own_work([lead_auditor, *co], auditees)
    if conflicts:
        person = conflicts[0]
        raise ActionRefused(
            _(
                "%(name)s cannot audit here: they are among the audited persons, and nobody audits "
                "their own work. Choose another auditor or leave them out of the audited persons."
            ),
            params={"name": member_name(person)},
            field="lead_auditor" if person.pk == lead_auditor.pk else "co_auditors",
            code="not_independent",
        )
