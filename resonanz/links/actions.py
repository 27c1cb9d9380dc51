"""State changes of tracked links: named actions (``core.guards``) that write the audit trail.

Links are made by those who schedule and manage content (``Capability.SCHEDULE_POSTS``); ambassadors
get their own personal link per post and network when they share from the library (``create_share_link``,
``Capability.SHARE_CONTENT``).
"""

from __future__ import annotations

import datetime as dt
import secrets
import string

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import Campaign, Post
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text
from resonanz.links.models import TARGET_MAX_LENGTH, UTM_MAX_LENGTH, TrackedLink

FIELDS = (
    "code",
    "target_url",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_content",
    "campaign",
    "post",
    "membership",
    "network",
    "expires_at",
)
# Within the model's 7..10 characters; 64^8 codes: guessing one that exists is hopeless.
CODE_LENGTH = 8
_CODE_ALPHABET = string.ascii_letters + string.digits + "-_"
_CODE_ATTEMPTS = 5
# The utm_medium of the links ambassadors share from the library.
SHARE_MEDIUM = "employee_advocacy"


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _clean_target(value: str) -> str:
    """An absolute http(s) address as ASCII (an IRI is percent-encoded); refused otherwise."""
    from urllib.parse import urlsplit

    text = clean_text(value)
    if not text:
        raise ActionRefused(_("Enter the address the link leads to."), field="target_url")
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in text):
        raise ActionRefused(_("An address cannot contain spaces or control characters."), field="target_url")
    uri = iri_to_uri(text)
    if len(uri) > TARGET_MAX_LENGTH:
        raise ActionRefused(
            _("Use at most %(count)s characters."), params={"count": TARGET_MAX_LENGTH}, field="target_url"
        )
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018  (raises for a port that is not a number)
    except ValueError:
        raise ActionRefused(_("Enter a valid web address."), field="target_url") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ActionRefused(_("Enter a web address starting with http:// or https://."), field="target_url")
    return parts._replace(scheme=parts.scheme.lower()).geturl()


def _clean_utm(name: str, value: str) -> str:
    text = clean_text(value)
    if len(text) > UTM_MAX_LENGTH:
        raise ActionRefused(
            _("Use at most %(count)s characters."), params={"count": UTM_MAX_LENGTH}, field=name
        )
    return text


@action(Capability.SCHEDULE_POSTS)
def create_link(
    member: Membership,
    *,
    target_url: str,
    utm_source: str = "",
    utm_medium: str = "",
    utm_campaign: str = "",
    utm_content: str = "",
    campaign: Campaign | None = None,
    post: Post | None = None,
    membership: Membership | None = None,
    network: str = "",
    expires_at: dt.datetime | None = None,
) -> TrackedLink:
    """A tracked link with a new random code; a campaign's name becomes its utm_campaign."""
    values = {
        "target_url": _clean_target(target_url),
        "utm_source": _clean_utm("utm_source", utm_source),
        "utm_medium": _clean_utm("utm_medium", utm_medium),
        "utm_campaign": _clean_utm("utm_campaign", utm_campaign),
        "utm_content": _clean_utm("utm_content", utm_content),
        "network": _clean_utm("network", network)[:40],
    }
    if campaign is not None and values["utm_campaign"]:
        raise ActionRefused(_("Give either a campaign or a utm_campaign, not both."), field="utm_campaign")
    if expires_at is not None and timezone.is_naive(expires_at):
        raise ActionRefused(_("Enter a valid date and time."), field="expires_at")
    return _new_link(
        member, values, campaign=campaign, post=post, membership=membership, expires_at=expires_at
    )


def _new_link(
    member: Membership,
    values: dict[str, str],
    *,
    campaign: Campaign | None,
    post: Post | None,
    membership: Membership | None,
    expires_at: dt.datetime | None,
) -> TrackedLink:
    """Store a link with a new random code (another draw when the code exists), with its audit record."""
    for _attempt in range(_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                link = TrackedLink.objects.create(
                    organization_id=member.organization_id,
                    code=_new_code(),
                    campaign=campaign,
                    post=post,
                    membership=membership,
                    expires_at=expires_at,
                    **values,
                )
                audit.record(
                    member.organization,
                    member,
                    "links.link_created",
                    link,
                    after=audit.snapshot(link, FIELDS),
                )
            return link
        except IntegrityError:  # the random code exists already: draw another
            continue
    raise ActionRefused(_("No free link code was found. Please try again."))


@action(Capability.SHARE_CONTENT)
def create_share_link(member: Membership, *, post: Post, network: str) -> TrackedLink:
    """The member's own tracked link to the post's link for one network (content × ambassador × network).

    A link made for the same post, member and network before is reused while it has not expired, so a
    second share counts its clicks on the same link. The target is the post's link, the campaign the
    post's; ``utm_source`` names the network and ``utm_medium`` is ``SHARE_MEDIUM``. Callers that may race
    (the share library) hold a lock on what is shared.
    """
    if not post.link_url:
        raise ActionRefused(_("The post has no link to track."), code="no_link")
    network = _clean_utm("network", network)[:40]
    if not network:
        raise ActionRefused(_("Choose a network."), field="network")
    now = timezone.now()
    existing = (
        TrackedLink.objects.filter(
            organization_id=member.organization_id,
            post=post,
            membership=member,
            network=network,
            utm_medium=SHARE_MEDIUM,
        )
        .exclude(expires_at__lte=now)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    values = {
        "target_url": _clean_target(post.link_url),
        "utm_source": network,
        "utm_medium": SHARE_MEDIUM,
        "utm_campaign": "",
        "utm_content": "",
        "network": network,
    }
    return _new_link(member, values, campaign=post.campaign, post=post, membership=member, expires_at=None)


@action(Capability.SCHEDULE_POSTS)
def expire_link(member: Membership, link: TrackedLink, *, at: dt.datetime | None = None) -> TrackedLink:
    """Let the link answer “not found” from ``at`` (default: now) on; the redirect learns it within
    its cache's lifetime (``links.hot.CACHE_SECONDS``)."""
    moment = at or timezone.now()
    with transaction.atomic():
        locked = TrackedLink.objects.select_for_update().get(pk=link.pk)
        before = audit.snapshot(locked, ("expires_at",))
        if locked.expires_at is not None and locked.expires_at <= moment:
            return locked
        locked.expires_at = moment
        locked.save(update_fields=["expires_at"])
        audit.record(
            member.organization,
            member,
            "links.link_expired",
            locked,
            before=before,
            after=audit.snapshot(locked, ("expires_at",)),
        )
    return locked
