"""The competence catalogue of an organization and what roles and channels require of it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import declare
from resonanz.core.roles import Role

NAME_MAX_LENGTH = 150
DESCRIPTION_MAX_LENGTH = 5000


@declare(not_personal=("organization", "name", "description", "is_active", "created_at"))
class Competence(models.Model):
    """Something a person can be required to be able to do, and hold a certificate for."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="competences"
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="competence_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


@declare(not_personal=("organization", "role", "competence", "created_at"))
class RoleRequirement(models.Model):
    """Everyone holding ``role`` needs ``competence`` (shown as "required" in the training matrix)."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.CASCADE, related_name="role_requirements"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence required by a role")
        verbose_name_plural = _("competences required by roles")
        ordering = ["role", "competence__name"]
        constraints = [
            models.UniqueConstraint("organization", "role", "competence", name="competence_role_req_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="competence_role_req_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.competence_id}"


@declare(not_personal=("organization", "channel", "competence", "created_at"))
class ChannelRequirement(models.Model):
    """Whoever sends on ``channel`` needs ``competence`` (competence gating of plan rows)."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="+")
    channel = models.ForeignKey(
        "plan.Channel",
        verbose_name=_("channel"),
        on_delete=models.CASCADE,
        related_name="competence_requirements",
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        on_delete=models.CASCADE,
        related_name="channel_requirements",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence required by a channel")
        verbose_name_plural = _("competences required by channels")
        ordering = ["channel__name", "competence__name"]
        constraints = [
            models.UniqueConstraint(
                "organization", "channel", "competence", name="competence_channel_req_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.competence_id}"
