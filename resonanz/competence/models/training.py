"""Trainings that build competences, who takes part, and whether they were effective (ISO 9001 7.2 c)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from resonanz.competence.models.purposes import COMPETENCE, WITH_THE_EVIDENCE
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


class TrainingFormat(models.TextChoices):
    IN_HOUSE_COURSE = "in_house_course", _("in-house course over several months")
    SEMINAR = "seminar", _("seminar")
    E_LEARNING = "e_learning", _("e-learning")
    WORKSHOP = "workshop", _("workshop")


@declare(
    not_personal=(
        "organization",
        "title",
        "provider",
        "format",
        "starts_on",
        "ends_on",
        "competences",
        "description",
        "created_at",
    ),
)
class Training(models.Model):
    """A course, seminar, e-learning or workshop and the competences it builds."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=TrainingFormat.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    competences = models.ManyToManyField(
        "competence.Competence", verbose_name=_("competences built"), blank=True, related_name="trainings"
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=TrainingFormat.values), name="competence_training_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="competence_training_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ParticipationStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped out")


@declare(
    PersonalData(
        ("membership", "status", "completed_on"),
        category=Category.EMPLOYMENT,
        purpose=COMPETENCE,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_EVIDENCE,
    ),
    not_personal=("training", "created_at"),
)
class TrainingParticipation(models.Model):
    """One person taking part in one training."""

    organization_path = "training__organization"

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participations")
    membership = models.ForeignKey(
        "core.Membership", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ParticipationStatus.choices, default=ParticipationStatus.ENROLLED
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["training", "pk"]
        constraints = [
            models.UniqueConstraint("training", "membership", name="competence_participation_once"),
            models.CheckConstraint(
                condition=Q(status__in=ParticipationStatus.values),
                name="competence_participation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status=ParticipationStatus.COMPLETED),
                name="competence_participation_completed_on_only_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_id}: {self.membership_id}"


class EffectivenessResult(models.TextChoices):
    PENDING = "pending", _("not yet assessed")
    EFFECTIVE = "effective", _("effective")
    PARTLY = "partly", _("partly effective")
    NOT_EFFECTIVE = "not_effective", _("not effective")


@declare(
    PersonalData(
        ("assessed_by",),
        category=Category.ACTIVITY,
        purpose=COMPETENCE,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_EVIDENCE,
    ),
    PersonalData(
        ("notes",),
        category=Category.FREE_TEXT,
        purpose=COMPETENCE,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_EVIDENCE,
    ),
    not_personal=("training", "planned_on", "method", "result", "assessed_on", "created_at"),
)
class EffectivenessCheck(models.Model):
    """A planned evaluation of whether a training achieved what it should (ISO 9001 7.2 c) and its result."""

    organization_path = "training__organization"

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="effectiveness_checks")
    planned_on = models.DateField(_("planned for"))
    method = models.CharField(_("method"), max_length=300)
    result = models.CharField(
        _("result"), max_length=16, choices=EffectivenessResult.choices, default=EffectivenessResult.PENDING
    )
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("effectiveness check")
        verbose_name_plural = _("effectiveness checks")
        ordering = ["planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=EffectivenessResult.values),
                name="competence_effectiveness_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_id} {self.planned_on}"
