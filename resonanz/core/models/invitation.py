from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core.models.purposes import INVITATION_RETENTION, MEMBERS
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    REVOKED = "revoked", _("withdrawn")
    EXPIRED = "expired", _("expired")


@declare(
    PersonalData(
        ("email", "accepted_by"),
        category=Category.IDENTIFICATION,
        purpose=MEMBERS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=INVITATION_RETENTION,
    ),
    PersonalData(
        ("roles", "job_title", "unit", "location"),
        category=Category.EMPLOYMENT,
        purpose=MEMBERS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=INVITATION_RETENTION,
    ),
    PersonalData(
        ("invited_by",),
        category=Category.ACTIVITY,
        purpose=MEMBERS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=INVITATION_RETENTION,
    ),
    not_personal=("organization", "token_hash", "status", "created_at", "expires_at", "answered_at"),
)
class Invitation(models.Model):
    """An organization's invitation to an e-mail address; the person becomes a member by accepting.

    Until then the organization knows only the address it typed and the invitation's status: not
    whether the address has an account, nor any name. The link's token is stored as a hash only.
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    roles = models.JSONField(_("roles"), default=list)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=150, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per address and organization: a second one would be a second e-mail.
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(status="pending"),
                name="core_invitation_one_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InvitationStatus.values), name="core_invitation_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", answered_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(answered_at__isnull=False)),
                name="core_invitation_answered_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at > (now or timezone.now())

    @property
    def shown_status(self) -> str:
        """The status in words, with an expired invitation called so."""
        if self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now():
            return str(InvitationStatus.EXPIRED.label)
        return str(self.get_status_display())
