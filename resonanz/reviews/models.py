"""Management reviews (ISO 9001 9.3): a period, its input pack, the minutes and the decided outputs.

A review moves draft → held → closed. While it is a draft its input pack is read live; holding it
freezes the pack (``pack``, the JSON of ``reviews.pack.Pack``), so the pack and its PDF stay as they
were presented. Its outputs (decisions, changes to the system, resource needs) are actions with an
owner and a due date; the next review lists them under 9.3.2 a).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.core.dates import EARLIEST, LATEST
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.reviews.purposes import MANAGEMENT_REVIEWS, WITH_THE_REVIEW

TEXT_MAX = 20000
OUTPUT_TEXT_MAX = 2000


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("management review", "in preparation")
    HELD = "held", pgettext_lazy("management review", "held")
    CLOSED = "closed", pgettext_lazy("management review", "closed")


class OutputKind(models.TextChoices):
    IMPROVEMENT = "improvement", _("improvement decision")
    CHANGE = "change", _("change to the management system")
    RESOURCE = "resource", _("resource need")


class OutputStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("review output", "open")
    DONE = "done", pgettext_lazy("review output", "done")


def _bounded(field: str) -> Q:
    return Q(**{f"{field}__gte": EARLIEST, f"{field}__lte": LATEST})


@declare(
    PersonalData(
        ("chair", "participants"),
        category=Category.EMPLOYMENT,
        purpose=MANAGEMENT_REVIEWS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_REVIEW,
    ),
    PersonalData(
        ("issues_changes", "resource_notes", "minutes", "pack"),
        category=Category.FREE_TEXT,
        purpose=MANAGEMENT_REVIEWS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_REVIEW,
    ),
    not_personal=(
        "organization",
        "number",
        "title",
        "period_start",
        "period_end",
        "held_on",
        "status",
        "created_at",
        "held_at",
        "closed_at",
    ),
)
class ManagementReview(models.Model):
    """One management review of a period: its inputs (9.3.2), minutes and outputs (9.3.3)."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    held_on = models.DateField(_("held on"), null=True, blank=True)
    chair = models.ForeignKey(
        "core.Membership",
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        "core.Membership", verbose_name=_("participants"), blank=True, related_name="+"
    )
    issues_changes = models.TextField(
        _("changes in internal and external issues"), max_length=TEXT_MAX, blank=True
    )
    resource_notes = models.TextField(_("adequacy of resources"), max_length=TEXT_MAX, blank=True)
    minutes = models.TextField(_("minutes"), max_length=TEXT_MAX, blank=True)
    # The input pack as it was presented (``reviews.pack``): set when the review is held, never again.
    pack = models.JSONField(_("input pack"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    held_at = models.DateTimeField(pgettext_lazy("management review", "held"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("management review", "closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="reviews_review_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="reviews_review_number_positive"),
            models.CheckConstraint(condition=~Q(title=""), name="reviews_review_has_title"),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="reviews_review_period_ordered"
            ),
            models.CheckConstraint(
                condition=_bounded("period_start") & _bounded("period_end"),
                name="reviews_review_period_bounded",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="reviews_review_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.DRAFT, pack__isnull=True, held_on__isnull=True)
                | (
                    ~Q(status=ReviewStatus.DRAFT)
                    & Q(pack__isnull=False, held_on__isnull=False, held_at__isnull=False)
                ),
                name="reviews_review_held_has_pack",
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=ReviewStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="reviews_review_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


@declare(
    PersonalData(
        ("owner", "owner_name"),
        category=Category.EMPLOYMENT,
        purpose=MANAGEMENT_REVIEWS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_REVIEW,
    ),
    PersonalData(
        ("text",),
        category=Category.FREE_TEXT,
        purpose=MANAGEMENT_REVIEWS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_REVIEW,
    ),
    not_personal=("review", "kind", "due_on", "status", "done_at", "created_at"),
)
class ReviewOutput(models.Model):
    """A decision of the review with an owner and a due date: an improvement, a change, a resource need."""

    organization_path = "review__organization"

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("management review"),
        on_delete=models.CASCADE,
        related_name="outputs",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=OutputKind.choices)
    text = models.TextField(_("decision"), max_length=OUTPUT_TEXT_MAX)
    owner = models.ForeignKey(
        "core.Membership", verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(_("responsible"), max_length=150)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutputStatus.choices, default=OutputStatus.OPEN
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("output of a management review")
        verbose_name_plural = _("outputs of management reviews")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="reviews_output_has_text"),
            models.CheckConstraint(condition=Q(kind__in=OutputKind.values), name="reviews_output_kind_known"),
            models.CheckConstraint(condition=_bounded("due_on"), name="reviews_output_due_bounded"),
            models.CheckConstraint(
                condition=Q(status=OutputStatus.OPEN, done_at__isnull=True)
                | Q(status=OutputStatus.DONE, done_at__isnull=False),
                name="reviews_output_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
