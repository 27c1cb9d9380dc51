from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.models.purposes import ACCOUNT_SECURITY, WHILE_ACCOUNT_EXISTS
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


@declare(
    PersonalData(
        ("user", "action", "data", "created_at"),
        category=Category.USAGE,
        purpose=ACCOUNT_SECURITY,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    not_personal=("seq", "request_id", "prev_hash", "hash"),
)
class AccountEvent(models.Model):
    """One entry of a person's own account log: sign-ins, password and two-factor changes.

    These are about the person, not about any organization, so they stay out of organizations' audit
    trails; the person reads them on their security page. Each entry carries the hash of the one before
    (``resonanz.core.account_log``), so an altered or removed entry is noticed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_events"
    )
    seq = models.PositiveIntegerField(_("number"))
    created_at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=100)
    data = models.JSONField(_("details"), null=True, blank=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["user_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["user", "seq"], name="core_account_event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("account events are append-only")
        super().save(*args, **kwargs)

    @property
    def action_label(self) -> str:
        from resonanz.core.action_labels import action_label

        return action_label(self.action)
