"""A pair's coaching plan: goals, sessions (notes private to the pair), milestones, topic campaigns."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.buddy.models.program import Pair
from resonanz.buddy.models.purposes import PROGRAMME, WHILE_IN_PROGRAMME
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


def _free_text(*fields: str) -> PersonalData:
    return PersonalData(
        fields,
        category=Category.FREE_TEXT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    )


def _coaching(*fields: str) -> PersonalData:
    return PersonalData(
        fields,
        category=Category.EMPLOYMENT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    )


@declare(_free_text("goals"), not_personal=("pair", "updated_at"))
class CoachingPlan(models.Model):
    organization_path = "pair__organization"

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="coaching_plan")
    goals = models.TextField(_("goals"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("coaching plan")
        verbose_name_plural = _("coaching plans")

    def __str__(self) -> str:
        return str(self.pair)


@declare(
    _coaching("starts_at", "duration_minutes"),
    _free_text("topic", "notes"),
    not_personal=("pair", "created_at"),
)
class CoachingSession(models.Model):
    """A meeting of the pair. The notes are read by the buddy and the colleague only."""

    organization_path = "pair__organization"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=45)
    topic = models.CharField(_("subject"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.pair}: {self.starts_at:%Y-%m-%d %H:%M}"


@declare(_coaching("due_on", "done_on"), _free_text("title"), not_personal=("pair", "created_at"))
class Milestone(models.Model):
    organization_path = "pair__organization"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


@declare(
    _coaching("topic", "starts_on", "ends_on", "status"),
    _free_text("title"),
    not_personal=("pair", "created_at"),
)
class TopicCampaign(models.Model):
    """A campaign the colleague runs on one topic, with the buddy's help."""

    organization_path = "pair__organization"

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="campaigns")
    topic = models.ForeignKey(
        "plan.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("topic campaign")
        verbose_name_plural = _("topic campaigns")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CampaignStatus.values), name="buddy_campaign_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="buddy_campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title
