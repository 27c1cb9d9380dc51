"""Policies people must be aware of (ISO 9001 7.3) and their acknowledgements, with the version read.

A published document never changes (a database trigger refuses it, see migration 0002): a new version
is a new document that supersedes the previous one, and people acknowledge it again.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.events.models.purposes import AWARENESS, WITH_THE_POLICY

POLICY_TITLE_MAX_LENGTH = 200
VERSION_MAX_LENGTH = 40
POLICY_TEXT_MAX_LENGTH = 100_000


class PolicyKind(models.TextChoices):
    SOCIAL_MEDIA_GUIDELINE = "social_media_guideline", _("social media guideline")
    QUALITY_POLICY = "quality_policy", _("quality policy")
    OTHER = "other", _("other policy")


@declare(
    not_personal=(
        "organization",
        "kind",
        "title",
        "version_label",
        "text",
        "supersedes",
        "published_at",
        "created_at",
    ),
)
class PolicyDocument(models.Model):
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="policies"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=PolicyKind.choices, default=PolicyKind.OTHER)
    title = models.CharField(_("title"), max_length=POLICY_TITLE_MAX_LENGTH)
    version_label = models.CharField(_("version"), max_length=VERSION_MAX_LENGTH)
    text = models.TextField(_("text"))
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["kind", "title", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PolicyKind.values), name="events_policy_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version_label})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


@declare(
    PersonalData(
        ("membership", "acknowledged_at", "version_label"),
        category=Category.ACTIVITY,
        purpose=AWARENESS,
        basis=LawfulBasis.LEGAL_OBLIGATION,
        retention=WITH_THE_POLICY,
    ),
    not_personal=("document",),
)
class Acknowledgement(models.Model):
    """A person's statement that they have read and understood one version of a policy."""

    organization_path = "document__organization"

    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("policy document"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    membership = models.ForeignKey(
        "core.Membership", verbose_name=_("member"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    # The version read, copied from the document when acknowledged (the evidence stands on its own).
    version_label = models.CharField(_("version"), max_length=VERSION_MAX_LENGTH)
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-acknowledged_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "membership"], name="events_acknowledgement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership} – {self.document}"
