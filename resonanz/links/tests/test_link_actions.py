"""Creating and expiring tracked links: who may, which targets are accepted, what the audit trail says."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from resonanz.content.models import Campaign
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.links import actions
from resonanz.links.models import TrackedLink


def test_a_link_gets_a_random_url_safe_code_and_is_audited(manager: Membership, campaign: Campaign) -> None:
    links = [
        actions.create_link(manager, target_url="https://example.org/", campaign=campaign) for _ in range(20)
    ]

    codes = {link.code for link in links}
    assert len(codes) == 20
    assert all(len(code) == 8 and code.replace("-", "").replace("_", "").isalnum() for code in codes)
    assert AuditRecord.objects.filter(action="links.link_created").count() == 20


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "ftp://example.org/file",
        "//example.org/",
        "example.org",
        "https://",
        "https://exa mple.org/",
        "https://example.org/\nx",
        "https://example.org:99999999/",
        "https://example.org/" + "a" * 2000,
        "",
    ],
)
def test_only_http_addresses_of_bounded_length_are_targets(manager: Membership, target: str) -> None:
    with pytest.raises(ActionRefused):
        actions.create_link(manager, target_url=target)
    assert not TrackedLink.objects.exists()


def test_an_international_address_is_stored_percent_encoded(manager: Membership) -> None:
    link = actions.create_link(manager, target_url="https://example.org/München?ort=Köln")

    assert link.target_url == "https://example.org/M%C3%BCnchen?ort=K%C3%B6ln"


def test_a_campaign_and_a_utm_campaign_together_are_refused(manager: Membership, campaign: Campaign) -> None:
    with pytest.raises(ActionRefused):
        actions.create_link(manager, target_url="https://example.org/", campaign=campaign, utm_campaign="x")


def test_an_ambassador_may_not_make_links_yet(org: Organization) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_link(make_member(org, ["ambassador"]), target_url="https://example.org/")


def test_another_organization_s_link_cannot_be_expired(link: TrackedLink, other_org: Organization) -> None:
    with pytest.raises(Http404):
        actions.expire_link(make_member(other_org, ["communications_manager"]), link)
    link.refresh_from_db()
    assert link.expires_at is None


def test_expiring_twice_records_once(manager: Membership, link: TrackedLink) -> None:
    actions.expire_link(manager, link)
    actions.expire_link(manager, link)

    assert AuditRecord.objects.filter(action="links.link_expired").count() == 1


def test_an_ambassador_s_share_link_is_made_once_per_post_and_network(org: Organization) -> None:
    from resonanz.content.tests.factories import make_post

    manager = make_member(org, ["communications_manager"])
    ambassador = make_member(org, ["ambassador"])
    post = make_post(manager, link_url="https://example.org/jobs")

    first = actions.create_share_link(ambassador, post=post, network="linkedin")
    again = actions.create_share_link(ambassador, post=post, network="linkedin")
    other = actions.create_share_link(ambassador, post=post, network="bluesky")

    assert first.pk == again.pk != other.pk
    assert (first.membership_id, first.post_id, first.target_url) == (ambassador.pk, post.pk, post.link_url)
    assert (first.utm_source, first.utm_medium) == ("linkedin", actions.SHARE_MEDIUM)
    assert AuditRecord.objects.filter(action="links.link_created").count() == 2


def test_a_share_link_needs_a_post_with_a_link_and_the_right_to_share(org: Organization) -> None:
    from resonanz.content.tests.factories import make_post

    post = make_post(make_member(org, ["communications_manager"]))
    with pytest.raises(ActionRefused):
        actions.create_share_link(make_member(org, ["ambassador"]), post=post, network="linkedin")
    with pytest.raises(PermissionDenied):
        actions.create_share_link(make_member(org, ["works_council"]), post=post, network="linkedin")
