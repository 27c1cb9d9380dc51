"""Actions of the reviews app: the only functions that prepare, hold and close management reviews and
record their outputs.

Holding a review records its minutes and freezes its input pack (``pack.build_pack``): from then on the
page and the PDF show the pack as it was presented, whatever changes later in the registers it reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.period import period
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.reviews.models import (
    OUTPUT_TEXT_MAX,
    TEXT_MAX,
    ManagementReview,
    OutputKind,
    OutputStatus,
    ReviewOutput,
    ReviewStatus,
)

FIELDS = ("title", "period_start", "period_end", "issues_changes", "resource_notes")
MAX_PARTICIPANTS = 100


def _today(member: Membership) -> dt.date:
    return timezone.localdate(timezone=member.organization.zone)


def _text(value: Any, field: str, limit: int, required: bool = False) -> str:
    text = clean_text(value)
    if required and not text:
        raise ActionRefused(_("Fill in this field."), field=field)
    if len(text) > limit:
        raise ActionRefused(_("Use at most %(limit)s characters."), params={"limit": limit}, field=field)
    return text


def _date(value: Any, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ActionRefused(_("Enter the date."), field=field)
    refuse_far_date(value, field)
    return value


def _member(member: Membership, other: Any, field: str) -> Membership:
    if not isinstance(other, Membership) or other.organization_id != member.organization_id:
        raise ActionRefused(_("Choose among the organization's members."), field=field)
    if not other.is_active:
        raise ActionRefused(_("Choose an active member."), field=field)
    return other


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The review's inputs; the period as ``core.period`` bounds every period (at most a year)."""
    start = _date(values.get("period_start"), "period_start")
    end = _date(values.get("period_end"), "period_end")
    period(start, end, ("period_start", "period_end"))
    return {
        "title": " ".join(_text(values.get("title"), "title", 200, required=True).split()),
        "period_start": start,
        "period_end": end,
        "issues_changes": _text(values.get("issues_changes"), "issues_changes", TEXT_MAX),
        "resource_notes": _text(values.get("resource_notes"), "resource_notes", TEXT_MAX),
    }


def _snapshot(review: ManagementReview) -> dict[str, Any]:
    return audit.snapshot(review, (*FIELDS, "number", "status", "held_on", "chair", "minutes"))


def _refuse_unless_draft(review: ManagementReview) -> None:
    if review.status != ReviewStatus.DRAFT:
        raise ActionRefused(_("A held management review is not changed any more."))


@action(Capability.MANAGE_REVIEWS)
def create_review(member: Membership, **values: Any) -> ManagementReview:
    """Prepare a management review of a period (at most a year); its number is the next one."""
    if set(values) - set(FIELDS):
        raise ActionRefused(_("These details cannot be set here."))
    cleaned = _clean(values)
    try:
        with transaction.atomic():
            last = ManagementReview.objects.filter(organization=member.organization).aggregate(
                last=Max("number")
            )["last"]
            review = ManagementReview.objects.create(
                organization=member.organization, number=(last or 0) + 1, **cleaned
            )
            audit.record(member.organization, member, "reviews.created", review, after=_snapshot(review))
    except IntegrityError:  # another review took the number at the same moment
        raise ActionRefused(_("Another review was prepared at the same time. Please try again.")) from None
    return review


@action(Capability.MANAGE_REVIEWS)
def update_review(member: Membership, review: ManagementReview, **changes: Any) -> ManagementReview:
    """Change the title, the period or the inputs written by hand (b, d) while the review is a draft."""
    if set(changes) - set(FIELDS):
        raise ActionRefused(_("These details cannot be changed here."))
    with transaction.atomic():
        locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
        _refuse_unless_draft(locked)
        cleaned = _clean({**{field: getattr(locked, field) for field in FIELDS}, **changes})
        before = _snapshot(locked)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(FIELDS))
        audit.record(
            member.organization, member, "reviews.updated", locked, before=before, after=_snapshot(locked)
        )
    return locked


@action(Capability.MANAGE_REVIEWS)
def hold_review(
    member: Membership,
    review: ManagementReview,
    *,
    held_on: dt.date,
    minutes: str,
    chair: Membership,
    participants: list[Membership] | tuple[Membership, ...] = (),
) -> ManagementReview:
    """Record that the review took place, with its minutes, and freeze its input pack as presented."""
    from resonanz.reviews.pack import build_pack, pack_to_json

    held_on = _date(held_on, "held_on")
    if held_on > _today(member):
        raise ActionRefused(_("A review is recorded once it took place, not in advance."), field="held_on")
    minutes = _text(minutes, "minutes", TEXT_MAX, required=True)
    chair = _member(member, chair, "chair")
    people = list(dict.fromkeys(participants))
    if len(people) > MAX_PARTICIPANTS:
        raise ActionRefused(
            _("Name at most %(most)s participants."), params={"most": MAX_PARTICIPANTS}, field="participants"
        )
    people = [_member(member, person, "participants") for person in people]
    with transaction.atomic():
        locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
        _refuse_unless_draft(locked)
        if held_on < locked.period_end:
            raise ActionRefused(_("A review of a period is held after the period's end."), field="held_on")
        before = _snapshot(locked)
        locked.pack = pack_to_json(build_pack(locked, _today(member)))
        locked.status, locked.held_on, locked.held_at = ReviewStatus.HELD, held_on, timezone.now()
        locked.minutes, locked.chair = minutes, chair
        locked.save(update_fields=["pack", "status", "held_on", "held_at", "minutes", "chair"])
        locked.participants.set(people)
        audit.record(
            member.organization,
            member,
            "reviews.held",
            locked,
            before=before,
            after={**_snapshot(locked), "participants": [person.pk for person in people]},
        )
    return locked


@action(Capability.MANAGE_REVIEWS)
def close_review(member: Membership, review: ManagementReview) -> ManagementReview:
    """Close a held review: its outputs are recorded; they are followed up in the next review."""
    with transaction.atomic():
        locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
        if locked.status == ReviewStatus.DRAFT:
            raise ActionRefused(_("Hold the review and record its minutes before closing it."))
        if locked.status == ReviewStatus.CLOSED:
            raise ActionRefused(_("The review is closed already."))
        before = _snapshot(locked)
        locked.status, locked.closed_at = ReviewStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit.record(
            member.organization, member, "reviews.closed", locked, before=before, after=_snapshot(locked)
        )
    return locked


@action(Capability.MANAGE_REVIEWS)
def add_output(
    member: Membership,
    review: ManagementReview,
    *,
    kind: str,
    text: str,
    owner: Membership,
    due_on: dt.date,
) -> ReviewOutput:
    """Record a decision of the review (9.3.3) with its owner and due date."""
    if kind not in OutputKind.values:
        raise ActionRefused(
            _("Choose an improvement decision, a change to the system or a resource need."), field="kind"
        )
    text = _text(text, "text", OUTPUT_TEXT_MAX, required=True)
    owner = _member(member, owner, "owner")
    due_on = _date(due_on, "due_on")
    with transaction.atomic():
        locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
        if locked.status == ReviewStatus.CLOSED:
            raise ActionRefused(_("A closed review takes no further outputs."))
        output = ReviewOutput.objects.create(
            review=locked, kind=kind, text=text, owner=owner, owner_name=member_name(owner), due_on=due_on
        )
        audit.record(
            member.organization,
            member,
            "reviews.output_added",
            locked,
            after={
                "output": output.pk,
                "kind": kind,
                "text": text,
                "owner": owner.pk,
                "due_on": due_on.isoformat(),
            },
            personal=("text",),
        )
    return output


@action(Capability.MANAGE_REVIEWS)
def complete_output(member: Membership, output: ReviewOutput) -> ReviewOutput:
    """Mark an output as done; a second click changes nothing."""
    now = timezone.now()
    with transaction.atomic():
        changed = ReviewOutput.objects.filter(pk=output.pk, status=OutputStatus.OPEN).update(
            status=OutputStatus.DONE, done_at=now
        )
        if changed:
            audit.record(
                member.organization,
                member,
                "reviews.output_done",
                output.review,
                after={"output": output.pk, "done_at": now.isoformat()},
            )
    output.refresh_from_db()
    return output
