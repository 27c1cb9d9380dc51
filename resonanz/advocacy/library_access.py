"""Access helpers of the share library: items, one's own shares, one's own accounts to share to.

Anything outside the member's organization, and anything the member's roles do not reach, is a 404.
The library shows items that can be shared now: not withdrawn, the post still approved in the offered
revision. Managers also reach withdrawn items (their management list).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.http import Http404

from resonanz.advocacy.models import Share, ShareableItem
from resonanz.content.models import Post, PostStatus
from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount

PAGE_SIZE = 20
MAX_LISTED = 200


def languages_of(member: Membership) -> list[str]:
    """The member's languages: their interface language, then those of their profile."""
    from resonanz.people.models import Profile

    found = [member.user.language]
    profile_languages = Profile.objects.filter(membership=member).values_list("languages", flat=True).first()
    if isinstance(profile_languages, list):
        found += [code for code in profile_languages if isinstance(code, str)]
    return list(dict.fromkeys(found))


def library_queryset(member: Membership) -> QuerySet[ShareableItem]:
    """Items the member may share now, the member's languages first, newest first."""
    require_or_404(member, Capability.SHARE_CONTENT)
    languages = languages_of(member)
    return (
        ShareableItem.objects.filter(
            organization_id=member.organization_id,
            withdrawn_at__isnull=True,
            post__status=PostStatus.APPROVED,
            post__approved_revision=F("revision"),
            post__revision=F("revision"),
        )
        .annotate(
            in_own_language=Case(
                When(language__in=languages, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .select_related("post", "post__campaign")
        .order_by("in_own_language", "-offered_at", "-pk")
    )


def get_item_for(member: Membership, shareable_item_id: Any) -> ShareableItem:
    """An item of the library; a manager also reaches withdrawn ones."""
    queryset = managed_queryset(member) if member.can(Capability.MANAGE_LIBRARY) else library_queryset(member)
    try:
        return queryset.get(pk=shareable_item_id)
    except (ShareableItem.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def managed_queryset(member: Membership) -> QuerySet[ShareableItem]:
    require_or_404(member, Capability.MANAGE_LIBRARY)
    return (
        ShareableItem.objects.filter(organization_id=member.organization_id)
        .select_related("post", "post__campaign")
        .order_by("withdrawn_at", "-offered_at", "-pk")
    )


def own_shares(member: Membership) -> QuerySet[Share]:
    require_or_404(member, Capability.SHARE_CONTENT)
    return (
        Share.objects.filter(organization_id=member.organization_id, membership=member)
        .select_related("item", "post", "link", "delivery")
        .order_by("-created_at", "-pk")
    )


def own_accounts(member: Membership) -> QuerySet[NetworkAccount]:
    """The member's own connected accounts: where a share can be published."""
    return NetworkAccount.objects.filter(
        organization_id=member.organization_id,
        kind=AccountKind.PERSONAL,
        membership=member,
        status=AccountStatus.CONNECTED,
    ).order_by("network", "display_name", "pk")


def get_own_account_for(member: Membership, network_account_id: Any) -> NetworkAccount:
    try:
        return own_accounts(member).get(pk=network_account_id)
    except (NetworkAccount.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_own_share_for(member: Membership, share_id: Any) -> Share:
    try:
        return own_shares(member).get(pk=share_id)
    except (Share.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def get_offerable_post_for(member: Membership, post_id: Any) -> Post:
    """A post of the organization, for the library's managers (who need not read all content otherwise:
    what they offer is approved content meant for everyone)."""
    require_or_404(member, Capability.MANAGE_LIBRARY)
    try:
        return Post.objects.select_related("organization").get(
            organization_id=member.organization_id, pk=post_id
        )
    except (Post.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
