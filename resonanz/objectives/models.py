"""Quality objectives (ISO 9001 6.2) and the values recorded by hand for those without a platform metric.

An objective is measurable by construction: a numeric target, a deadline and a data source — a metric of
the registry (``core.metrics``) or manual entries in a named unit. The database refuses the rest too.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.core.dates import EARLIEST, LATEST
from resonanz.core.metrics import Unit
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.objectives.purposes import OBJECTIVES, WITH_THE_OBJECTIVE

VALUE_DIGITS, VALUE_PLACES = 14, 2
# From the start to the deadline, both included, is one metric period (``core.period.MAX_PERIOD_DAYS``).
MAX_OBJECTIVE_DAYS = 365


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class EvaluationFrequency(models.TextChoices):
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")


class ObjectiveStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


def _within_bounds(field: str) -> Q:
    return Q(**{f"{field}__gte": EARLIEST, f"{field}__lte": LATEST})


@declare(
    PersonalData(
        ("owner",),
        category=Category.EMPLOYMENT,
        purpose=OBJECTIVES,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_OBJECTIVE,
    ),
    not_personal=(
        "organization",
        "title",
        "metric_key",
        "unit",
        "baseline",
        "target",
        "direction",
        "starts_on",
        "deadline",
        "evaluation_method",
        "frequency",
        "status",
        "final_value",
        "created_at",
    ),
)
class Objective(models.Model):
    """A measurable quality objective: from ``baseline``, at least or at most ``target`` by ``deadline``."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="quality_objectives"
    )
    title = models.CharField(_("objective"), max_length=200)
    owner = models.ForeignKey(
        "core.Membership", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    # A key of ``core.metrics`` (``advocacy.shares``), or empty for values recorded by hand.
    metric_key = models.CharField(_("metric"), max_length=100, blank=True)
    unit = models.CharField(pgettext_lazy("of a measured value", "unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    target = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    starts_on = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"))
    evaluation_method = models.TextField(_("evaluation method"), max_length=2000)
    frequency = models.CharField(
        _("evaluation frequency"), max_length=10, choices=EvaluationFrequency.choices
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ACTIVE
    )
    # The value read when the objective was closed: the result stays what it was.
    final_value = models.DecimalField(
        _("final value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        ordering = ["deadline", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="objectives_objective_has_title"),
            models.CheckConstraint(condition=~Q(unit=""), name="objectives_objective_has_unit"),
            models.CheckConstraint(
                condition=~Q(evaluation_method=""), name="objectives_objective_has_method"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="objectives_objective_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=EvaluationFrequency.values),
                name="objectives_objective_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObjectiveStatus.values), name="objectives_objective_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("starts_on")), name="objectives_objective_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=_within_bounds("starts_on") & _within_bounds("deadline"),
                name="objectives_objective_dates_bounded",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "deadline"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_manual(self) -> bool:
        return not self.metric_key

    @property
    def unit_label(self) -> str:
        """The unit as the reader's language names it: a metric's unit is stored by its code."""
        if self.metric_key and self.unit in Unit.values:
            return str(Unit(self.unit).label)
        return self.unit

    @property
    def days(self) -> int:
        return (self.deadline - self.starts_on).days


@declare(
    PersonalData(
        ("recorded_by", "recorded_by_name"),
        category=Category.ACTIVITY,
        purpose=OBJECTIVES,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_OBJECTIVE,
    ),
    PersonalData(
        ("note",),
        category=Category.FREE_TEXT,
        purpose=OBJECTIVES,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_OBJECTIVE,
    ),
    not_personal=("objective", "day", "value", "created_at"),
)
class ManualEntry(models.Model):
    """A value of a manually measured objective on one day (one value a day)."""

    organization_path = "objective__organization"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="entries")
    day = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=300)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("recorded value")
        verbose_name_plural = _("recorded values")
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "day"], name="objectives_one_entry_a_day"),
            models.CheckConstraint(condition=_within_bounds("day"), name="objectives_entry_day_bounded"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.value}"
