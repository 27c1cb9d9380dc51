"""Mentions of the organization, their imports, the alarms raised from them and the monitoring settings.

A mention is stored once per organization, network and id on the network, however often it is fetched
or imported (a database constraint). Its tone is scored when it is stored. Volume and negative share per
hour are counted from the mentions (indexed by organization and time), not stored separately.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.monitoring.purposes import (
    MENTIONS_KEPT,
    MONITORING,
    MONITORING_DUTIES,
    WITH_THE_IMPORT,
    WITH_THE_SETTINGS,
)

MAX_TEXT_LENGTH = 10_000
MAX_ID_LENGTH = 300
MAX_AUTHOR_LENGTH = 300
MAX_NETWORK_LENGTH = 40
MAX_PLAYBOOK_ITEMS = 40
MAX_PLAYBOOK_ITEM_LENGTH = 300


class Tone(models.TextChoices):
    NEGATIVE = "negative", _("negative")
    NEUTRAL = "neutral", _("neutral")
    POSITIVE = "positive", _("positive")
    UNSCORED = "unscored", _("not scored (language)")


class AlarmReason(models.TextChoices):
    SPIKE = "spike", _("volume spike with negative tone")
    SLOW_BURN = "slow_burn", _("tone turning negative (slow burn)")


@declare(
    PersonalData(
        ("imported_by", "imported_by_name"),
        category=Category.ACTIVITY,
        purpose=MONITORING_DUTIES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_IMPORT,
    ),
    PersonalData(
        ("file_name",),
        category=Category.FREE_TEXT,
        purpose=MONITORING_DUTIES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_IMPORT,
    ),
    not_personal=("organization", "imported_at", "rows", "stored", "duplicates"),
)
class MentionImport(models.Model):
    """One uploaded file of mentions from other sources: stored whole or not at all."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    imported_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_by_name = models.CharField(_("imported by"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported"))
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    stored = models.PositiveIntegerField(_("stored"))
    duplicates = models.PositiveIntegerField(_("already stored"))

    class Meta:
        verbose_name = _("mention import")
        verbose_name_plural = _("mention imports")
        ordering = ["-imported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows=models.F("stored") + models.F("duplicates")),
                name="monitoring_import_rows_add_up",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name or str(self.imported_at)


@declare(
    PersonalData(
        ("author", "text"),
        category=Category.FREE_TEXT,
        purpose=MONITORING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=MENTIONS_KEPT,
    ),
    not_personal=(
        "organization",
        "network",
        "account",
        "external_id",
        "posted_at",
        "lang",
        "tone",
        "batch",
        "stored_at",
    ),
)
class Mention(models.Model):
    """A public post that mentions or replies to the organization, fetched from a connected account or
    imported."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    network = models.CharField(_("network"), max_length=MAX_NETWORK_LENGTH)
    # The organization's account the mention was fetched through; empty for imported mentions.
    account = models.ForeignKey(
        "publishing.NetworkAccount",
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    batch = models.ForeignKey(
        MentionImport,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentions",
    )
    external_id = models.CharField(_("id on the network"), max_length=MAX_ID_LENGTH)
    author = models.CharField(_("author"), max_length=MAX_AUTHOR_LENGTH)
    posted_at = models.DateTimeField(_("posted"))
    lang = models.CharField(_("language"), max_length=16, blank=True)
    text = models.TextField(_("text"), max_length=MAX_TEXT_LENGTH)
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices)
    stored_at = models.DateTimeField(_("stored"), auto_now_add=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["-posted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "organization", "network", "external_id", name="monitoring_mention_once_per_network"
            ),
            models.CheckConstraint(condition=Q(tone__in=Tone.values), name="monitoring_mention_tone_valid"),
            models.CheckConstraint(condition=~Q(external_id=""), name="monitoring_mention_has_id"),
        ]
        indexes = [models.Index(fields=["organization", "posted_at"], name="monitoring_mention_time")]

    def __str__(self) -> str:
        return f"{self.network}:{self.external_id}"


@declare(
    not_personal=(
        "organization",
        "at",
        "hour",
        "reason",
        "voices",
        "expected",
        "negative_share",
        "created_at",
        "incident_key",
    ),
)
class MonitoringAlarm(models.Model):
    """An alarm of the shitstorm early warning. One per organization, reason and hour of onset: a job that
    runs again opens nothing twice."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("raised at"))
    hour = models.DateTimeField(_("hour"))  # the UTC start of the hour of ``at``: the onset
    reason = models.CharField(_("reason"), max_length=12, choices=AlarmReason.choices)
    voices = models.PositiveIntegerField(_("voices"))
    expected = models.FloatField(_("expected"))
    negative_share = models.FloatField(_("negative share"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # What the incident hook answered (the incident's key), empty while no incident was opened.
    incident_key = models.CharField(_("incident"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("monitoring alarm")
        verbose_name_plural = _("monitoring alarms")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint("organization", "reason", "hour", name="monitoring_alarm_once_per_onset"),
            models.CheckConstraint(
                condition=Q(reason__in=AlarmReason.values), name="monitoring_alarm_reason"
            ),
            models.CheckConstraint(
                condition=Q(negative_share__gte=0, negative_share__lte=1), name="monitoring_alarm_share"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.at:%Y-%m-%d %H:%M}"


@declare(
    PersonalData(
        ("on_call",),
        category=Category.EMPLOYMENT,
        purpose=MONITORING_DUTIES,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_SETTINGS,
    ),
    not_personal=("organization", "playbook", "updated_at"),
)
class MonitoringSettings(models.Model):
    """The organization's monitoring: who is on call for alarms, and the crisis playbook (a checklist).
    The time zone is the organization's."""

    organization = models.OneToOneField(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    on_call = models.ForeignKey(
        "core.Membership",
        verbose_name=_("on-call communications manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    playbook = models.JSONField(_("crisis playbook"), default=list, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return str(self.organization_id)


@declare(
    not_personal=(
        "account",
        "cursor",
        "claimed_until",
        "last_run_at",
        "last_error",
        "last_error_at",
        "fetched",
    ),
)
class MentionCursor(models.Model):
    """Where fetching mentions of a connected account stands; the claim lets one worker at a time fetch."""

    account = models.OneToOneField(
        "publishing.NetworkAccount", verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    # The newest notification already stored (network-specific: a Mastodon id, a Bluesky indexedAt).
    cursor = models.CharField(_("position"), max_length=300, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    fetched = models.PositiveIntegerField(_("mentions fetched"), default=0)

    class Meta:
        verbose_name = _("mention cursor")
        verbose_name_plural = _("mention cursors")

    def __str__(self) -> str:
        return str(self.account_id)
