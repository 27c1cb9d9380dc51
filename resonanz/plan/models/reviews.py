"""Reviews of the plan: the periodic review's history (clause 7.5.2: documented information is reviewed
for suitability), kept entry by entry, not only the last one."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.plan.models.plan import CommunicationPlan, PlanVersion
from resonanz.plan.models.purposes import PLAN, WITH_THE_PLAN


class ReviewOutcome(models.TextChoices):
    UNCHANGED = "unchanged", _("unchanged")
    NEW_VERSION = "new_version", _("new version")


@declare(
    PersonalData(
        ("reviewer", "reviewer_name"),
        category=Category.ACTIVITY,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    PersonalData(
        ("comment",),
        category=Category.FREE_TEXT,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=("plan", "reviewed_at", "outcome", "version"),
)
class PlanReview(models.Model):
    """One periodic review of a plan: when, by whom, and what came of it.

    The outcome is "unchanged" (the plan still fits, recorded by ``mark_plan_reviewed``) or the
    version the review led to (recorded when that version is published, which restarts the review
    interval too). Entries are only ever added.
    """

    organization_path = "plan__organization"

    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_at = models.DateTimeField(_("reviewed"))
    reviewer = models.ForeignKey(
        "core.Membership",
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A copy of the name, so the history stays readable; empty only for reviews carried over from
    # before the history was kept whose reviewer is not known.
    reviewer_name = models.CharField(_("reviewer"), max_length=150, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ReviewOutcome.choices)
    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("resulting version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["plan", "-reviewed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=ReviewOutcome.UNCHANGED, version__isnull=True)
                | Q(outcome=ReviewOutcome.NEW_VERSION, version__isnull=False),
                name="plan_review_outcome_fits_version",
            ),
        ]
        indexes = [models.Index(fields=["plan", "-reviewed_at"], name="plan_review_history_idx")]

    def __str__(self) -> str:
        return f"{self.plan.identifier} {self.reviewed_at:%Y-%m-%d}"


class ReviewState(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    REVIEWED = "reviewed", _("reviewed")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")


@declare(
    PersonalData(
        ("reviewer", "reviewer_name", "named_by"),
        category=Category.ACTIVITY,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    PersonalData(
        ("comment",),
        category=Category.FREE_TEXT,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=("version", "submitted_at", "named_at", "state", "reviewed_at"),
)
class VersionReview(models.Model):
    """A named reviewer's check of a version in review, before the approver decides (7.5.2).

    One row per reviewer per submission of the version (``submitted_at`` names the submission): a
    version sent back to draft and submitted again is reviewed again. The database refuses a second
    review by the same reviewer of the same submission.
    """

    organization_path = "version__plan__organization"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="reviews")
    # The submission this review belongs to: the version's ``submitted_at`` when the reviewer was named.
    submitted_at = models.DateTimeField(_("submitted for review"))
    reviewer = models.ForeignKey(
        "core.Membership", verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer_name = models.CharField(_("reviewer"), max_length=150)
    named_by = models.ForeignKey(
        "core.Membership", verbose_name=_("named by"), on_delete=models.PROTECT, related_name="+"
    )
    named_at = models.DateTimeField(_("named"))
    state = models.CharField(
        _("state"), max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("review of a version")
        verbose_name_plural = _("reviews of versions")
        ordering = ["version", "submitted_at", "named_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "version", "submitted_at", "reviewer", name="plan_version_review_once_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ReviewState.values), name="plan_version_review_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state=ReviewState.PENDING, reviewed_at__isnull=True)
                | (~Q(state=ReviewState.PENDING) & Q(reviewed_at__isnull=False)),
                name="plan_version_review_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.reviewer_name}"
