"""An approved post edited after scheduling: its scheduled deliveries are held at once.

``content.revisions.new_revision`` sends ``approval_withdrawn`` inside the editing transaction. The
deliveries still waiting are marked failed ("not approved") in that same transaction, with an audit record
each, so the pages say so right away; the worker re-checks approval before sending anyway. Once the post
is approved again, the failed delivery is given up (``cancel_delivery``) and the post scheduled anew.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from resonanz.content.models import Post
from resonanz.core import audit
from resonanz.core.models import Membership
from resonanz.publishing.models import Delivery, DeliveryStatus


def hold_deliveries(sender: Any, *, post: Post, actor: Membership | None = None, **kwargs: Any) -> None:
    waiting = list(Delivery.objects.select_for_update().filter(post=post, status=DeliveryStatus.SCHEDULED))
    for delivery in waiting:
        changed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SCHEDULED).update(
            status=DeliveryStatus.FAILED, failure_code="not_approved", updated_at=timezone.now()
        )
        if changed:
            audit.record(
                post.organization,
                actor,
                "publishing.delivery_held",
                delivery,
                before={"status": DeliveryStatus.SCHEDULED},
                after={"status": DeliveryStatus.FAILED, "code": "not_approved", "revision": post.revision},
            )
