"""A policy's earlier versions, and who acknowledged only one of those (an outdated version)."""

from __future__ import annotations

from django.db.models import QuerySet

from resonanz.core.models import Membership
from resonanz.events.models import Acknowledgement, PolicyDocument

# How far back the chain of versions is followed (one query a step; policies rarely have more).
MAX_VERSIONS_BACK = 10


def earlier_versions(document: PolicyDocument) -> list[int]:
    """The ids of the versions ``document`` replaced, the latest first."""
    ids: list[int] = []
    current = document.supersedes_id
    while current is not None and current not in ids and len(ids) < MAX_VERSIONS_BACK:
        ids.append(current)
        current = PolicyDocument.objects.filter(pk=current).values_list("supersedes_id", flat=True).first()
    return ids


def outdated_only(people: QuerySet[Membership], document: PolicyDocument, earlier: list[int]) -> int:
    """How many of ``people`` acknowledged an earlier version but not ``document``."""
    if not earlier:
        return 0
    return (
        people.filter(acknowledgements__document_id__in=earlier)
        .exclude(acknowledgements__document=document)
        .values("pk")
        .distinct()
        .count()
    )


def outdated_labels(membership_ids: list[int], earlier: list[int]) -> dict[int, str]:
    """For each of these members, the latest earlier version they acknowledged (if any)."""
    labels: dict[int, str] = {}
    if not earlier or not membership_ids:
        return labels
    for membership_id, label in (
        Acknowledgement.objects.filter(document_id__in=earlier, membership_id__in=membership_ids)
        .order_by("acknowledged_at", "pk")
        .values_list("membership_id", "version_label")
    ):
        labels[membership_id] = label
    return labels
