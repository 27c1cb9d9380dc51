from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.models.purposes import MEMBERS, WHILE_MEMBER
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.core.roles import Capability, Role, capabilities_for


@declare(
    PersonalData(
        ("user",),
        category=Category.IDENTIFICATION,
        purpose=MEMBERS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_MEMBER,
    ),
    PersonalData(
        ("is_active", "job_title", "unit", "location"),
        category=Category.EMPLOYMENT,
        purpose=MEMBERS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_MEMBER,
    ),
    not_personal=("organization", "created_at"),
)
class Membership(models.Model):
    """A user's place in one organization, with one or more roles. Actions take the acting member."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="memberships"
    )
    is_active = models.BooleanField(_("active"), default=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    unit = models.CharField(_("unit"), max_length=150, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="core_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(assignment.role for assignment in self.role_assignments.all())

    @cached_property
    def capabilities(self) -> frozenset[Capability]:
        return capabilities_for(self.roles) if self.is_active else frozenset()

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in Role.values if role in self.roles]


@declare(
    PersonalData(
        ("membership", "role"),
        category=Category.EMPLOYMENT,
        purpose=MEMBERS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_MEMBER,
    ),
)
class MembershipRole(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="core_membership_role_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="core_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.role
