"""The review step before approval: named reviewers review, then the approver approves (four eyes)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import CommentKind, PlanVersion, ReviewState, VersionReview, VersionStatus
from resonanz.plan.tests.factories import (
    english_messages,  # noqa: F401  (a fixture)
    make_plan,
    make_plan_people,
)
from resonanz.plan.tests.test_api import Caller
from resonanz.plan.waiting import versions_waiting_for

pytestmark = pytest.mark.usefixtures("english_messages")


def _people(org: Organization) -> tuple[Membership, Membership, Membership, PlanVersion]:
    """An editor's draft, a colleague who may review it and a quality officer who may approve it."""
    editor, officer = make_plan_people(org)
    colleague = make_member(org, ["communications_manager"])
    _plan, draft, _rows = make_plan(org, editor)
    return editor, colleague, officer, draft


def _state(version: PlanVersion) -> tuple[str, int, int]:
    version.refresh_from_db()
    return version.status, VersionReview.objects.count(), AuditRecord.objects.count()


def test_named_reviewers_review_before_the_approver_approves(org: Organization) -> None:
    editor, colleague, officer, draft = _people(org)

    actions.submit_for_review(editor, draft, reviewers=[colleague])

    assert list(versions_waiting_for(colleague)) == [draft]
    assert list(versions_waiting_for(officer)) == [], "not yet: a review is open"
    before = _state(draft)
    with pytest.raises(ActionRefused, match="reviewer"):
        actions.approve_version(officer, draft)
    assert _state(draft) == before, "nothing stored"

    review = actions.review_version(colleague, draft, "reviewed", "Zielgruppen passen.")

    assert (review.state, review.comment, review.reviewed_at is not None) == (
        "reviewed",
        "Zielgruppen passen.",
        True,
    )
    assert list(versions_waiting_for(colleague)) == []
    assert list(versions_waiting_for(officer)) == [draft]
    approved = actions.approve_version(officer, draft)
    assert approved.status == VersionStatus.APPROVED
    assert AuditRecord.objects.filter(action="plan.version_reviewed").count() == 1
    assert AuditRecord.objects.filter(action="plan.reviewers_named").count() == 1


def test_changes_requested_send_the_version_back_and_the_next_submission_is_reviewed_again(
    org: Organization,
) -> None:
    editor, colleague, officer, draft = _people(org)
    actions.submit_for_review(editor, draft, reviewers=[colleague])

    with pytest.raises(ActionRefused):
        actions.review_version(colleague, draft, "changes_requested", "")  # says nothing
    actions.review_version(colleague, draft, "changes_requested", "Der Kanal fehlt.")

    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert draft.comments.get().kind == CommentKind.REJECTION
    actions.submit_for_review(editor, draft, reviewers=[colleague])
    assert list(versions_waiting_for(colleague)) == [draft]
    actions.review_version(colleague, draft, "reviewed")
    actions.approve_version(officer, draft)
    states = list(VersionReview.objects.order_by("submitted_at").values_list("state", flat=True))
    assert states == [ReviewState.CHANGES_REQUESTED, ReviewState.REVIEWED]


@pytest.mark.parametrize("who", ["author", "contributor", "no capability", "inactive", "twice"])
def test_it_refuses_a_reviewer_who_may_not_review_and_stores_nothing(org: Organization, who: str) -> None:
    editor, colleague, _officer, draft = _people(org)
    if who == "author":
        reviewers = [editor]
    elif who == "contributor":
        actions.update_version_header(colleague, draft, purpose="Mitgeschrieben")
        reviewers = [colleague]
    elif who == "no capability":
        reviewers = [make_member(org, ["ambassador"])]
    elif who == "inactive":
        colleague.is_active = False
        colleague.save()
        reviewers = [colleague]
    else:
        reviewers = [colleague, colleague]
    before = _state(draft)

    with pytest.raises(ActionRefused):
        actions.submit_for_review(editor, draft, reviewers=reviewers)

    assert _state(draft) == before and draft.status == VersionStatus.DRAFT


def test_a_member_of_another_organization_is_not_found(org: Organization, other_org: Organization) -> None:
    editor, _colleague, _officer, draft = _people(org)
    stranger = make_member(other_org, ["communications_manager"])

    with pytest.raises(Http404):
        actions.submit_for_review(editor, draft, reviewers=[stranger])

    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT and not VersionReview.objects.exists()


@pytest.mark.parametrize("case", ["twice", "not named", "draft", "approved", "bad outcome"])
def test_it_refuses_a_review_that_cannot_be_and_stores_nothing(org: Organization, case: str) -> None:
    editor, colleague, officer, draft = _people(org)
    other = make_member(org, ["communications_manager"])
    reviewer = colleague
    outcome = "reviewed"
    if case != "draft":
        actions.submit_for_review(editor, draft, reviewers=[colleague])
    if case == "twice":
        actions.review_version(colleague, draft, "reviewed")
    elif case == "not named":
        reviewer = other
    elif case == "approved":
        actions.review_version(colleague, draft, "reviewed")
        actions.approve_version(officer, draft)
    elif case == "bad outcome":
        outcome = "approved"
    before = _state(draft)

    with pytest.raises(ActionRefused):
        actions.review_version(reviewer, draft, outcome, "Noch einmal")

    assert _state(draft) == before


def test_the_database_keeps_one_review_per_reviewer_per_submission(org: Organization) -> None:
    editor, colleague, _officer, draft = _people(org)
    actions.submit_for_review(editor, draft, reviewers=[colleague])
    draft.refresh_from_db()
    assert draft.submitted_at is not None

    with pytest.raises(IntegrityError), transaction.atomic():
        VersionReview.objects.create(
            version=draft,
            submitted_at=draft.submitted_at,
            reviewer=colleague,
            reviewer_name="noch einmal",
            named_by=editor,
            named_at=timezone.now(),
        )


def test_an_approver_names_more_reviewers_while_the_version_is_in_review(org: Organization) -> None:
    editor, colleague, officer, draft = _people(org)
    actions.submit_for_review(editor, draft)
    assert list(versions_waiting_for(officer)) == [draft]

    actions.name_reviewers(officer, draft, [colleague])

    assert list(versions_waiting_for(officer)) == []
    with pytest.raises(ActionRefused):
        actions.name_reviewers(officer, draft, [colleague])  # named already
    assert VersionReview.objects.count() == 1


def test_the_pages_name_reviewers_record_reviews_and_show_who_reviewed_and_approved(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    editor, colleague, officer, draft = _people(org)
    version_url = reverse("plan:plan_version", args=[org.slug, draft.pk])

    form = client_for(editor).get(version_url).content.decode()
    assert colleague.user.full_name in form and editor.user.full_name not in form.split("submit-title")[1]
    refused = client_for(editor).post(
        reverse("plan:plan_version_submit", args=[org.slug, draft.pk]), {"reviewers": [editor.pk]}
    )
    assert refused.status_code == 400
    submitted = client_for(editor).post(
        reverse("plan:plan_version_submit", args=[org.slug, draft.pk]), {"reviewers": [colleague.pk]}
    )
    assert submitted.status_code == 302
    review_url = reverse("plan:plan_version_review", args=[org.slug, draft.pk])
    assert "Änderungen anfordern" in client_for(colleague).get(version_url).content.decode()
    assert (
        client_for(colleague).post(review_url, {"outcome": "bogus", "review-comment": ""}).status_code == 400
    )
    reviewed = client_for(colleague).post(review_url, {"outcome": "reviewed", "review-comment": "Passt."})
    assert reviewed.status_code == 302
    assert client_for(colleague).post(review_url, {"outcome": "reviewed"}).status_code == 400, "twice"
    actions.approve_version(officer, draft)

    page = client_for(officer).get(version_url).content.decode()
    versions = (
        client_for(officer)
        .get(reverse("plan:plan_versions", args=[org.slug, draft.plan_id]))
        .content.decode()
    )
    for html in (page, versions):
        assert colleague.user.full_name in html and "Passt." in html and officer.user.full_name in html


def test_the_api_names_reviewers_and_records_reviews(org: Organization) -> None:
    editor, colleague, officer, draft = _people(org)
    actions.submit_for_review(editor, draft)

    author_as_reviewer = Caller(editor).send(
        "post", f"/versions/{draft.pk}/reviewers", {"reviewer_ids": [editor.pk]}
    )
    named = Caller(editor).send("post", f"/versions/{draft.pk}/reviewers", {"reviewer_ids": [colleague.pk]})
    review = Caller(colleague).send(
        "post", f"/versions/{draft.pk}/reviews", {"outcome": "reviewed", "comment": "Gut."}
    )
    again = Caller(colleague).send("post", f"/versions/{draft.pk}/reviews", {"outcome": "reviewed"})
    listed = Caller(officer).get(f"/versions/{draft.pk}/reviews")

    assert author_as_reviewer.status_code == 422
    assert author_as_reviewer["Content-Type"].startswith("application/problem+json")
    assert named.status_code == 201, named.content
    assert review.status_code == 201 and review.json()["state"] == "reviewed"
    assert again.status_code == 422
    items = listed.json()["items"]
    assert [(item["reviewer"]["id"], item["state"], item["comment"]) for item in items] == [
        (colleague.pk, "reviewed", "Gut.")
    ]


def test_the_pdf_lists_who_reviewed_and_who_approved(org: Organization) -> None:
    from django.utils.translation import override

    from resonanz.plan.actions.exports import export_version
    from resonanz.plan.tests.test_export import pdf_text

    editor, colleague, officer, draft = _people(org)
    actions.submit_for_review(editor, draft, reviewers=[colleague])
    actions.review_version(colleague, draft, "reviewed", "Zielgruppen vollständig.")
    actions.approve_version(officer, draft)

    with override("de"):
        text = pdf_text(export_version(officer, draft, "pdf").content)

    assert "Geprüft" in text and "Zielgruppen vollständig." in text and colleague.user.full_name in text
    assert officer.user.full_name in text


def test_a_version_sent_back_offers_its_reviewers_again(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    editor, colleague, _officer, draft = _people(org)
    other = make_member(org, ["communications_manager"])
    actions.submit_for_review(editor, draft, reviewers=[colleague])
    actions.review_version(colleague, draft, "changes_requested", "Bitte den Kanal ergänzen.")

    page = client_for(editor).get(reverse("plan:plan_version", args=[org.slug, draft.pk]))

    reviewers = page.context["submit_form"]["reviewers"]
    assert reviewers.value() == [colleague.pk] and other.pk in [choice.data["value"] for choice in reviewers]
