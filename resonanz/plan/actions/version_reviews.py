"""The review step before approval: named reviewers check a version in review, then the approver decides.

Whoever submits a version (or an approver) names one or more reviewers; each records "reviewed" or
"changes requested" with a comment. A version can be approved only when every reviewer named for
its current submission has reviewed it; "changes requested" sends it back to draft. Four eyes hold:
nobody who started, changed or submitted the version (``PlanVersion.contributors``) may review it,
and a reviewer needs ``REVIEW_PLAN``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, require, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.plan.models import (
    CommentKind,
    PlanVersion,
    ReviewState,
    VersionComment,
    VersionReview,
    VersionStatus,
)

MAX_REVIEWERS = 10
COMMENT_LIMIT = 5000


def current_reviews(version: PlanVersion) -> list[VersionReview]:
    """The reviews of the version's current submission, in the order the reviewers were named."""
    if version.submitted_at is None:
        return []
    return list(
        VersionReview.objects.filter(version=version, submitted_at=version.submitted_at).order_by(
            "named_at", "pk"
        )
    )


def outstanding_reviews(version: PlanVersion) -> list[VersionReview]:
    """Reviews of the current submission that do not say "reviewed" (yet)."""
    return [review for review in current_reviews(version) if review.state != ReviewState.REVIEWED]


def _is_contributor(version: PlanVersion, member: Membership) -> bool:
    return version.author_id == member.pk or version.contributors.filter(pk=member.pk).exists()


def _check_reviewers(version: PlanVersion, reviewers: Sequence[Membership]) -> list[Membership]:
    """The reviewers to name, or a translated refusal naming the first one that cannot review."""
    if not isinstance(reviewers, list | tuple) or not reviewers:
        raise ActionRefused(_("Name at least one reviewer."), field="reviewers")
    if len(reviewers) > MAX_REVIEWERS:
        raise ActionRefused(
            _("Name at most %(limit)s reviewers."), params={"limit": MAX_REVIEWERS}, field="reviewers"
        )
    submission = version.submitted_at
    assert submission is not None, "reviewers are named for a submitted version"
    named = set(
        VersionReview.objects.filter(version=version, submitted_at=submission).values_list(
            "reviewer_id", flat=True
        )
    )
    chosen: list[Membership] = []
    for reviewer in reviewers:
        if not isinstance(reviewer, Membership) or reviewer.organization_id != version.plan.organization_id:
            raise ActionRefused(_("Choose an active member of the organization."), field="reviewers")
        name = member_name(reviewer)
        if not reviewer.is_active:
            raise ActionRefused(_("Choose an active member of the organization."), field="reviewers")
        if _is_contributor(version, reviewer):
            raise ActionRefused(
                _("%(name)s worked on this version and cannot review it."),
                params={"name": name},
                field="reviewers",
                code="own_version",
            )
        if not reviewer.can(Capability.REVIEW_PLAN):
            raise ActionRefused(
                _("%(name)s has no role that may review the plan."), params={"name": name}, field="reviewers"
            )
        if reviewer.pk in named or any(reviewer.pk == other.pk for other in chosen):
            raise ActionRefused(
                _("%(name)s is named as a reviewer already."), params={"name": name}, field="reviewers"
            )
        chosen.append(reviewer)
    return chosen


def _name(member: Membership, version: PlanVersion, reviewers: Sequence[Membership]) -> list[VersionReview]:
    """Name reviewers for the version's current submission (inside the calling action's transaction)."""
    chosen = _check_reviewers(version, reviewers)
    assert version.submitted_at is not None
    now = timezone.now()
    created = [
        VersionReview.objects.create(
            version=version,
            submitted_at=version.submitted_at,
            reviewer=reviewer,
            reviewer_name=member_name(reviewer),
            named_by=member,
            named_at=now,
        )
        for reviewer in chosen
    ]
    audit.record(
        version.plan.organization,
        member,
        "plan.reviewers_named",
        version,
        after={"number": version.number, "reviewers": [review.reviewer_name for review in created]},
        personal=("reviewers",),
    )
    return created


def _lock_in_review(member: Membership, version: PlanVersion) -> PlanVersion:
    locked = PlanVersion.objects.select_for_update().select_related("plan__organization").get(pk=version.pk)
    same_organization(member, locked.plan.organization_id)
    if locked.status != VersionStatus.IN_REVIEW:
        raise ActionRefused(
            _("Version %(number)s is not in review; it cannot be reviewed now."),
            params={"number": locked.number},
            code="not_in_review",
        )
    return locked


@action(Capability.EDIT_PLAN, Capability.APPROVE_PLAN)
def name_reviewers(
    member: Membership, version: PlanVersion, reviewers: Sequence[Membership]
) -> list[VersionReview]:
    """Name more reviewers for a version in review: its submitter or an approver may."""
    with transaction.atomic():
        locked = _lock_in_review(member, version)
        if locked.author_id != member.pk:
            require(member, Capability.APPROVE_PLAN)
        try:
            with transaction.atomic():
                return _name(member, locked, reviewers)
        except IntegrityError:  # named at the same moment by someone else
            raise ActionRefused(_("A reviewer is named already. Reload and try again.")) from None


@action(Capability.REVIEW_PLAN)
def review_version(
    member: Membership, version: PlanVersion, outcome: str, comment: str = ""
) -> VersionReview:
    """Record a named reviewer's review: "reviewed", or "changes requested" (back to draft, saying why)."""
    if outcome not in (ReviewState.REVIEWED, ReviewState.CHANGES_REQUESTED):
        raise ActionRefused(_("Choose “reviewed” or “changes requested”."), field="outcome")
    text = clean_text(comment, COMMENT_LIMIT + 1)
    if len(text) > COMMENT_LIMIT:
        raise ActionRefused(
            _("Use at most %(limit)s characters."), params={"limit": COMMENT_LIMIT}, field="comment"
        )
    if outcome == ReviewState.CHANGES_REQUESTED and not text:
        raise ActionRefused(_("Say what has to change."), field="comment")
    with transaction.atomic():
        locked = _lock_in_review(member, version)
        submission = locked.submitted_at
        assert submission is not None, "a version in review was submitted"
        review = (
            VersionReview.objects.select_for_update()
            .filter(version=locked, submitted_at=submission, reviewer=member)
            .first()
        )
        if review is None:
            raise ActionRefused(
                _("You are not a named reviewer of version %(number)s."),
                params={"number": locked.number},
                code="not_a_reviewer",
            )
        if review.state != ReviewState.PENDING:
            raise ActionRefused(
                _("You have reviewed version %(number)s already."),
                params={"number": locked.number},
                code="reviewed_already",
            )
        now = timezone.now()
        review.state = outcome
        review.comment = text
        review.reviewed_at = now
        review.save(update_fields=["state", "comment", "reviewed_at"])
        after = {"number": locked.number, "state": outcome, "comment": text}
        if outcome == ReviewState.CHANGES_REQUESTED:
            locked.status = VersionStatus.DRAFT
            locked.save(update_fields=["status"])
            VersionComment.objects.create(
                version=locked,
                author=member,
                author_name=member_name(member),
                kind=CommentKind.REJECTION,
                body=text,
            )
            after["status"] = VersionStatus.DRAFT
        audit.record(
            locked.plan.organization,
            member,
            "plan.version_reviewed",
            locked,
            before={"number": locked.number, "state": ReviewState.PENDING},
            after=after,
            personal=("comment",),
        )
    return review
