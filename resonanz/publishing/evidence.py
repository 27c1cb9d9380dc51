"""A published delivery is evidence that the post's plan row was carried out (``plan.link_evidence``)."""

from __future__ import annotations

from django.utils import timezone

from resonanz.plan.actions import link_evidence
from resonanz.plan.models import EvidenceKind, PlanRow
from resonanz.publishing.models import Delivery

NOTE_LIMIT = 1000


def link_published(delivery: Delivery) -> bool:
    """Link a published delivery to its post's plan row; False for an unplanned post (no row).

    ``link_evidence`` returns the existing evidence for the same delivery, so calling this again (a
    retried job, a person resolving after the sweep) does not count twice.
    """
    post = delivery.post  # the worker read it with the delivery; else read now
    if post.plan_row_id is None:
        return False
    row = PlanRow.objects.get(pk=post.plan_row_id)
    link_evidence(
        None,
        row,
        delivery.published_at or timezone.now(),
        obj=delivery,
        note=f"{delivery.get_network_display()}: {delivery.remote_url or delivery.remote_id}"[:NOTE_LIMIT],
        kind=EvidenceKind.POST,
    )
    return True
