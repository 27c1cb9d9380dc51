"""Why a planned date was missed: reasons the organization keeps, explanations, corrective actions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.plan.models.purposes import EVIDENCE, WITH_THE_PLAN
from resonanz.plan.models.reference import ReferenceItem


@declare(not_personal=())
class MissReason(ReferenceItem):
    """A reason a planned date can be missed for ("Anlass entfallen"), from a short list per organization."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("reason for a missed date")
        verbose_name_plural = _("reasons for missed dates")
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="plan_missreason_name_unique"),
        ]


class CorrectiveStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


@declare(
    PersonalData(
        ("owner", "created_by", "created_by_name"),
        category=Category.EMPLOYMENT,
        purpose=EVIDENCE,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    PersonalData(
        ("title", "description"),
        category=Category.FREE_TEXT,
        purpose=EVIDENCE,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_PLAN,
    ),
    not_personal=("organization", "due_date", "status", "created_at", "closed_at"),
)
class CorrectiveAction(models.Model):
    """What is done so that a missed date does not happen again (ISO 9001 10.2); a plain record for now."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="plan_corrective_actions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "core.Membership",
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectiveStatus.choices, default=CorrectiveStatus.OPEN
    )
    created_by = models.ForeignKey(
        "core.Membership", verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by_name = models.CharField(_("created by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CorrectiveStatus.values), name="plan_corrective_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=CorrectiveStatus.OPEN, closed_at__isnull=True)
                | Q(status=CorrectiveStatus.CLOSED, closed_at__isnull=False),
                name="plan_corrective_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title


@declare(
    PersonalData(
        ("recorded_by", "recorded_by_name"),
        category=Category.ACTIVITY,
        purpose=EVIDENCE,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    PersonalData(
        ("text",),
        category=Category.FREE_TEXT,
        purpose=EVIDENCE,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "organization",
        "plan",
        "row_key",
        "planned_for",
        "reason",
        "corrective_action",
        "recorded_at",
    ),
)
class MissExplanation(models.Model):
    """Why a planned date of a row was not carried out. One per date; like evidence, it belongs to the
    plan and the row's ``row_key``, not to one version."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="plan_miss_explanations"
    )
    plan = models.ForeignKey(
        "plan.CommunicationPlan", on_delete=models.CASCADE, related_name="miss_explanations"
    )
    row_key = models.UUIDField(_("row key"))
    planned_for = models.DateTimeField(_("planned occurrence"))
    reason = models.ForeignKey(
        MissReason, verbose_name=_("reason"), on_delete=models.PROTECT, related_name="explanations"
    )
    text = models.TextField(_("explanation"), blank=True)
    corrective_action = models.ForeignKey(
        CorrectiveAction,
        verbose_name=_("corrective action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="explanations",
    )
    recorded_by = models.ForeignKey(
        "core.Membership", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=150)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("explanation of a missed date")
        verbose_name_plural = _("explanations of missed dates")
        ordering = ["planned_for", "pk"]
        constraints = [
            # A missed date is explained once, however many people explain it at the same moment.
            models.UniqueConstraint("plan", "row_key", "planned_for", name="plan_explanation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.planned_for:%Y-%m-%d}"
