"""Actions on plans and their versions: draft → in review → approved → published → superseded."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, require, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.plan.actions.version_reviews import _name as name_for_submission
from resonanz.plan.actions.version_reviews import outstanding_reviews
from resonanz.plan.completeness import HINTS, Question, missing_answers
from resonanz.plan.models import (
    OPEN_STATUSES,
    CommentKind,
    CommunicationPlan,
    PlanReview,
    PlanRow,
    PlanVersion,
    ReviewOutcome,
    VersionComment,
    VersionStatus,
)
from resonanz.plan.names import live_names

PLAN_FIELDS = (
    "identifier",
    "title",
    "owner",
    "review_interval_months",
    "evidence_note_optional",
    "last_reviewed_at",
    "next_review_due",
)
VERSION_FIELDS = ("number", "status", "author_name", "reviewer_name", "approver_name", "change_reason")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,29}$")


class IncompleteRows(ActionRefused):
    """Submission refused: some rows leave questions open. ``rows`` lists (row, missing questions)."""

    def __init__(self, messages: list[Any], rows: list[tuple[PlanRow, list[Question]]]):
        super().__init__(messages, code="incomplete", field="rows")
        self.rows = rows


def next_review_date(plan: CommunicationPlan, reviewed_at: dt.datetime) -> dt.date:
    """The day, in the organization's zone, one review interval after ``reviewed_at``."""
    local_day = reviewed_at.astimezone(plan.organization.zone).date()
    due: dt.date = local_day + relativedelta(months=plan.review_interval_months)
    return due


def _lock_version(member: Membership, version: PlanVersion, *expected: VersionStatus) -> PlanVersion:
    locked = PlanVersion.objects.select_for_update().select_related("plan__organization").get(pk=version.pk)
    same_organization(member, locked.plan.organization_id)
    if locked.status not in expected:
        raise ActionRefused(
            _("Version %(number)s has the status “%(status)s”; this step is not possible now."),
            params={"number": locked.number, "status": locked.get_status_display()},
            code="wrong_status",
        )
    return locked


def _record(member: Membership, version: PlanVersion, action: str, before: dict[str, Any]) -> None:
    audit.record(
        version.plan.organization,
        member,
        action,
        version,
        before=before,
        after=audit.snapshot(version, VERSION_FIELDS),
    )


def _clean_owner(member: Membership, owner: Membership | None) -> Membership:
    chosen = owner or member
    if chosen.organization_id != member.organization_id or not chosen.is_active:
        raise ActionRefused(_("Choose an active member of the organization."), field="owner")
    return chosen


def _clean_interval(months: Any) -> int:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 60:
        raise ActionRefused(_("The review interval is 1 to 60 months."), field="review_interval_months")
    return months


@action(Capability.EDIT_PLAN)
def create_plan(
    member: Membership,
    *,
    identifier: str,
    title: str,
    owner: Membership | None = None,
    review_interval_months: int = 12,
    change_reason: str = "",
) -> CommunicationPlan:
    """Create a plan and its first draft (version 1)."""
    identifier = clean_text(identifier)
    title = clean_text(title)
    if not _IDENTIFIER.match(identifier):
        raise ActionRefused(
            _("Use 1 to 30 letters, digits, dots, hyphens or slashes, for example KP-01."), field="identifier"
        )
    if not title or len(title) > 200:
        raise ActionRefused(_("Give the plan a title of at most 200 characters."), field="title")
    chosen_owner = _clean_owner(member, owner)
    interval = _clean_interval(review_interval_months)
    with transaction.atomic():
        if CommunicationPlan.objects.filter(
            organization_id=member.organization_id, identifier__iexact=identifier
        ).exists():
            raise ActionRefused(
                _("The identifier “%(identifier)s” is taken."),
                params={"identifier": identifier},
                field="identifier",
            )
        plan = CommunicationPlan.objects.create(
            organization=member.organization,
            identifier=identifier,
            title=title,
            owner=chosen_owner,
            review_interval_months=interval,
        )
        version = PlanVersion.objects.create(
            plan=plan,
            number=1,
            author=member,
            author_name=member_name(member),
            change_reason=clean_text(change_reason),
        )
        version.contributors.add(member)
        audit.record(
            member.organization, member, "plan.created", plan, after=audit.snapshot(plan, PLAN_FIELDS)
        )
        audit.record(
            member.organization,
            member,
            "plan.draft_started",
            version,
            after=audit.snapshot(version, VERSION_FIELDS),
        )
    return plan


@action(Capability.EDIT_PLAN, Capability.APPROVE_PLAN)
def update_plan(member: Membership, plan: CommunicationPlan, **changes: Any) -> CommunicationPlan:
    """Change the title, the owner, the review interval (the next due date follows the interval) or
    whether marking a date as done needs a note, a file or a link."""
    unknown = set(changes) - {"title", "owner", "review_interval_months", "evidence_note_optional"}
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    if "title" in changes:
        changes["title"] = clean_text(changes["title"])
        if not changes["title"] or len(changes["title"]) > 200:
            raise ActionRefused(_("Give the plan a title of at most 200 characters."), field="title")
    if "owner" in changes:
        changes["owner"] = _clean_owner(member, changes["owner"])
    if "review_interval_months" in changes:
        changes["review_interval_months"] = _clean_interval(changes["review_interval_months"])
    if "evidence_note_optional" in changes:
        changes["evidence_note_optional"] = bool(changes["evidence_note_optional"])
    with transaction.atomic():
        locked = CommunicationPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
        before = audit.snapshot(locked, PLAN_FIELDS)
        for field, value in changes.items():
            setattr(locked, field, value)
        if locked.last_reviewed_at is not None:
            locked.next_review_due = next_review_date(locked, locked.last_reviewed_at)
        after = audit.snapshot(locked, PLAN_FIELDS)
        if before == after:
            return locked  # nothing to change, nothing to record
        locked.save()
        audit.record(locked.organization, member, "plan.updated", locked, before=before, after=after)
    return locked


def incomplete_rows(version: PlanVersion) -> list[tuple[int, PlanRow, list[Question]]]:
    """(row number in the matrix, row, unanswered questions) for every incomplete row of ``version``."""
    from resonanz.plan.access import rows_of

    found = []
    for number, row in enumerate(rows_of(version), start=1):
        missing = missing_answers(row)
        if missing:
            found.append((number, row, missing))
    return found


def _incomplete_message(number: int, row: PlanRow, missing: list[Question]) -> ActionRefused:
    label = row.topic.name if row.topic is not None else (row.description[:40] or "—")
    questions = ", ".join(str(Question(q).label) for q in missing)
    hints = "; ".join(str(HINTS[Question(q)]) for q in missing)
    return ActionRefused(
        _("Row %(number)s (%(label)s) leaves open: %(questions)s. Please %(hints)s."),
        params={"number": number, "label": label, "questions": questions, "hints": hints},
    )


@action(Capability.EDIT_PLAN)
def submit_for_review(
    member: Membership, version: PlanVersion, reviewers: Sequence[Membership] = ()
) -> PlanVersion:
    """Send a complete draft to review. The submitting member becomes its author.

    ``reviewers`` (optional) must each review the version before it can be approved.
    """
    with transaction.atomic():
        locked = _lock_version(member, version, VersionStatus.DRAFT)
        incomplete = incomplete_rows(locked)
        if incomplete:
            raise IncompleteRows(
                [_incomplete_message(number, row, missing) for number, row, missing in incomplete],
                [(row, missing) for _number, row, missing in incomplete],
            )
        if not locked.rows.exists():
            raise ActionRefused(_("Add at least one row before submitting the plan."), field="rows")
        if locked.number > 1 and not locked.change_reason.strip():
            raise ActionRefused(_("Say why the plan changes."), field="change_reason")
        before = audit.snapshot(locked, VERSION_FIELDS)
        locked.status = VersionStatus.IN_REVIEW
        locked.author = member
        locked.author_name = member_name(member)
        locked.reviewer = None
        locked.reviewer_name = ""
        locked.reviewed_at = None
        locked.submitted_at = timezone.now()
        locked.save()
        locked.contributors.add(member)
        _record(member, locked, "plan.version_submitted", before)
        if reviewers:
            name_for_submission(member, locked, reviewers)
    return locked


@action(Capability.APPROVE_PLAN)
def approve_version(member: Membership, version: PlanVersion, comment: str = "") -> PlanVersion:
    """Approve a version in review. Whoever started, changed or submitted it cannot approve it."""
    with transaction.atomic():
        locked = _lock_version(member, version, VersionStatus.IN_REVIEW)
        if is_contributor(locked, member):
            raise ActionRefused(
                _("You worked on this version, so someone else has to review and approve it."),
                code="own_version",
            )
        waiting = outstanding_reviews(locked)
        if waiting:
            raise ActionRefused(
                _("Every named reviewer has to review the version first; still open: %(names)s."),
                params={"names": ", ".join(review.reviewer_name for review in waiting)},
                code="reviews_outstanding",
            )
        before = audit.snapshot(locked, VERSION_FIELDS)
        now = timezone.now()
        locked.status = VersionStatus.APPROVED
        locked.reviewer = locked.approver = member
        locked.reviewer_name = locked.approver_name = member_name(member)
        locked.reviewed_at = locked.approved_at = now
        # From here on the version shows the names it was approved with (7.5.3).
        locked.names = live_names(locked).as_json()
        locked.save()
        if clean_text(comment):
            _add_comment(member, locked, comment, CommentKind.COMMENT)
        _record(member, locked, "plan.version_approved", before)
    return locked


def is_contributor(version: PlanVersion, member: Membership) -> bool:
    """Whether ``member`` started, changed or submitted ``version``."""
    return version.author_id == member.pk or version.contributors.filter(pk=member.pk).exists()


@action(Capability.APPROVE_PLAN)
def reject_version(member: Membership, version: PlanVersion, comment: str) -> PlanVersion:
    """Send a version in review back to draft, saying why."""
    if not clean_text(comment):
        raise ActionRefused(_("Say what has to change before the plan can be approved."), field="comment")
    with transaction.atomic():
        locked = _lock_version(member, version, VersionStatus.IN_REVIEW)
        before = audit.snapshot(locked, VERSION_FIELDS)
        locked.status = VersionStatus.DRAFT
        if locked.author_id != member.pk:
            locked.reviewer = member
            locked.reviewer_name = member_name(member)
            locked.reviewed_at = timezone.now()
        locked.save()
        _add_comment(member, locked, comment, CommentKind.REJECTION)
        _record(member, locked, "plan.version_rejected", before)
    return locked


@action(Capability.APPROVE_PLAN)
def publish_version(member: Membership, version: PlanVersion) -> PlanVersion:
    """Publish an approved version; the previous one is superseded and the next review is scheduled."""
    with transaction.atomic():
        locked = _lock_version(member, version, VersionStatus.APPROVED)
        plan = (
            CommunicationPlan.objects.select_for_update()
            .select_related("organization")
            .get(pk=locked.plan_id)
        )
        now = timezone.now()
        previous = (
            PlanVersion.objects.select_for_update().filter(plan=plan, status=VersionStatus.PUBLISHED).first()
        )
        if previous is not None:
            previous_before = audit.snapshot(previous, VERSION_FIELDS)
            previous.status = VersionStatus.SUPERSEDED
            previous.superseded_at = now
            previous.save(update_fields=["status", "superseded_at"])
            _record(member, previous, "plan.version_superseded", previous_before)
        before = audit.snapshot(locked, VERSION_FIELDS)
        locked.status = VersionStatus.PUBLISHED
        locked.published_at = now
        locked.publisher = member
        locked.publisher_name = member_name(member)
        locked.save(update_fields=["status", "published_at", "publisher", "publisher_name"])
        _record(member, locked, "plan.version_published", before)
        plan_before = audit.snapshot(plan, PLAN_FIELDS)
        plan.last_reviewed_at = now
        plan.next_review_due = next_review_date(plan, now)
        plan.save(update_fields=["last_reviewed_at", "next_review_due"])
        # Publishing restarts the review interval: in the review history it is a review that led
        # to this version.
        _review_entry(member, plan, now, ReviewOutcome.NEW_VERSION, version=locked)
        audit.record(
            plan.organization,
            member,
            "plan.review_scheduled",
            plan,
            before=plan_before,
            after={**audit.snapshot(plan, PLAN_FIELDS), "outcome": ReviewOutcome.NEW_VERSION},
        )
    return locked


@action(Capability.EDIT_PLAN)
def start_new_draft(member: Membership, plan: CommunicationPlan, change_reason: str) -> PlanVersion:
    """Start the next version as a copy of the published one, rows, keys and relations included."""
    reason = clean_text(change_reason, 5000)
    if not reason:
        raise ActionRefused(_("Say why the plan changes."), field="change_reason")
    with transaction.atomic():
        locked_plan = (
            CommunicationPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
        )
        if locked_plan.versions.filter(status__in=OPEN_STATUSES).exists():
            raise ActionRefused(
                _("This plan already has a version in progress; finish or publish it first."),
                code="open_version",
            )
        source = locked_plan.versions.filter(status=VersionStatus.PUBLISHED).first()
        if source is None:
            raise ActionRefused(
                _("There is no published version to start from."), code="no_published_version"
            )
        number = (locked_plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                draft = PlanVersion.objects.create(
                    plan=locked_plan,
                    number=number,
                    based_on=source,
                    change_reason=reason,
                    purpose=source.purpose,
                    scope=source.scope,
                    author=member,
                    author_name=member_name(member),
                )
        except IntegrityError:
            raise ActionRefused(
                _("This plan already has a version in progress; finish or publish it first."),
                code="open_version",
            ) from None
        copy_rows(source, draft)
        draft.contributors.add(member)
        audit.record(
            locked_plan.organization,
            member,
            "plan.draft_started",
            draft,
            after={**audit.snapshot(draft, VERSION_FIELDS), "based_on": source.number},
        )
    return draft


def copy_rows(source: PlanVersion, target: PlanVersion) -> None:
    """Copy every row of ``source`` into the draft ``target`` with a constant number of queries."""
    rows = list(source.rows.order_by("position", "pk"))
    copies = []
    for row in rows:
        copy = PlanRow(
            **{
                field.attname: getattr(row, field.attname)
                for field in PlanRow._meta.concrete_fields
                if not field.primary_key
            }
        )
        copy.version_id = target.pk
        copies.append(copy)
    created = PlanRow.objects.bulk_create(copies)
    by_key = {copy.row_key: copy.pk for copy in created}
    old_to_new = {row.pk: by_key[row.row_key] for row in rows}
    for relation in ("audiences", "channels", "senders"):
        through = getattr(PlanRow, relation).through
        column = getattr(PlanRow, relation).field.m2m_reverse_field_name()
        links = through.objects.filter(planrow__in=rows).values_list("planrow_id", f"{column}_id")
        through.objects.bulk_create(
            through(planrow_id=old_to_new[row_id], **{f"{column}_id": target_id})
            for row_id, target_id in links
        )


def _add_comment(member: Membership, version: PlanVersion, body: str, kind: str) -> VersionComment:
    text = clean_text(body)
    if not text:
        raise ActionRefused(_("Write a comment."), field="body")
    if len(text) > 5000:
        raise ActionRefused(_("Use at most %(limit)s characters."), params={"limit": 5000}, field="body")
    comment = VersionComment.objects.create(
        version=version, author=member, author_name=member_name(member), kind=kind, body=text
    )
    audit.record(
        version.plan.organization,
        member,
        "plan.version_commented",
        comment,
        after={"version": version.number, "kind": kind, "body": text},
    )
    return comment


@action(Capability.EDIT_PLAN, Capability.APPROVE_PLAN)
def add_comment(member: Membership, version: PlanVersion, body: str) -> VersionComment:
    with transaction.atomic():
        locked = PlanVersion.objects.select_related("plan__organization").get(pk=version.pk)
        same_organization(member, locked.plan.organization_id)
        return _add_comment(member, locked, body, CommentKind.COMMENT)


@action(Capability.APPROVE_PLAN, Capability.EDIT_PLAN)
def mark_plan_reviewed(member: Membership, plan: CommunicationPlan, note: str = "") -> CommunicationPlan:
    """Record that the published plan was reviewed and still fits; schedules the next review.

    The plan's owner (with EDIT_PLAN) or anyone who may approve the plan can record a review.
    """
    if not (
        member.can(Capability.APPROVE_PLAN)
        or (member.pk == plan.owner_id and member.can(Capability.EDIT_PLAN))
    ):
        require(member, Capability.APPROVE_PLAN)
    with transaction.atomic():
        locked = CommunicationPlan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
        if not locked.versions.filter(status=VersionStatus.PUBLISHED).exists():
            raise ActionRefused(_("Publish a version of the plan before recording a review."))
        before = audit.snapshot(locked, PLAN_FIELDS)
        now = timezone.now()
        locked.last_reviewed_at = now
        locked.next_review_due = next_review_date(locked, now)
        locked.save(update_fields=["last_reviewed_at", "next_review_due"])
        text = clean_text(note, 5000)
        _review_entry(member, locked, now, ReviewOutcome.UNCHANGED, comment=text)
        after = {**audit.snapshot(locked, PLAN_FIELDS), "note": text, "outcome": ReviewOutcome.UNCHANGED}
        audit.record(locked.organization, member, "plan.reviewed", locked, before=before, after=after)
    return locked


def _review_entry(
    member: Membership,
    plan: CommunicationPlan,
    at: dt.datetime,
    outcome: ReviewOutcome,
    *,
    version: PlanVersion | None = None,
    comment: str = "",
) -> PlanReview:
    """Add an entry to the plan's review history (part of the calling action and its audit record)."""
    return PlanReview.objects.create(
        plan=plan,
        reviewed_at=at,
        reviewer=member,
        reviewer_name=member_name(member),
        outcome=outcome,
        version=version,
        comment=comment,
    )
