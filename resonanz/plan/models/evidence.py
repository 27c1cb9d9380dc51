"""Evidence that a planned communication happened, and the log of review reminders sent."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.plan.models.purposes import EVIDENCE, REVIEWS, WITH_THE_PLAN


class EvidenceKind(models.TextChoices):
    MANUAL = "manual", _("marked as done")
    POST = "post", _("post")
    NEWSLETTER = "newsletter", _("newsletter")
    MEETING = "meeting", _("meeting")


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return f"plan/evidence/{instance.organization_id}/{filename}"


@declare(
    PersonalData(
        ("recorded_by", "recorded_by_name"),
        category=Category.ACTIVITY,
        purpose=EVIDENCE,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    PersonalData(
        ("note", "attachment", "link"),
        category=Category.FREE_TEXT,
        purpose=EVIDENCE,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "organization",
        "plan",
        "row_key",
        "occurred_at",
        "planned_for",
        "kind",
        "content_type",
        "object_id",
        "recorded_at",
    ),
)
class Evidence(models.Model):
    """Proof that a row of the plan was carried out: a linked post or newsletter, or a note and a file.

    Evidence belongs to the plan and the row's ``row_key``, not to one version, so it survives the
    next version of the plan. ``planned_for`` names the planned occurrence it fulfils, when known.
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="plan_evidence"
    )
    plan = models.ForeignKey("plan.CommunicationPlan", on_delete=models.CASCADE, related_name="evidence")
    row_key = models.UUIDField(_("row key"))
    occurred_at = models.DateTimeField(_("carried out"))
    planned_for = models.DateTimeField(_("planned occurrence"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=EvidenceKind.choices, default=EvidenceKind.MANUAL
    )
    note = models.TextField(_("note"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=evidence_upload_to, max_length=300, blank=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    executed_object = GenericForeignKey("content_type", "object_id")
    recorded_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=150, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence record")
        verbose_name_plural = _("evidence records")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EvidenceKind.values), name="plan_evidence_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id="")
                | Q(content_type__isnull=False) & ~Q(object_id=""),
                name="plan_evidence_link_complete",
            ),
            # The same executed object counts once per row, however often a job retries the link.
            models.UniqueConstraint(
                "plan",
                "row_key",
                "content_type",
                "object_id",
                condition=Q(content_type__isnull=False),
                name="plan_evidence_link_once",
            ),
            # A planned occurrence is done once, however many people click at the same moment.
            models.UniqueConstraint(
                "plan",
                "row_key",
                "planned_for",
                condition=Q(planned_for__isnull=False),
                name="plan_evidence_occurrence_once",
            ),
        ]
        indexes = [models.Index(fields=["plan", "row_key", "occurred_at"], name="plan_evidence_row_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    UPCOMING = "upcoming", _("review due soon")
    OVERDUE = "overdue", _("review overdue")


@declare(
    PersonalData(
        ("recipient",),
        category=Category.IDENTIFICATION,
        purpose=REVIEWS,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "plan",
        "kind",
        "due_date",
        "claimed_at",
        "sent_at",
    ),
)
class ReviewReminder(models.Model):
    """One reminder about one due date of one plan. The unique constraint is the claim: a second worker
    (or a re-run) cannot insert the same reminder, so it is never sent twice."""

    plan = models.ForeignKey("plan.CommunicationPlan", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    due_date = models.DateField()
    recipient = models.CharField(max_length=254)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint("plan", "kind", "due_date", name="plan_reminder_once"),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="plan_reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.kind} {self.due_date}"
