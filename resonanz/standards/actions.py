"""State changes of the clause library: adopting a standard, writing a clause's readiness note.

The standards themselves are global data loaded from files (``standards.loading``), not changed here.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Capability
from resonanz.standards.models import NOTE_MAX_LENGTH, AdoptedClause, AdoptedStandard, Standard


@action(Capability.MANAGE_STANDARDS)
def adopt_standard(member: Membership, standard_id: Any) -> AdoptedStandard:
    """Use a loaded standard in the organization: each of its clauses gets a readiness status and note.

    Adopting it again returns what is there; another edition is adopted beside it. The standard is
    named by its id: standards are global data, not objects of an organization."""
    standard = _standard(standard_id)
    existing = AdoptedStandard.objects.filter(
        organization_id=member.organization_id, standard=standard
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            Organization.objects.select_for_update().only("pk").get(pk=member.organization_id)
            adopted = AdoptedStandard.objects.create(
                organization_id=member.organization_id,
                standard=standard,
                adopted_by=member,
                adopted_at=timezone.now(),
            )
            AdoptedClause.objects.bulk_create(
                AdoptedClause(organization_id=member.organization_id, adopted_standard=adopted, clause=clause)
                for clause in standard.clauses.order_by("position")
            )
            audit.record(
                member.organization,
                member,
                "standards.adopted",
                adopted,
                object_repr=standard.title,
                after={"code": standard.code, "edition": standard.edition},
            )
    except IntegrityError:
        found = AdoptedStandard.objects.filter(
            organization_id=member.organization_id, standard=standard
        ).first()
        if found is None:
            raise
        return found
    return adopted


def _standard(standard_id: Any) -> Standard:
    try:
        return Standard.objects.get(pk=int(standard_id))
    except (Standard.DoesNotExist, ValueError, TypeError, OverflowError):
        raise ActionRefused(_("Choose one of the standards offered."), field="standard") from None


def _clean_note(value: Any) -> str:
    if not isinstance(value, str):
        raise ActionRefused(_("Enter the note as text."), field="note")
    note = value.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ActionRefused(
            _("Keep the note to %(limit)s characters."), params={"limit": NOTE_MAX_LENGTH}, field="note"
        )
    return note


@action(Capability.MANAGE_STANDARDS)
def note_clause_readiness(member: Membership, adopted_clause: AdoptedClause, note: str) -> AdoptedClause:
    """Write (or clear, with an empty text) the readiness note of a clause; the same text writes nothing."""
    cleaned = _clean_note(note)
    with transaction.atomic():
        locked = (
            AdoptedClause.objects.select_for_update()
            .select_related("clause__standard")
            .get(pk=adopted_clause.pk)
        )
        if locked.note == cleaned:
            return locked
        before = {"note": locked.note}
        locked.note = cleaned
        locked.noted_by = member
        locked.noted_at = timezone.now()
        locked.save(update_fields=["note", "noted_by", "noted_at"])
        audit.record(
            member.organization,
            member,
            "standards.note_changed",
            locked,
            object_repr=f"{locked.clause.label} {locked.clause.title}",
            before=before,
            after={"note": cleaned},
        )
    return locked
