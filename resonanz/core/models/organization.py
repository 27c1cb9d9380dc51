from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import declare

SLUG_VALIDATOR = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
    _("Use 1 to 50 lower-case letters, digits and hyphens; start and end with a letter or digit."),
)
RESERVED_SLUGS = frozenset(
    {"admin", "api", "static", "media", "accounts", "healthz", "r", "i18n", "o", "new"}
)


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone “%(zone)s”."), params={"zone": value}) from None


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved; choose another short name."), params={"slug": value})


@declare(
    not_personal=(
        "name",
        "slug",
        "time_zone",
        "default_language",
        "require_two_factor",
        "created_at",
        "audit_head_seq",
        "audit_head_hash",
    )
)
class Organization(models.Model):
    """A tenant: a company, or a client company of a consultancy. Every domain row belongs to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"), max_length=50, unique=True, validators=[SLUG_VALIDATOR, validate_slug_not_reserved]
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Berlin", validators=[validate_time_zone]
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=[("de", _("German")), ("en", _("English"))], default="de"
    )
    require_two_factor = models.BooleanField(
        _("two-factor authentication mandatory"),
        default=False,
        help_text=_("Members must set up an authenticator app before they can work in this organization."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Head of the hash-chained audit trail. Kept here so that removing the newest records is noticed,
    # and so that appending can lock this row: one writer extends an organization's chain at a time.
    audit_head_seq = models.BigIntegerField(default=0)
    audit_head_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(default_language__in=["de", "en"]), name="core_org_language_valid"
            ),
            models.CheckConstraint(condition=models.Q(audit_head_seq__gte=0), name="core_org_audit_head_seq"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
