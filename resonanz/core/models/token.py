from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core.models.purposes import ACCOUNT_SECURITY, WHILE_ACCOUNT_EXISTS
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare

TOKEN_PREFIX = "rz"  # noqa: S105  (a public marker, not a secret)


def hash_token_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class TokenScope(models.TextChoices):
    READ = "read", _("read")
    WRITE = "write", _("read and write")


@declare(
    PersonalData(
        ("user",),
        category=Category.IDENTIFICATION,
        purpose=ACCOUNT_SECURITY,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    PersonalData(
        ("secret_hash",),
        category=Category.CREDENTIALS,
        purpose=ACCOUNT_SECURITY,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    PersonalData(
        ("scope",),
        category=Category.ACCESS,
        purpose=ACCOUNT_SECURITY,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    PersonalData(
        ("last_used_at",),
        category=Category.USAGE,
        purpose=ACCOUNT_SECURITY,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    not_personal=("organization", "name", "prefix", "created_at", "expires_at", "revoked_at"),
)
class ApiToken(models.Model):
    """A personal API token, bound to one organization. Only a SHA-256 hash of the secret is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=TokenScope.values), name="core_token_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
