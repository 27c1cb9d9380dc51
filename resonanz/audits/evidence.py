"""The audits' own evidence for the clause library (``standards.evidence``): completed internal audits
stand for clause 9.2 (the programme, 9.2.1, and its results, 9.2.2)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from resonanz.audits.models import Audit, AuditStatus
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.standards.evidence import MAX_ITEMS, EvidenceItem, register_evidence


def completed_audits(member: Membership) -> list[EvidenceItem]:
    """The newest completed audits, for those who may read audits; one query."""
    if not member.can(Capability.VIEW_AUDITS):
        return []
    audits = (
        Audit.objects.filter(organization_id=member.organization_id, status=AuditStatus.COMPLETED)
        .only("pk", "number", "title", "completed_on")
        .order_by("-completed_on", "-number")[:MAX_ITEMS]
    )
    slug = member.organization.slug
    return [
        EvidenceItem(
            _("Internal audit #%(number)s “%(title)s”, report of %(date)s")
            % {
                "number": audit.number,
                "title": audit.title,
                "date": formats.date_format(audit.completed_on, "SHORT_DATE_FORMAT")
                if audit.completed_on
                else "",
            },
            audit.completed_on,
            reverse("audits:audits_audit", args=[slug, audit.pk]),
        )
        for audit in audits
    ]


def register() -> None:
    register_evidence("audits.completed", ["9.2", "9.2.1", "9.2.2"], completed_audits)
