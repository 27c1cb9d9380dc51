"""The consent ledger: versioned consent texts, each person's consents with their history, and the
organization's analytics switches.

A purpose is a value of ``ConsentPurpose``, not a column: a new purpose (a private social account, the
use of one's photo) is a new value, its version 1 text (a data migration) and the widened check
constraint below, never a new table.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from resonanz.consent.purposes import (
    ANALYTICS_SETTINGS,
    CONSENT_PROOF,
    WITH_CONSENT_HISTORY,
    WITH_THE_SETTINGS,
)
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare

PURPOSE_MAX_LENGTH = 40
MIN_GROUP_SIZE_DEFAULT = 5
MIN_GROUP_SIZE_LOWEST = 2
MIN_GROUP_SIZE_HIGHEST = 100


class ConsentPurpose(models.TextChoices):
    """What a person may consent to; each is asked for separately (granular consent, Art. 7 GDPR)."""

    PERSON_ANALYTICS = "person_analytics", _("Managers may see my personal reach figures")
    LEADERBOARD = "leaderboard", _("I appear on the leaderboard")


@declare(not_personal=("purpose", "version", "text_de", "text_en", "published_at"))
class ConsentText(models.Model):
    """One version of the text a person agrees to; a published version never changes, a new text is a
    new version."""

    purpose = models.CharField(_("purpose"), max_length=PURPOSE_MAX_LENGTH, choices=ConsentPurpose.choices)
    version = models.PositiveIntegerField(_("version"))
    text_de = models.TextField(_("text in German"))
    text_en = models.TextField(_("text in English"))
    published_at = models.DateTimeField(_("published"))

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_one_per_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="consent_text_version_positive"),
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="consent_text_purpose_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version}"

    @property
    def text(self) -> str:
        """The text in the active language (German unless English is asked for)."""
        return self.text_en if translation.get_language() == "en" else self.text_de


@declare(
    PersonalData(
        ("membership", "given_at", "withdrawn_at"),
        category=Category.USAGE,
        purpose=CONSENT_PROOF,
        basis=LawfulBasis.LEGAL_OBLIGATION,
        retention=WITH_CONSENT_HISTORY,
    ),
    not_personal=("organization", "purpose", "text"),
)
class Consent(models.Model):
    """One consent of one person to one purpose: active while ``withdrawn_at`` is empty.

    A withdrawal closes the row; giving again makes a new row, so the history stays.
    """

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    membership = models.ForeignKey(
        "core.Membership", verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=PURPOSE_MAX_LENGTH, choices=ConsentPurpose.choices)
    text = models.ForeignKey(
        ConsentText, verbose_name=_("text consented to"), on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_known"
            ),
        ]
        indexes = [
            # consenting(): the active consents of one organization for one purpose.
            models.Index(
                fields=["organization", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_active_by_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.membership_id})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


@declare(
    PersonalData(
        ("changed_by",),
        category=Category.ACTIVITY,
        purpose=ANALYTICS_SETTINGS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_SETTINGS,
    ),
    not_personal=("organization", "person_analytics", "leaderboard", "min_group_size", "changed_at"),
)
class AnalyticsSettings(models.Model):
    """The organization's analytics switches; without a row the defaults hold (works-council mode)."""

    organization = models.OneToOneField(
        "core.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="analytics_settings",
    )
    person_analytics = models.BooleanField(_("person-level analytics"), default=False)
    leaderboard = models.BooleanField(_("leaderboard"), default=False)
    min_group_size = models.PositiveSmallIntegerField(_("minimum group size"), default=MIN_GROUP_SIZE_DEFAULT)
    changed_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("analytics settings")
        verbose_name_plural = _("analytics settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=MIN_GROUP_SIZE_LOWEST)
                & Q(min_group_size__lte=MIN_GROUP_SIZE_HIGHEST),
                name="consent_min_group_size_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.person_analytics}/{self.leaderboard}/{self.min_group_size}"
