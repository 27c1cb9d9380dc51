"""Corrections of published posts (ISO 9001 8.7): what was wrong, who decided, what was done.

Deleting asks the network first, outside any transaction (a slow network must not hold locks), and
records the correction only once the network has deleted the post: a refusal leaves the delivery
published and says why.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import Post
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.publishing.connectors.base import Outcome
from resonanz.publishing.connectors.registry import connector_for
from resonanz.publishing.credentials import credentials_of
from resonanz.publishing.failures import reason
from resonanz.publishing.models import Correction, CorrectionAction, Delivery, DeliveryStatus, NetworkAccount

TEXT_LIMIT = 5000
CORRECTION_FIELDS = ("post", "delivery", "action", "follow_up", "what_was_wrong", "what_was_done")


def _text(value: Any, field: str, *, required: bool) -> str:
    if value is not None and not isinstance(value, str):
        raise ActionRefused(_("Enter this as text."), field=field)
    text = clean_text(value)
    if required and not text:
        raise ActionRefused(_("This field is required."), field=field)
    if len(text) > TEXT_LIMIT:
        raise ActionRefused(
            _("At most %(limit)s characters."), params={"limit": TEXT_LIMIT}, field=field, code="too_long"
        )
    return text


def _delete_on_network(delivery: Delivery) -> None:
    account = NetworkAccount.objects.get(pk=delivery.account_id)
    try:
        connector_for(delivery.network).delete(credentials_of(account), delivery.remote_id)
    except (Outcome, ValueError, LookupError) as error:
        code = error.code if isinstance(error, Outcome) else "unreadable_credentials"
        raise ActionRefused(
            _("The network did not delete the post: %(reason)s"),
            params={"reason": reason(code)},
            code="delete_failed",
        ) from None


@action(Capability.CORRECT_POSTS)
def record_correction(
    member: Membership,
    delivery: Delivery,
    *,
    what_was_wrong: str,
    correction: str,
    what_was_done: str = "",
    follow_up: Post | None = None,
) -> Correction:
    """Record a correction of a published delivery; ``deleted`` deletes the post on the network first."""
    wrong = _text(what_was_wrong, "what_was_wrong", required=True)
    if correction not in CorrectionAction.values:
        raise ActionRefused(_("Choose what was done."), field="correction")
    done = _text(what_was_done, "what_was_done", required=correction == CorrectionAction.KEPT)
    if correction == CorrectionAction.CORRECTED and follow_up is None and not done:
        raise ActionRefused(_("Name the follow-up post or say how it was corrected."), field="what_was_done")
    fresh = Delivery.objects.select_related("organization").get(pk=delivery.pk)
    same_organization(member, fresh.organization_id)
    if follow_up is not None:
        same_organization(member, follow_up.organization_id)
    if fresh.status != DeliveryStatus.PUBLISHED:
        raise ActionRefused(_("Only a published post can be corrected."), code="not_published")
    if correction == CorrectionAction.DELETED:
        _delete_on_network(fresh)  # outside any transaction: the network may be slow
    with transaction.atomic():
        if correction == CorrectionAction.DELETED:
            changed = Delivery.objects.filter(pk=fresh.pk, status=DeliveryStatus.PUBLISHED).update(
                status=DeliveryStatus.DELETED, updated_at=timezone.now()
            )
            if changed != 1:
                raise ActionRefused(
                    _("Someone else has corrected this post meanwhile."), code="status_changed"
                )
        record = Correction.objects.create(
            organization=fresh.organization,
            post_id=fresh.post_id,
            delivery=fresh,
            what_was_wrong=wrong,
            action=correction,
            what_was_done=done,
            follow_up=follow_up,
            decided_by=member,
            decided_by_name=member_name(member),
            decided_at=timezone.now(),
        )
        audit.record(
            fresh.organization,
            member,
            "publishing.correction_recorded",
            record,
            after=audit.snapshot(record, CORRECTION_FIELDS),
        )
    return record
