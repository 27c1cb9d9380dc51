"""Certificates: who holds which competence, since when, until when, with the evidence file."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from resonanz.competence.models.purposes import COMPETENCE, REMINDERS, WITH_THE_EVIDENCE
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


def certificate_upload_to(instance: Certificate, filename: str) -> str:
    return f"competence/certificates/{instance.organization_id}/{filename}"


@declare(
    PersonalData(
        ("membership", "competence", "training", "issued_on", "expires_on", "issuer"),
        category=Category.EMPLOYMENT,
        purpose=COMPETENCE,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_EVIDENCE,
    ),
    PersonalData(
        ("evidence",),
        category=Category.FREE_TEXT,
        purpose=COMPETENCE,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_EVIDENCE,
    ),
    not_personal=("organization", "created_at"),
)
class Certificate(models.Model):
    """Proof that a person holds a competence; without an expiry date it does not expire.

    It is valid on a day from ``issued_on`` to ``expires_on`` inclusive.
    """

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        "core.Membership", verbose_name=_("holder"), on_delete=models.CASCADE, related_name="certificates"
    )
    competence = models.ForeignKey(
        "competence.Competence",
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    training = models.ForeignKey(
        "competence.Training",
        verbose_name=_("training"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    evidence = models.FileField(
        _("evidence file"), upload_to=certificate_upload_to, max_length=300, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("issued_on")),
                name="competence_certificate_expires_after_issue",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "membership", "competence"], name="competence_cert_holder_idx"
            ),
            models.Index(fields=["organization", "expires_on"], name="competence_cert_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.competence_id}: {self.membership_id} {self.issued_on}"


class CertificateReminderKind(models.TextChoices):
    DAYS_30 = "30_days", _("30 days before expiry")


@declare(
    PersonalData(
        ("certificate",),
        category=Category.EMPLOYMENT,
        purpose=REMINDERS,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_EVIDENCE,
    ),
    not_personal=("kind", "claimed_at", "sent_at"),
)
class CertificateReminder(models.Model):
    """One reminder of one kind about one certificate. The unique constraint is the claim: a second
    worker (or a re-run) cannot insert it again, so it is never sent twice."""

    organization_path = "certificate__organization"

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=CertificateReminderKind.choices)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate reminder")
        verbose_name_plural = _("certificate reminders")
        constraints = [
            models.UniqueConstraint("certificate", "kind", name="competence_certificate_reminder_once"),
            models.CheckConstraint(
                condition=Q(kind__in=CertificateReminderKind.values), name="competence_reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind}"
