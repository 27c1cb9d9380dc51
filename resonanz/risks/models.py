"""The register of risks and opportunities (ISO 9001 6.1): likelihood × impact, actions, reviews."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.dates import EARLIEST, LATEST
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.risks.purposes import RISKS, WITH_THE_REGISTER

SCALE = range(1, 6)  # likelihood and impact: 1 (rare, minor) to 5 (almost certain, severe)
MAX_INTERVAL_MONTHS = 24


class Kind(models.TextChoices):
    RISK = "risk", _("risk")
    OPPORTUNITY = "opportunity", _("opportunity")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("open")
    TREATED = "treated", _("treated")
    CLOSED = "closed", _("closed")


def _on_scale(field: str) -> Q:
    return Q(**{f"{field}__gte": SCALE.start, f"{field}__lte": SCALE.stop - 1})


def _bounded(field: str) -> Q:
    return Q(**{f"{field}__gte": EARLIEST, f"{field}__lte": LATEST})


@declare(
    PersonalData(
        ("owner",),
        category=Category.EMPLOYMENT,
        purpose=RISKS,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_REGISTER,
    ),
    not_personal=(
        "organization",
        "kind",
        "title",
        "description",
        "category",
        "likelihood",
        "impact",
        "score",
        "status",
        "review_interval_months",
        "next_review_on",
        "created_at",
    ),
)
class Risk(models.Model):
    """A risk or an opportunity, rated by likelihood and impact; its score is their product."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"))
    impact = models.PositiveSmallIntegerField(_("impact"))
    score = models.GeneratedField(
        expression=F("likelihood") * F("impact"),
        output_field=models.PositiveSmallIntegerField(_("score")),
        db_persist=True,
    )
    owner = models.ForeignKey(
        "core.Membership", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_interval_months = models.PositiveSmallIntegerField(_("review every (months)"))
    # None once closed: a closed risk is not reviewed any more.
    next_review_on = models.DateField(_("next effectiveness review"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        ordering = ["-score", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="risks_risk_has_title"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="risks_risk_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=RiskStatus.values), name="risks_risk_status_valid"),
            models.CheckConstraint(condition=_on_scale("likelihood"), name="risks_risk_likelihood_1_to_5"),
            models.CheckConstraint(condition=_on_scale("impact"), name="risks_risk_impact_1_to_5"),
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1, review_interval_months__lte=MAX_INTERVAL_MONTHS),
                name="risks_risk_interval_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=RiskStatus.CLOSED, next_review_on__isnull=True)
                | (
                    ~Q(status=RiskStatus.CLOSED)
                    & Q(next_review_on__isnull=False)
                    & _bounded("next_review_on")
                ),
                name="risks_risk_review_scheduled_unless_closed",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_review_on"])]

    def __str__(self) -> str:
        return self.title


@declare(
    PersonalData(
        ("owner",),
        category=Category.EMPLOYMENT,
        purpose=RISKS,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_REGISTER,
    ),
    not_personal=("risk", "title", "due_on", "done_on", "created_at"),
)
class RiskAction(models.Model):
    """An action that treats a risk or takes an opportunity."""

    organization_path = "risk__organization"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        "core.Membership", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("action on a risk")
        verbose_name_plural = _("actions on risks")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="risks_action_has_title"),
            models.CheckConstraint(
                condition=_bounded("due_on") & (Q(done_on__isnull=True) | _bounded("done_on")),
                name="risks_action_dates_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.title


@declare(
    PersonalData(
        ("reviewed_by", "reviewed_by_name"),
        category=Category.ACTIVITY,
        purpose=RISKS,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_REGISTER,
    ),
    PersonalData(
        ("note",),
        category=Category.FREE_TEXT,
        purpose=RISKS,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_REGISTER,
    ),
    not_personal=("risk", "reviewed_on", "effective", "likelihood_after", "impact_after", "created_at"),
)
class RiskReview(models.Model):
    """A review of whether a risk's actions were effective, with the rating after it."""

    organization_path = "risk__organization"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    effective = models.BooleanField(_("the actions were effective"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    likelihood_after = models.PositiveSmallIntegerField(_("likelihood after the review"))
    impact_after = models.PositiveSmallIntegerField(_("impact after the review"))
    reviewed_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by_name = models.CharField(_("reviewed by"), max_length=300)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=_on_scale("likelihood_after"), name="risks_review_likelihood_1_to_5"
            ),
            models.CheckConstraint(condition=_on_scale("impact_after"), name="risks_review_impact_1_to_5"),
            models.CheckConstraint(condition=_bounded("reviewed_on"), name="risks_review_day_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.risk} ({self.reviewed_on})"


@declare(not_personal=("risk", "due_on", "sent_at"))
class ReviewReminder(models.Model):
    """The claim that the owner of ``risk`` was reminded of its review due on ``due_on`` (once)."""

    organization_path = "risk__organization"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["risk", "due_on"], name="risks_one_reminder_per_due_review")
        ]

    def __str__(self) -> str:
        return f"{self.risk_id} {self.due_on}"
