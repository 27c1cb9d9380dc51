"""Approving, requesting changes, rejecting and commenting: four eyes, counted approvals, evidence."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation

from resonanz.content.actions import approval as actions
from resonanz.content.approval import approval_count, may_decide, policy_for, standing_approvals
from resonanz.content.models import ApprovalDecision, Decision, Post, PostComment, PostStatus
from resonanz.content.revisions import new_revision
from resonanz.content.tests.factories import check, make_post
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.models import Channel
from resonanz.plan.tests.factories import make_plan


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def author(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Anna Autorin")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität")


@pytest.fixture
def second_approver(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Clara Kommunikation")


@pytest.fixture
def post(author: Membership) -> Post:
    return make_post(author)


def _two_approvers_required(manager: Membership) -> None:
    actions.set_approval_policy(manager, None, 2, 48)


def _after(record: AuditRecord) -> dict[str, Any]:
    assert isinstance(record.after, dict)
    return record.after


def _before(record: AuditRecord) -> dict[str, Any]:
    assert isinstance(record.before, dict)
    return record.before


def _refreshed(post: Post) -> Post:
    return Post.objects.get(pk=post.pk)


# ---------------------------------------------------------------- approving


def test_one_approval_approves_the_current_revision(post: Post, approver: Membership) -> None:
    actions.approve_post(approver, post)

    post = _refreshed(post)
    assert post.status == PostStatus.APPROVED
    assert post.approved_revision == post.revision == 1
    assert post.is_approved


def test_the_author_never_approves_their_own_post(post: Post, author: Membership) -> None:
    with pytest.raises(ActionRefused) as refused:
        actions.approve_post(author, post)

    assert refused.value.code == "own_post"
    assert "someone else must decide" in refused.value.messages[0]
    assert _refreshed(post).status == PostStatus.IN_REVIEW
    assert not ApprovalDecision.objects.exists()
    assert not may_decide(author, post)


def test_the_author_is_refused_in_german_too(post: Post, author: Membership) -> None:
    with translation.override("de"):
        with pytest.raises(ActionRefused) as refused:
            actions.approve_post(author, post)
        assert "Beitrag" in refused.value.messages[0]


def test_the_author_may_not_request_changes_or_reject_either(post: Post, author: Membership) -> None:
    for decide in (actions.request_changes, actions.reject_post):
        with pytest.raises(ActionRefused):
            decide(author, post, "Passt so nicht.")
    assert _refreshed(post).status == PostStatus.IN_REVIEW


def test_with_two_approvers_required_one_is_not_enough(
    post: Post, approver: Membership, second_approver: Membership
) -> None:
    _two_approvers_required(approver)

    actions.approve_post(approver, post)
    assert _refreshed(post).status == PostStatus.IN_REVIEW
    assert approval_count(post) == 1

    actions.approve_post(second_approver, post)
    post = _refreshed(post)
    assert post.status == PostStatus.APPROVED
    assert post.approved_revision == post.revision


def test_the_same_person_approving_twice_counts_once(post: Post, approver: Membership) -> None:
    _two_approvers_required(approver)
    actions.approve_post(approver, post)

    with pytest.raises(ActionRefused) as refused:
        actions.approve_post(approver, post)

    assert refused.value.code == "approved_already"
    assert approval_count(post) == 1
    assert _refreshed(post).status == PostStatus.IN_REVIEW


def test_the_database_refuses_a_second_standing_approval_of_the_same_person(
    post: Post, approver: Membership
) -> None:
    _two_approvers_required(approver)
    first = actions.approve_post(approver, post)

    with pytest.raises(IntegrityError), transaction.atomic():
        ApprovalDecision.objects.create(
            post=post,
            revision=first.revision,
            member=approver,
            member_name="x",
            decision=Decision.APPROVED,
            decided_at=timezone.now(),
        )


def test_an_ambassador_cannot_approve(post: Post, org: Organization) -> None:
    ambassador = make_member(org, ["ambassador"])

    with pytest.raises(PermissionDenied):
        actions.approve_post(ambassador, post)
    assert not may_decide(ambassador, post)


def test_a_member_of_another_organization_gets_a_404(post: Post, other_org: Organization) -> None:
    stranger = make_member(other_org, ["quality_officer"])

    with pytest.raises(Http404):
        actions.approve_post(stranger, post)


def test_blocking_findings_refuse_approval(author: Membership, approver: Membership) -> None:
    post = make_post(author, blocking=2)

    with pytest.raises(ActionRefused) as refused:
        actions.approve_post(approver, post)

    assert refused.value.code == "blocking_findings"
    assert _refreshed(post).status == PostStatus.IN_REVIEW
    assert not ApprovalDecision.objects.exists()


def test_a_revision_without_a_check_run_is_not_approved(author: Membership, approver: Membership) -> None:
    post = make_post(author, checked=False)

    with pytest.raises(ActionRefused) as refused:
        actions.approve_post(approver, post)

    assert refused.value.code == "unchecked"


def test_a_check_run_of_an_older_revision_does_not_count(author: Membership, approver: Membership) -> None:
    post = make_post(author)
    Post.objects.filter(pk=post.pk).update(revision=2)

    with pytest.raises(ActionRefused) as refused:
        actions.approve_post(approver, _refreshed(post))

    assert refused.value.code == "unchecked"


def test_a_post_not_in_review_is_not_decided_on(author: Membership, approver: Membership) -> None:
    draft = make_post(author, status=PostStatus.DRAFT)

    with pytest.raises(ActionRefused) as refused:
        actions.approve_post(approver, draft)

    assert refused.value.code == "not_in_review"


def test_the_approvals_audit_record_is_release_evidence(post: Post, approver: Membership) -> None:
    run = post.check_runs.get()

    actions.approve_post(approver, post, comment="Gut so.")

    record = AuditRecord.objects.get(action="content.post_approved")
    assert _after(record)["check_run"] == run.pk
    assert _after(record)["revision"] == 1
    assert _after(record)["approved_revision"] == 1
    assert record.before == {"status": PostStatus.IN_REVIEW, "approved_revision": None}
    assert record.actor_id == approver.user_id


def test_a_first_of_two_approvals_is_recorded_as_given(
    post: Post, approver: Membership, second_approver: Membership
) -> None:
    _two_approvers_required(approver)
    actions.approve_post(approver, post)

    record = AuditRecord.objects.get(action="content.approval_given")
    assert _after(record)["approvals"] == 1
    assert _after(record)["approvals_required"] == 2


# ---------------------------------------------------------------- edits withdraw approvals


def _edit(post: Post, actor: Membership) -> bool:
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        return new_revision(locked, actor, ["text"])


def test_an_edit_after_approval_withdraws_it(post: Post, author: Membership, approver: Membership) -> None:
    actions.approve_post(approver, post)

    assert _edit(post, author) is True

    post = _refreshed(post)
    assert post.status == PostStatus.DRAFT
    assert post.revision == 2
    assert not post.is_approved
    assert standing_approvals(post).count() == 0
    withdrawn = ApprovalDecision.objects.get()
    assert withdrawn.withdrawn_at is not None
    assert AuditRecord.objects.filter(action="content.approval_withdrawn").count() == 1


def test_an_edit_withdraws_a_partial_approval_so_both_must_approve_the_new_revision(
    post: Post, author: Membership, approver: Membership, second_approver: Membership
) -> None:
    _two_approvers_required(approver)
    actions.approve_post(approver, post)

    _edit(post, author)
    post = _refreshed(post)
    Post.objects.filter(pk=post.pk).update(status=PostStatus.IN_REVIEW)  # submitted again
    post = _refreshed(post)
    check(post)

    actions.approve_post(second_approver, post)
    assert _refreshed(post).status == PostStatus.IN_REVIEW  # the first approval was of revision 1
    actions.approve_post(approver, post)
    post = _refreshed(post)
    assert post.status == PostStatus.APPROVED
    assert post.approved_revision == 2


# ---------------------------------------------------------------- request changes, reject, comment


def test_requesting_changes_needs_a_comment(post: Post, approver: Membership) -> None:
    for empty in ("", "   ", None):
        with pytest.raises(ActionRefused) as refused:
            actions.request_changes(approver, post, empty)  # type: ignore[arg-type]
        assert refused.value.field == "comment"
    assert _refreshed(post).status == PostStatus.IN_REVIEW


def test_requesting_changes_sends_the_post_back(post: Post, approver: Membership) -> None:
    decision = actions.request_changes(approver, post, "Bitte den Link prüfen.")

    assert _refreshed(post).status == PostStatus.CHANGES_REQUESTED
    assert decision.decision == Decision.CHANGES_REQUESTED
    assert decision.comment == "Bitte den Link prüfen."
    record = AuditRecord.objects.get(action="content.changes_requested")
    assert _after(record)["status"] == PostStatus.CHANGES_REQUESTED


def test_rejecting_needs_a_comment_and_rejects(post: Post, approver: Membership) -> None:
    with pytest.raises(ActionRefused):
        actions.reject_post(approver, post, "")

    actions.reject_post(approver, post, "Nicht unser Thema.")

    assert _refreshed(post).status == PostStatus.REJECTED
    assert AuditRecord.objects.filter(action="content.post_rejected").count() == 1


def test_an_overlong_comment_is_refused_without_a_record(post: Post, approver: Membership) -> None:
    with pytest.raises(ActionRefused) as refused:
        actions.reject_post(approver, post, "x" * 5001)

    assert refused.value.field == "comment"
    assert not ApprovalDecision.objects.exists()


def test_a_comment_that_is_not_text_is_refused(post: Post, approver: Membership) -> None:
    with pytest.raises(ActionRefused):
        actions.comment_on_post(approver, post, ["Liste"])  # type: ignore[arg-type]


def test_the_author_and_approvers_comment(post: Post, author: Membership, approver: Membership) -> None:
    actions.comment_on_post(approver, post, "Schönes Bild!")
    actions.comment_on_post(author, post, "Danke.")

    assert list(PostComment.objects.values_list("author_name", "text", "revision")) == [
        ("Quentin Qualität", "Schönes Bild!", 1),
        ("Anna Autorin", "Danke.", 1),
    ]
    assert AuditRecord.objects.filter(action="content.post_commented").count() == 2


def test_an_ambassador_comments_only_on_their_own_posts(post: Post, org: Organization) -> None:
    ambassador = make_member(org, ["ambassador"])
    own = make_post(ambassador)

    actions.comment_on_post(ambassador, own, "Fertig.")
    with pytest.raises(ActionRefused):
        actions.comment_on_post(ambassador, post, "Fremder Beitrag")


def test_the_works_council_and_the_auditor_cannot_comment(post: Post, org: Organization) -> None:
    for roles in (["works_council"], ["auditor"]):
        with pytest.raises(PermissionDenied):
            actions.comment_on_post(make_member(org, roles), post, "Hallo")


# ---------------------------------------------------------------- policies


def test_the_built_in_policy_is_one_approver_and_48_hours(post: Post) -> None:
    policy = policy_for(post)
    assert (policy.approvers_required, policy.overdue_after_hours, policy.source) == (1, 48, None)


def test_the_default_policy_applies_without_a_channel_policy(post: Post, approver: Membership) -> None:
    default = actions.set_approval_policy(approver, None, 2, 12)

    assert policy_for(post).source == default
    assert policy_for(post).approvers_required == 2


def test_the_plan_rows_channel_policy_wins_over_the_default(
    org: Organization, author: Membership, approver: Membership
) -> None:
    _plan, _draft, rows = make_plan(org, author)
    row = rows[0]
    channel = row.channels.get()
    actions.set_approval_policy(approver, None, 1, 48)
    per_channel = actions.set_approval_policy(approver, channel, 2, 4)
    post = make_post(author, plan_row=row, plan_row_key=row.row_key)

    policy = policy_for(post)
    assert policy.source == per_channel
    assert (policy.approvers_required, policy.overdue_after_hours) == (2, 4)


def test_setting_a_policy_again_changes_it(approver: Membership) -> None:
    first = actions.set_approval_policy(approver, None, 1, 48)
    again = actions.set_approval_policy(approver, None, 2, 24)

    assert first.pk == again.pk
    assert (again.approvers_required, again.overdue_after_hours) == (2, 24)
    record = AuditRecord.objects.filter(action="content.approval_policy_set").latest("seq")
    assert _before(record)["approvers_required"] == 1
    assert _after(record)["approvers_required"] == 2


@pytest.mark.parametrize(
    ("approvers", "hours", "field"),
    [
        (0, 48, "approvers_required"),
        (3, 48, "approvers_required"),
        ("2", 48, "approvers_required"),
        (True, 48, "approvers_required"),
        (1, 0, "overdue_after_hours"),
        (1, 721, "overdue_after_hours"),
        (1, 10**12, "overdue_after_hours"),
        (1, None, "overdue_after_hours"),
    ],
)
def test_odd_policy_values_are_refused(approver: Membership, approvers: Any, hours: Any, field: str) -> None:
    with pytest.raises(ActionRefused) as refused:
        actions.set_approval_policy(approver, None, approvers, hours)

    assert refused.value.field == field
    assert not AuditRecord.objects.filter(action="content.approval_policy_set").exists()


def test_another_organizations_channel_is_a_404(approver: Membership, other_org: Organization) -> None:
    foreign = Channel.objects.filter(organization=other_org).first()
    assert foreign is not None

    with pytest.raises(Http404):
        actions.set_approval_policy(approver, foreign, 1, 48)


def test_only_guideline_keepers_set_policies(org: Organization) -> None:
    for roles in (["buddy"], ["ambassador"], ["auditor"], ["works_council"], ["admin"]):
        with pytest.raises(PermissionDenied):
            actions.set_approval_policy(make_member(org, roles), None, 1, 48)


def test_removing_a_policy_falls_back_to_the_default(post: Post, approver: Membership) -> None:
    policy = actions.set_approval_policy(approver, None, 2, 48)

    actions.remove_approval_policy(approver, policy)

    assert policy_for(post).approvers_required == 1
    assert AuditRecord.objects.filter(action="content.approval_policy_removed").count() == 1
