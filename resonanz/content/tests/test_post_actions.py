"""Writing posts: created as drafts, every change a new revision (withdrawing an approval), submitted
with a check run, archived; odd input refused with the field it concerns."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from resonanz.content.actions import approval, posts
from resonanz.content.actions.campaigns import create_campaign, set_campaign_active
from resonanz.content.models import ApprovalDecision, Post, PostCheckRun, PostStatus
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def writer(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Anna Autorin")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität", language="de")


def _texts(post: Post) -> dict[str, str]:
    return {variant.network: variant.text for variant in post.variants.all()}


def test_it_creates_a_draft_with_one_variant_per_network(writer: Membership) -> None:
    post = posts.create_post(
        writer,
        " Sommerfest ",
        {"bluesky": " Kommt vorbei! ", "x": "", "linkedin": "Wir feiern."},
        hashtags="#sommer fest",
        mentions=["@jana@social.example"],
        link_url="https://example.org/fest",
    )

    assert (post.title, post.status, post.revision, post.author_name) == (
        "Sommerfest",
        "draft",
        1,
        "Anna Autorin",
    )
    assert _texts(post) == {"bluesky": "Kommt vorbei!", "linkedin": "Wir feiern."}
    assert post.hashtags == ["sommer", "fest"]
    assert AuditRecord.objects.filter(action="content.post_created").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"variants": {}}, "variants"),
        ({"variants": {"bluesky": "  "}}, "variants"),
        ({"variants": {"myspace": "hi"}}, "variants"),
        ({"variants": "hi"}, "variants"),
        ({"variants": {"bluesky": "a" * 10_001}}, "text_bluesky"),
        ({"language": "fr"}, "language"),
        ({"link_url": "javascript:alert(1)"}, "link_url"),
        ({"hashtags": ["ok", "no tag!"]}, "hashtags"),
        ({"hashtags": ["t"] * 31}, "hashtags"),
        ({"is_employee_post": "yes"}, "is_employee_post"),
        ({"campaign": 3}, "campaign"),
    ],
)
def test_it_refuses_odd_input_naming_the_field(
    writer: Membership, fields: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {"title": "Titel", "variants": {"bluesky": "Text"}} | fields

    with pytest.raises(ActionRefused) as refused:
        posts.create_post(writer, **values)

    assert refused.value.field == field
    assert not Post.objects.exists()


def test_a_switched_off_campaign_cannot_be_chosen(writer: Membership) -> None:
    campaign = create_campaign(writer, "Alt")
    set_campaign_active(writer, campaign, False)

    with pytest.raises(ActionRefused) as refused:
        posts.create_post(writer, "Titel", {"bluesky": "Text"}, campaign=campaign)

    assert refused.value.field == "campaign"


def test_an_unchanged_edit_makes_no_revision(writer: Membership) -> None:
    post = posts.create_post(writer, "Titel", {"bluesky": "Text"})

    posts.update_post(writer, post, "Titel", {"bluesky": "Text"})

    assert Post.objects.get(pk=post.pk).revision == 1
    assert not AuditRecord.objects.filter(action="content.post_changed").exists()


def test_an_edit_changes_variants_and_raises_the_revision(writer: Membership) -> None:
    post = posts.create_post(writer, "Titel", {"bluesky": "Text", "x": "Kurz"})

    posts.update_post(writer, post, "Titel", {"bluesky": "Neuer Text", "mastodon": "Tröt"})

    post.refresh_from_db()
    assert post.revision == 2
    assert _texts(post) == {"bluesky": "Neuer Text", "mastodon": "Tröt"}
    record = AuditRecord.objects.get(action="content.post_changed")
    assert isinstance(record.after, dict) and record.after["revision"] == 2


def test_submitting_checks_the_post_and_puts_it_in_review(writer: Membership) -> None:
    post = posts.create_post(writer, "Titel", {"x": "a" * 300})

    run = posts.submit_for_approval(writer, post)

    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW
    assert (run.revision, run.blocking) == (1, 1)
    with pytest.raises(ActionRefused):
        posts.submit_for_approval(writer, post)


def test_an_edit_after_approval_withdraws_it_and_approval_then_refuses(
    writer: Membership, approver: Membership
) -> None:
    post = posts.create_post(writer, "Titel", {"bluesky": "Guten Morgen."})
    posts.submit_for_approval(writer, post)
    approval.approve_post(approver, post)
    assert Post.objects.get(pk=post.pk).status == PostStatus.APPROVED

    posts.update_post(writer, post, "Titel", {"bluesky": "Guten Abend."})

    post.refresh_from_db()
    assert (post.status, post.revision, post.approved_revision) == (PostStatus.DRAFT, 2, 1)
    assert ApprovalDecision.objects.get(post=post).withdrawn_at is not None
    assert AuditRecord.objects.filter(action="content.approval_withdrawn").count() == 1
    # The approval page refuses: the post is no longer in review (and revision 2 is unchecked).
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(approver.user)
    url = f"/o/{approver.organization.slug}/content/approval/posts/{post.pk}/decide/"
    client.post(url, {"decision": "approve", "comment": ""})
    assert Post.objects.get(pk=post.pk).status == PostStatus.DRAFT
    assert ApprovalDecision.objects.filter(post=post, revision=2).count() == 0
    # Submitted again, the new revision is checked and can be approved anew.
    posts.submit_for_approval(writer, post)
    assert PostCheckRun.objects.filter(post=post).count() == 2
    approval.approve_post(approver, post)
    assert Post.objects.get(pk=post.pk).approved_revision == 2


def test_an_ambassador_edits_only_their_own_posts(writer: Membership, org: Organization) -> None:
    ambassador = make_member(org, ["ambassador"])
    post = posts.create_post(writer, "Titel", {"bluesky": "Text"})
    own = posts.create_post(ambassador, "Meiner", {"bluesky": "Text"})

    with pytest.raises(ActionRefused):
        posts.update_post(ambassador, post, "Titel", {"bluesky": "Anders"})
    posts.update_post(ambassador, own, "Meiner", {"bluesky": "Anders"})
    assert Post.objects.get(pk=own.pk).revision == 2


def test_an_archived_post_cannot_be_changed_or_submitted(writer: Membership) -> None:
    post = posts.create_post(writer, "Titel", {"bluesky": "Text"})

    posts.archive_post(writer, post)

    assert Post.objects.get(pk=post.pk).status == PostStatus.ARCHIVED
    with pytest.raises(ActionRefused):
        posts.update_post(writer, post, "Titel", {"bluesky": "Anders"})
    with pytest.raises(ActionRefused):
        posts.submit_for_approval(writer, post)


def test_readers_without_writing_rights_may_not_write(org: Organization) -> None:
    auditor = make_member(org, ["auditor"])

    with pytest.raises(PermissionDenied):
        posts.create_post(auditor, "Titel", {"bluesky": "Text"})
