"""The share library's actions: offer an approved post, withdraw it, share it (to one's own connected
account through publishing, or by copying the text). Guarded like every action (``core.guards``) and
audited.

Decisions:

* An item copies the approved revision's texts; it can be shared while the post is still approved in
  that revision. A post edited after it was offered cannot be shared until the item is withdrawn and the
  post, approved anew, offered again.
* One share per item, person and network (``Share`` constraint). Sharing to an account a second time is
  refused (a second public post would be a duplicate). Copying a second time for the same network keeps
  the one share and its link and replaces its text with the newly checked one.
* Withdrawing an item stops new shares and calls off its shares' deliveries that have not gone out
  (scheduled, or held after an edit); what was published stays published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.advocacy.models import NOTE_MAX_LENGTH, Share, ShareableItem, ShareKind, SuggestedText
from resonanz.advocacy.share_texts import check_text, final_text, refuse_if_blocked
from resonanz.content.models import Post, PostNetwork, PostVariant
from resonanz.content.models.posts import MAX_VARIANT_CHARS
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.links.actions import create_share_link
from resonanz.links.models import TrackedLink
from resonanz.links.short_urls import short_url
from resonanz.plan.models import Audience, Topic
from resonanz.publishing.actions.shares import call_off_share_deliveries, schedule_share
from resonanz.publishing.models import Delivery, NetworkAccount

ITEM_FIELDS = ("post", "revision", "language", "note", "offered_at", "withdrawn_at")
SHARE_FIELDS = ("item", "post", "network", "kind", "link", "delivery")
MAX_TAGS = 20


def _tags(values: Sequence[Topic] | Sequence[Audience], field: str) -> list[int]:
    ids = sorted({value.pk for value in values})
    if len(ids) > MAX_TAGS:
        raise ActionRefused(_("Choose at most %(count)s."), params={"count": MAX_TAGS}, field=field)
    return ids


@action(Capability.MANAGE_LIBRARY)
def offer_for_sharing(
    member: Membership,
    post: Post,
    topics: Sequence[Topic] = (),
    audiences: Sequence[Audience] = (),
    note: str = "",
) -> ShareableItem:
    """Put the approved post into the share library with its approved texts as suggestions."""
    topic_ids, audience_ids = _tags(topics, "topics"), _tags(audiences, "audiences")
    note = clean_text(note)
    if len(note) > NOTE_MAX_LENGTH:
        raise ActionRefused(
            _("Use at most %(count)s characters."), params={"count": NOTE_MAX_LENGTH}, field="note"
        )
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("organization").get(pk=post.pk)
        same_organization(member, locked.organization_id)
        if not locked.is_approved:
            raise ActionRefused(_("Only an approved post can be offered for sharing."), code="not_approved")
        texts = list(
            PostVariant.objects.filter(post=locked).order_by("network").values_list("network", "text")
        )
        if not texts:
            raise ActionRefused(_("The post has no text for any network."), code="no_variant")
        if ShareableItem.objects.filter(post=locked, withdrawn_at__isnull=True).exists():
            raise ActionRefused(_("This post is in the share library already."), code="offered_already")
        item = ShareableItem(
            organization=locked.organization,
            post=locked,
            revision=locked.revision,
            language=locked.language,
            note=note,
            offered_by=member,
            offered_by_name=member_name(member),
            offered_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:  # offered by someone else a moment ago
            raise ActionRefused(
                _("This post is in the share library already."), code="offered_already"
            ) from None
        SuggestedText.objects.bulk_create(
            [SuggestedText(item=item, network=network, text=text) for network, text in texts]
        )
        item.topics.set(topic_ids)
        item.audiences.set(audience_ids)
        after = audit.snapshot(item, ITEM_FIELDS) | {
            "topics": topic_ids,
            "audiences": audience_ids,
            "networks": [network for network, _text in texts],
        }
        audit.record(item.organization, member, "advocacy.item_offered", item, after=after)
    return item


@action(Capability.MANAGE_LIBRARY)
def withdraw_from_library(member: Membership, item: ShareableItem) -> ShareableItem:
    """Take the item out of the library: no new shares; its shares' deliveries not yet sent are called off."""
    with transaction.atomic():
        locked = ShareableItem.objects.select_for_update().select_related("organization").get(pk=item.pk)
        same_organization(member, locked.organization_id)
        if locked.withdrawn_at is not None:
            return locked
        before = audit.snapshot(locked, ITEM_FIELDS)
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        waiting = list(
            Delivery.objects.filter(share__item=locked, status__in=("scheduled", "failed")).order_by("pk")
        )
        called_off = call_off_share_deliveries(member, waiting) if waiting else 0
        after = audit.snapshot(locked, ITEM_FIELDS) | {"deliveries_called_off": called_off}
        audit.record(
            locked.organization, member, "advocacy.item_withdrawn", locked, before=before, after=after
        )
    return locked


def _lock_shareable(member: Membership, item: ShareableItem) -> ShareableItem:
    """The item, locked (shares of one item are made one after the other), if it can be shared now."""
    locked = (
        # Only the item's row (PostgreSQL locks no nullable side of an outer join: the campaign).
        ShareableItem.objects.select_for_update(of=("self",))
        .select_related("organization", "post", "post__campaign")
        .get(pk=item.pk)
    )
    same_organization(member, locked.organization_id)
    if locked.withdrawn_at is not None:
        raise ActionRefused(_("This post was withdrawn from the share library."), code="withdrawn")
    post = locked.post
    if not post.is_approved or post.revision != locked.revision:
        raise ActionRefused(
            _("The post was changed after it was offered for sharing; it cannot be shared now."),
            code="not_approved",
        )
    return locked


def _suggested(item: ShareableItem, network: str) -> str:
    text = SuggestedText.objects.filter(item=item, network=network).values_list("text", flat=True).first()
    if text is None:
        label = PostNetwork(network).label if network in PostNetwork.values else network
        raise ActionRefused(
            _("This post is not offered for %(network)s."),
            params={"network": label},
            field="network",
            code="network",
        )
    return text


def _link_and_text(
    member: Membership, item: ShareableItem, network: str, text: str
) -> tuple[TrackedLink | None, str]:
    """The member's tracked link (when the post has a link) and the checked final text; refused when
    the checks find something blocking."""
    suggested = _suggested(item, network)
    post = item.post
    link = create_share_link(member, post=post, network=network) if post.link_url else None
    final = final_text(text, suggested, post.link_url, short_url(link) if link else "", MAX_VARIANT_CHARS)
    refuse_if_blocked(check_text(post, network, final))
    return link, final


def _existing(member: Membership, item: ShareableItem, network: str) -> Share | None:
    return Share.objects.filter(item=item, membership=member, network=network).first()


def _shared_already(network: str) -> ActionRefused:
    label = PostNetwork(network).label if network in PostNetwork.values else network
    return ActionRefused(
        _("You have shared this post to %(network)s already."),
        params={"network": label},
        field="network",
        code="shared_already",
    )


@action(Capability.SHARE_CONTENT)
def share_to_account(
    member: Membership,
    item: ShareableItem,
    account: NetworkAccount,
    text: str = "",
    due_at: dt.datetime | None = None,
) -> Share:
    """Publish the item on the member's own connected account (a delivery of publishing), with the
    member's text (the suggested one when empty) and their tracked link."""
    with transaction.atomic():
        locked = _lock_shareable(member, item)
        network = account.network
        if _existing(member, locked, network) is not None:
            raise _shared_already(network)
        link, final = _link_and_text(member, locked, network, text)
        delivery = schedule_share(
            member, locked.post, account, text=final, revision=locked.revision, due_at=due_at
        )
        share = Share.objects.create(
            organization=locked.organization,
            item=locked,
            post=locked.post,
            membership=member,
            network=network,
            kind=ShareKind.ACCOUNT,
            text=final,
            link=link,
            delivery=delivery,
            # For estimated reach: the audience the account had when the share was scheduled.
            followers=delivery.account.followers_count,
        )
        audit.record(
            locked.organization, member, "advocacy.shared", share, after=audit.snapshot(share, SHARE_FIELDS)
        )
    return share


@action(Capability.SHARE_CONTENT)
def copy_for_sharing(member: Membership, item: ShareableItem, network: str, text: str = "") -> Share:
    """Record that the member copies the item's text (with their tracked link) to post it by hand.

    Copying again for the same network keeps the share and its link and replaces its text."""
    if network not in PostNetwork.values:
        raise ActionRefused(_("Choose a network."), field="network", code="network")
    with transaction.atomic():
        locked = _lock_shareable(member, item)
        existing = _existing(member, locked, network)
        if existing is not None and existing.kind != ShareKind.COPIED:
            raise _shared_already(network)
        link, final = _link_and_text(member, locked, network, text)
        if existing is not None:
            before = {"text_length": len(existing.text)}
            existing.text = final
            existing.save(update_fields=["text"])
            audit.record(
                locked.organization,
                member,
                "advocacy.share_text_changed",
                existing,
                before=before,
                after={"text_length": len(final)},
            )
            return existing
        share = Share.objects.create(
            organization=locked.organization,
            item=locked,
            post=locked.post,
            membership=member,
            network=network,
            kind=ShareKind.COPIED,
            text=final,
            link=link,
        )
        audit.record(
            locked.organization, member, "advocacy.shared", share, after=audit.snapshot(share, SHARE_FIELDS)
        )
    return share
