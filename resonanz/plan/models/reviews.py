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
