"""A person's choice of e-mail digests of newly offered posts, and when the next one is due.

``next_due_at`` is stored, not derived, so the job selects due digests with one indexed query and
claims each with a conditional UPDATE of it (a re-run or a second worker cannot send one twice).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.digests.purposes import DIGESTS, WHILE_MEMBER


class Frequency(models.TextChoices):
    OFF = "off", _("no e-mails")
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly (Mondays)")


@declare(
    PersonalData(
        ("membership", "frequency", "last_sent_at"),
        category=Category.USAGE,
        purpose=DIGESTS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WHILE_MEMBER,
    ),
    not_personal=("next_due_at", "changed_at"),
)
class DigestSubscription(models.Model):
    membership = models.OneToOneField(
        "core.Membership", verbose_name=_("member"), on_delete=models.CASCADE, related_name="digest"
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.OFF
    )
    # None while the frequency is "off".
    next_due_at = models.DateTimeField(_("next digest"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    # The digest covers what was offered after the last one, or after the frequency was chosen.
    changed_at = models.DateTimeField(_("chosen"))

    class Meta:
        verbose_name = _("e-mail digest")
        verbose_name_plural = _("e-mail digests")
        indexes = [
            models.Index(fields=["next_due_at"], condition=Q(next_due_at__isnull=False), name="digests_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="digests_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency="off", next_due_at__isnull=True)
                | (~Q(frequency="off") & Q(next_due_at__isnull=False)),
                name="digests_due_unless_off",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.frequency}"
