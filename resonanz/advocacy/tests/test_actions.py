"""The share library's actions: offering, withdrawing, sharing to one's own account and copying."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings
from django.utils import translation

from resonanz.advocacy import actions
from resonanz.advocacy.models import Share, ShareableItem, ShareKind, SuggestedText
from resonanz.advocacy.share_texts import TextRefused
from resonanz.advocacy.tests.conftest import LINK, TEXT, approved
from resonanz.content.actions.guidelines import add_guideline_rule
from resonanz.content.actions.posts import update_post
from resonanz.content.models import Post, PostNetwork, PostStatus, RuleKind, Severity
from resonanz.content.tests.factories import make_post
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.links.models import TrackedLink
from resonanz.publishing.models import AccountKind, Delivery, DeliveryStatus, NetworkAccount
from resonanz.publishing.tests.factories import make_account

# ---------------------------------------------------------------- offering and withdrawing


def test_offering_copies_the_approved_texts(manager: Membership, post: Post) -> None:
    item = actions.offer_for_sharing(manager, post, note="Gern teilen")

    texts = dict(SuggestedText.objects.filter(item=item).values_list("network", "text"))
    assert texts == {"bluesky": TEXT, "linkedin": TEXT, "mastodon": TEXT}
    assert item.revision == post.revision and item.language == post.language
    assert item.offered_by_name == "Mara Manager"
    assert AuditRecord.objects.filter(action="advocacy.item_offered").count() == 1


def test_the_library_keeps_the_approved_text_when_the_post_changes_later(
    manager: Membership, item: ShareableItem, post: Post
) -> None:
    update_post(manager, post, "Studie 2026", {"bluesky": "Ganz anderer Text"})

    assert SuggestedText.objects.get(item=item, network="bluesky").text == TEXT


def test_it_rejects_an_unapproved_post_with_a_german_reason(manager: Membership) -> None:
    draft = make_post(manager, status=PostStatus.IN_REVIEW)
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.offer_for_sharing(manager, draft)

    assert refused.value.messages == ["Nur ein freigegebener Beitrag kann zum Teilen angeboten werden."]
    assert not ShareableItem.objects.exists()


def test_a_post_is_in_the_library_at_most_once(manager: Membership, item: ShareableItem, post: Post) -> None:
    with pytest.raises(ActionRefused):
        actions.offer_for_sharing(manager, post)
    actions.withdraw_from_library(manager, item)

    again = actions.offer_for_sharing(manager, post)  # after withdrawal it may be offered anew

    assert again.pk != item.pk
    assert ShareableItem.objects.filter(post=post, withdrawn_at__isnull=True).count() == 1


@pytest.mark.parametrize("role", ["ambassador", "buddy", "quality_officer", "auditor", "works_council"])
def test_only_the_library_managers_offer(org: Organization, post: Post, role: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.offer_for_sharing(make_member(org, [role]), post)


def test_an_admin_offers_too(org: Organization, post: Post) -> None:
    assert actions.offer_for_sharing(make_member(org, ["admin"]), post).pk


def test_another_organization_s_post_or_item_is_not_found(
    post: Post, item: ShareableItem, other_org: Organization
) -> None:
    outsider = make_member(other_org, ["communications_manager"])
    with pytest.raises(Http404):
        actions.offer_for_sharing(outsider, post)
    with pytest.raises(Http404):
        actions.withdraw_from_library(outsider, item)
    with pytest.raises(Http404):
        actions.copy_for_sharing(make_member(other_org, ["ambassador"]), item, "bluesky")


def test_foreign_topics_are_not_found(manager: Membership, post: Post, other_org: Organization) -> None:
    from resonanz.plan.models import Topic

    topic = Topic.objects.create(organization=other_org, name="Fremd")
    with pytest.raises(Http404):
        actions.offer_for_sharing(manager, post, [topic])


# ---------------------------------------------------------------- sharing


def test_copying_makes_a_personal_tracked_link_in_the_text(
    ambassador: Membership, item: ShareableItem, post: Post
) -> None:
    share = actions.copy_for_sharing(ambassador, item, "linkedin", "")

    link = share.link
    assert link is not None
    assert (link.membership_id, link.post_id, link.network) == (ambassador.pk, post.pk, "linkedin")
    assert (link.utm_source, link.utm_medium, link.target_url) == ("linkedin", "employee_advocacy", LINK)
    assert share.text == f"Unsere neue Studie ist da: http://127.0.0.1:8000/r/{link.code}"
    assert LINK not in share.text
    assert share.kind == ShareKind.COPIED and share.delivery is None
    assert AuditRecord.objects.filter(action="advocacy.shared").count() == 1


@override_settings(SHORT_URL="https://rz.example")
def test_the_short_address_is_appended_when_the_text_lacks_the_link(
    ambassador: Membership, item: ShareableItem
) -> None:
    share = actions.copy_for_sharing(ambassador, item, "linkedin", "Lesenswert, finde ich!")

    assert share.link is not None
    assert share.text == f"Lesenswert, finde ich!\n\nhttps://rz.example/r/{share.link.code}"


def test_a_post_without_link_is_shared_without_a_tracked_link(
    manager: Membership, approver: Membership, ambassador: Membership
) -> None:
    post = approved(manager, approver, text="Schöne Feiertage!", link="")
    item = actions.offer_for_sharing(manager, post)

    share = actions.copy_for_sharing(ambassador, item, "bluesky", "")

    assert share.link is None and share.text == "Schöne Feiertage!"
    assert not TrackedLink.objects.exists()


def test_copying_again_keeps_the_share_and_its_link_and_takes_the_new_text(
    ambassador: Membership, item: ShareableItem
) -> None:
    first = actions.copy_for_sharing(ambassador, item, "linkedin", "")
    second = actions.copy_for_sharing(ambassador, item, "linkedin", "Meine Worte")

    assert second.pk == first.pk and second.link_id == first.link_id
    assert second.text.startswith("Meine Worte")
    assert Share.objects.count() == 1 and TrackedLink.objects.count() == 1


def test_each_network_gets_its_own_link(ambassador: Membership, item: ShareableItem) -> None:
    one = actions.copy_for_sharing(ambassador, item, "linkedin", "")
    two = actions.copy_for_sharing(ambassador, item, "bluesky", "")

    assert one.link_id != two.link_id


def test_a_network_the_item_does_not_offer_is_refused(ambassador: Membership, item: ShareableItem) -> None:
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.copy_for_sharing(ambassador, item, "x", "")
    assert refused.value.messages == ["Dieser Beitrag wird nicht für X angeboten."]
    with pytest.raises(ActionRefused):
        actions.copy_for_sharing(ambassador, item, "myspace", "")


def test_a_personalised_text_that_breaks_a_guideline_rule_is_refused(
    manager: Membership, ambassador: Membership, item: ShareableItem
) -> None:
    add_guideline_rule(manager, RuleKind.FORBIDDEN_WORD, "unschlagbar", Severity.BLOCK)

    with translation.override("de"), pytest.raises(TextRefused) as refused:
        actions.copy_for_sharing(ambassador, item, "linkedin", "Unschlagbar gut, diese Studie")

    message = refused.value.messages[0]
    assert message == "Der Text kann so nicht geteilt werden: Die Leitlinie verbietet das Wort „unschlagbar“."
    assert not Share.objects.exists()


def test_the_employee_disclosure_rule_applies_to_every_share(
    manager: Membership, ambassador: Membership, item: ShareableItem
) -> None:
    add_guideline_rule(manager, RuleKind.REQUIRED_DISCLOSURE, "#mitarbeiterin", Severity.BLOCK)

    with pytest.raises(TextRefused) as refused:
        actions.copy_for_sharing(ambassador, item, "linkedin", "Lesenswert!")
    assert [result["code"] for result in refused.value.results] == ["missing_disclosure"]

    share = actions.copy_for_sharing(ambassador, item, "linkedin", "Lesenswert! #mitarbeiterin")
    assert "#mitarbeiterin" in share.text


def test_a_warning_does_not_block(manager: Membership, ambassador: Membership, item: ShareableItem) -> None:
    add_guideline_rule(manager, RuleKind.FORBIDDEN_WORD, "super", Severity.WARN)

    assert actions.copy_for_sharing(ambassador, item, "linkedin", "Super Studie").pk


def test_a_text_too_long_for_the_network_is_refused(ambassador: Membership, item: ShareableItem) -> None:
    with pytest.raises(TextRefused) as refused:
        actions.copy_for_sharing(ambassador, item, "bluesky", "Lang " * 80)
    assert refused.value.results[0]["code"] == "too_long"


def test_an_absurdly_long_text_is_refused_before_any_check(
    ambassador: Membership, item: ShareableItem
) -> None:
    with pytest.raises(ActionRefused) as refused:
        actions.copy_for_sharing(ambassador, item, "linkedin", "x" * 20_000)
    assert refused.value.code == "too_long"


def test_sharing_to_the_own_account_schedules_one_delivery_with_the_personal_text(
    ambassador: Membership, item: ShareableItem, own_account: NetworkAccount, post: Post
) -> None:
    share = actions.share_to_account(ambassador, item, own_account, f"Meine Empfehlung: {LINK}")

    delivery = Delivery.objects.get()
    assert share.delivery_id == delivery.pk and share.kind == ShareKind.ACCOUNT
    assert share.link is not None
    assert delivery.text == share.text == f"Meine Empfehlung: http://127.0.0.1:8000/r/{share.link.code}"
    assert (delivery.account_id, delivery.revision, delivery.status) == (
        own_account.pk,
        post.revision,
        DeliveryStatus.SCHEDULED,
    )
    assert delivery.scheduled_by_id == ambassador.pk
    assert AuditRecord.objects.filter(action="publishing.share_scheduled").count() == 1


def test_a_share_keeps_the_follower_count_the_account_had_when_shared(
    ambassador: Membership, item: ShareableItem, own_account: NetworkAccount
) -> None:
    NetworkAccount.objects.filter(pk=own_account.pk).update(followers_count=1234)

    share = actions.share_to_account(ambassador, item, own_account, "")
    NetworkAccount.objects.filter(pk=own_account.pk).update(followers_count=99)

    share.refresh_from_db()
    assert share.followers == 1234


def test_sharing_twice_to_the_same_network_is_refused(
    ambassador: Membership, item: ShareableItem, own_account: NetworkAccount
) -> None:
    actions.share_to_account(ambassador, item, own_account, "")
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.share_to_account(ambassador, item, own_account, "Nochmal")
    assert refused.value.messages == ["Sie haben diesen Beitrag bereits auf Mastodon geteilt."]
    with pytest.raises(ActionRefused):
        actions.copy_for_sharing(ambassador, item, "mastodon", "")
    assert Delivery.objects.count() == 1 and Share.objects.count() == 1


def test_a_second_item_of_the_same_post_does_not_publish_twice_to_the_account(
    manager: Membership, ambassador: Membership, item: ShareableItem, own_account: NetworkAccount, post: Post
) -> None:
    actions.share_to_account(ambassador, item, own_account, "")
    Delivery.objects.update(status=DeliveryStatus.PUBLISHED, remote_id="x")
    actions.withdraw_from_library(manager, item)
    again = actions.offer_for_sharing(manager, post)

    with pytest.raises(ActionRefused) as refused:
        actions.share_to_account(ambassador, again, own_account, "")
    assert refused.value.code == "scheduled_already"
    assert Delivery.objects.count() == 1


def test_only_the_own_account_can_be_shared_to(
    org: Organization, ambassador: Membership, item: ShareableItem, manager: Membership
) -> None:
    colleague = make_member(org, ["ambassador"])
    theirs = make_account(colleague, PostNetwork.MASTODON, identifier="kollege", personal=True)
    company = make_account(manager, PostNetwork.MASTODON, identifier="firma")

    for account in (theirs, company):
        with pytest.raises(ActionRefused):
            actions.share_to_account(ambassador, item, account, "")
    assert company.kind == AccountKind.COMPANY
    assert not Delivery.objects.exists() and not Share.objects.exists()


def test_sharing_a_withdrawn_item_is_refused(
    manager: Membership, ambassador: Membership, item: ShareableItem
) -> None:
    actions.withdraw_from_library(manager, item)
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.copy_for_sharing(ambassador, item, "linkedin", "")
    assert refused.value.messages == ["Dieser Beitrag wurde aus der Auswahl zum Teilen zurückgezogen."]


def test_a_post_edited_after_offering_cannot_be_shared(
    manager: Membership, ambassador: Membership, item: ShareableItem, post: Post
) -> None:
    update_post(manager, post, "Studie 2026", {"bluesky": "Neu"})
    with pytest.raises(ActionRefused) as refused:
        actions.copy_for_sharing(ambassador, item, "bluesky", "")
    assert refused.value.code == "not_approved"


def test_withdrawing_calls_off_deliveries_not_yet_sent(
    manager: Membership, ambassador: Membership, item: ShareableItem, own_account: NetworkAccount
) -> None:
    share = actions.share_to_account(ambassador, item, own_account, "")

    withdrawn = actions.withdraw_from_library(manager, item)

    assert withdrawn.withdrawn_at is not None
    assert Delivery.objects.get(share=share).status == DeliveryStatus.CANCELLED
    assert AuditRecord.objects.filter(action="advocacy.item_withdrawn").count() == 1


def test_withdrawing_leaves_a_published_share_alone_and_is_idempotent(
    manager: Membership, ambassador: Membership, item: ShareableItem, own_account: NetworkAccount
) -> None:
    share = actions.share_to_account(ambassador, item, own_account, "")
    Delivery.objects.filter(share=share).update(status=DeliveryStatus.PUBLISHED, remote_id="123")

    actions.withdraw_from_library(manager, item)
    actions.withdraw_from_library(manager, item)

    assert Delivery.objects.get(share=share).status == DeliveryStatus.PUBLISHED
    assert AuditRecord.objects.filter(action="advocacy.item_withdrawn").count() == 1


@pytest.mark.parametrize("role", ["data_protection_officer", "auditor", "works_council"])
def test_roles_without_the_library_cannot_share(org: Organization, item: ShareableItem, role: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.copy_for_sharing(make_member(org, [role]), item, "linkedin", "")
