"""What the start page shows each member about the plan: what waits for them, their drafts, the
quarter's figures, reviews that are due and their own next communications.

Every function runs a fixed number of queries and takes a bounded number of items, however many
people, plans or rows there are; the templates in ``templatetags/plan_home.py`` only print them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from resonanz.core.models import Membership
from resonanz.core.roles import Capability, Role
from resonanz.plan.execution import Summary, period_summary
from resonanz.plan.matrix_rows import load_rows_of_versions
from resonanz.plan.models import (
    OPEN_STATUSES,
    CommentKind,
    CommunicationPlan,
    PlanRow,
    PlanVersion,
    ReviewState,
    VersionComment,
    VersionReview,
    VersionStatus,
)
from resonanz.plan.period import quarter_of
from resonanz.plan.reviews import REMIND_DAYS_BEFORE, local_today
from resonanz.plan.schedule import Scheduled, local_window, upcoming
from resonanz.plan.views.matrix import RowView, row_views
from resonanz.plan.waiting import versions_waiting_for

# The start page lists at most this many items per card; a count says how many there are in all.
SHOWN = 5
# Plans looked at for figures and next communications (an organization has one or a few).
PLANS_LOOKED_AT = 5
NEXT_DAYS = 60


def _plans(member: Membership) -> QuerySet[CommunicationPlan]:
    return CommunicationPlan.objects.filter(organization_id=member.organization_id).order_by("identifier")


# ---------------------------------------------------------------- waiting for this member


@dataclass
class Waiting:
    version: PlanVersion
    step: str  # "review" or "approve" (in review), "publish" (approved, not yet published)


def waiting_for(member: Membership) -> tuple[list[Waiting], int]:
    """Versions waiting for this member: in review and waiting for their review or approval
    (``plan.waiting``: four eyes, approval once every named reviewer has reviewed), or approved and
    waiting to be published; oldest first, at most ``SHOWN``, and how many in all. Three queries."""
    if not (member.can(Capability.APPROVE_PLAN) or member.can(Capability.REVIEW_PLAN)):
        return [], 0
    in_review = versions_waiting_for(member)
    to_publish = PlanVersion.objects.none()
    if member.can(Capability.APPROVE_PLAN):
        to_publish = (
            PlanVersion.objects.filter(
                plan__organization_id=member.organization_id, status=VersionStatus.APPROVED
            )
            .select_related("plan")
            .order_by("approved_at", "pk")
        )
    shown = list(in_review[:SHOWN])
    mine = set(
        VersionReview.objects.filter(
            version__in=shown,
            submitted_at=F("version__submitted_at"),
            reviewer_id=member.pk,
            state=ReviewState.PENDING,
        ).values_list("version_id", flat=True)
    )
    waiting = [Waiting(version, "review" if version.pk in mine else "approve") for version in shown]
    waiting += [Waiting(version, "publish") for version in to_publish[: SHOWN - len(waiting)]]
    count = len(waiting)
    if count == SHOWN:
        count = in_review.count() + to_publish.count()
    return waiting, count


# ---------------------------------------------------------------- the member's drafts


@dataclass
class Draft:
    version: PlanVersion
    row_count: int
    returned: VersionComment | None  # the latest "returned to draft" comment of a draft


def drafts_of(member: Membership) -> tuple[list[Draft], int]:
    """Open versions (draft, in review, approved) this member started, changed or submitted."""
    if not member.can(Capability.EDIT_PLAN):
        return [], 0
    versions = (
        PlanVersion.objects.filter(
            Q(author_id=member.pk) | Q(contributors=member),
            plan__organization_id=member.organization_id,
            status__in=OPEN_STATUSES,
        )
        .distinct()
        .select_related("plan")
        .annotate(row_count=Count("rows", distinct=True))
        .order_by("plan__identifier", "pk")
    )
    shown = list(
        versions.prefetch_related(
            Prefetch(
                "comments",
                queryset=VersionComment.objects.filter(kind=CommentKind.REJECTION).order_by(
                    "-created_at", "-pk"
                ),
                to_attr="rejections",
            )
        )[:SHOWN]
    )
    count = len(shown) if len(shown) < SHOWN else versions.count()
    drafts = []
    for version in shown:
        rejections = getattr(version, "rejections", [])
        returned = rejections[0] if rejections and version.status == VersionStatus.DRAFT else None
        drafts.append(Draft(version, getattr(version, "row_count", 0), returned))
    return drafts, count


# ---------------------------------------------------------------- the quarter's figures


@dataclass
class QuarterFigures:
    """One plan's figures of the current quarter, counted by ``execution.summarize`` (one rule)."""

    plan: CommunicationPlan
    version: PlanVersion
    first_day: dt.date
    last_day: dt.date
    summary: Summary

    @property
    def planned(self) -> int:
        return self.summary.planned

    @property
    def executed(self) -> int:
        return self.summary.executed

    @property
    def missed(self) -> int:
        """Due dates without evidence and without an explanation."""
        return self.summary.missed

    @property
    def explained(self) -> int:
        """Missed dates whose reason has been recorded: counted apart from the unexplained ones."""
        return self.summary.explained

    @property
    def complete(self) -> bool:
        """False when the plan has more dates than one start page looks at."""
        return self.summary.complete

    @property
    def rate(self) -> int | None:
        return self.summary.rate


def quarter_figures(member: Membership) -> list[QuarterFigures]:
    """Planned, executed and missed dates of the current quarter, per plan with a published version.

    The counting is ``execution.period_summary``'s, bounded by its occurrence budget: a plan with more dates
    in a quarter than that is marked incomplete and the page links to the full execution page.
    """
    if not member.can(Capability.VIEW_AGGREGATES):
        return []
    organization = member.organization
    today = local_today(organization)
    first_day, last_day = quarter_of(today)
    start, end = local_window(organization.zone, first_day, (last_day - first_day).days + 1)
    published = PlanVersion.objects.filter(status=VersionStatus.PUBLISHED)
    plans = _plans(member).prefetch_related(Prefetch("versions", queryset=published, to_attr="published"))
    figures = []
    for plan in plans[:PLANS_LOOKED_AT]:
        if not plan.published:
            continue
        version = plan.published[0]
        summary = period_summary(version, start, end)
        figures.append(QuarterFigures(plan, version, first_day, last_day, summary))
    return figures


# ---------------------------------------------------------------- reviews due


def reviews_due(member: Membership) -> list[CommunicationPlan]:
    """Plans whose periodic review is overdue or due within the reminder period."""
    if not (member.can(Capability.APPROVE_PLAN) or member.can(Capability.EDIT_PLAN)):
        return []
    soon = local_today(member.organization) + dt.timedelta(days=REMIND_DAYS_BEFORE)
    return list(_plans(member).filter(next_review_due__lte=soon).order_by("next_review_due")[:SHOWN])


# ---------------------------------------------------------------- the member's next communications


@dataclass
class NextCommunication:
    scheduled: Scheduled
    view: RowView
    plan: CommunicationPlan
    through_roles: list[str]  # the member's roles the row names as senders ("" when named in person)
    named: bool  # the member is named as a sender

    @property
    def time(self) -> str:
        occurrence = self.scheduled.occurrence
        return "" if occurrence.all_day else occurrence.start.strftime("%H:%M")


def next_communications(member: Membership) -> list[NextCommunication]:
    """The next dates (at most ``SHOWN``, within ``NEXT_DAYS``) where this member sends: named as a
    sender of a published row, or holding a role the row names as sender.

    The published rows are read with their schedule only; just the rows of the dates shown are
    described (``load_rows_of_versions``). A fixed number of queries for up to ``PLANS_LOOKED_AT`` plans.
    """
    if not member.can(Capability.VIEW_PLAN):
        return []
    organization = member.organization
    start, end = local_window(organization.zone, local_today(organization), NEXT_DAYS)
    start = max(start, timezone.now())
    labels = dict(Role.choices)
    versions = list(
        PlanVersion.objects.filter(
            plan__organization_id=member.organization_id, status=VersionStatus.PUBLISHED
        )
        .select_related("plan")
        .order_by("plan__identifier")[:PLANS_LOOKED_AT]
    )
    rows = list(
        PlanRow.objects.filter(version__in=versions)
        .order_by("version_id", "position", "pk")
        .only("sender_roles", "version_id", "position", "when_kind", "rrule", "start_date", "start_time")
    )
    named = set(
        PlanRow.senders.through.objects.filter(
            planrow__version__in=versions, membership_id=member.pk
        ).values_list("planrow_id", flat=True)
    )
    numbers: dict[int, int] = {}  # each row's number in its version's matrix
    counted: dict[int, int] = {}
    mine: list[PlanRow] = []
    for row in rows:
        counted[row.version_id] = numbers[row.pk] = counted.get(row.version_id, 0) + 1
        if row.pk in named or set(row.sender_roles) & member.roles:
            mine.append(row)
    scheduled = upcoming(mine, organization.zone, start, end, limit=SHOWN)
    described = load_rows_of_versions(versions, [item.row.pk for item in scheduled])
    by_version = {version.pk: version for version in versions}
    found = []
    for item in scheduled:
        shown = described[item.row.pk]
        view = row_views([shown], first_number=numbers[shown.pk])[0]
        through = [
            str(labels[role]) for role in shown.sender_roles if role in member.roles and role in labels
        ]
        is_named = shown.pk in named
        found.append(
            NextCommunication(
                item, view, by_version[shown.version_id].plan, [] if is_named else through, is_named
            )
        )
    return found
