from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core.models.purposes import ACCOUNT_SECURITY, ACCOUNTS, WHILE_ACCOUNT_EXISTS
from resonanz.core.names import compose, split_name
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


@declare(
    PersonalData(
        ("email", "full_name", "title", "given_name", "family_name"),
        category=Category.IDENTIFICATION,
        purpose=ACCOUNTS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    PersonalData(
        ("password", "totp_secret_encrypted"),
        category=Category.CREDENTIALS,
        purpose=ACCOUNTS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    PersonalData(
        ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
        category=Category.ACCESS,
        purpose=ACCOUNTS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    PersonalData(
        ("language", "last_organization"),
        category=Category.USAGE,
        purpose=ACCOUNTS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    PersonalData(
        ("last_login", "totp_confirmed_at", "totp_last_step", "failed_login_count", "locked_until"),
        category=Category.USAGE,
        purpose=ACCOUNT_SECURITY,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WHILE_ACCOUNT_EXISTS,
    ),
    not_personal=("date_joined",),
)
class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. What they may do depends on their membership in an organization."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # The name shown in lists and copied into audit records: composed from the parts below when
    # there are parts, else one display name (``resonanz.core.names``).
    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("title"), max_length=40, blank=True, default="", db_default="")
    given_name = models.CharField(_("given name"), max_length=60, blank=True, default="", db_default="")
    family_name = models.CharField(_("family name"), max_length=80, blank=True, default="", db_default="")
    language = models.CharField(
        _("language"), max_length=8, choices=[("de", _("German")), ("en", _("English"))], default="de"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Two-factor authentication: the TOTP secret is encrypted with RESONANZ_ENCRYPTION_KEY.
    totp_secret_encrypted = models.TextField(blank=True, default="")
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0)
    # Lock-out after repeated failed logins.
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_organization = models.ForeignKey(
        "core.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="core_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(language__in=["de", "en"]), name="core_user_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """How the person is greeted: the given name (never a title), else the display name."""
        return self.given_name or self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and not (self.given_name or self.family_name) and self.full_name:
            # A new account named in one piece (CLI, API, import, invitation by an administrator).
            self.title, self.given_name, self.family_name = split_name(self.full_name)
        if self.given_name or self.family_name:
            self.full_name = compose(self.title, self.given_name, self.family_name)[:150]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "given_name", "family_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "full_name"}
        super().save(*args, **kwargs)

    @property
    def has_two_factor(self) -> bool:
        return self.totp_confirmed_at is not None
