"""Forms of the core app. They only validate; actions change state."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from resonanz.core.audit_filter import AuditFilter, days
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.models import User
from resonanz.core.models.token import TokenScope
from resonanz.core.roles import Role


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap classes and point screen readers at their errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_invalid_fields()

    def add_error(self, field: str | None, error: Any) -> None:
        # Views add the refusals of actions after validation; those fields need the marks as well.
        super().add_error(field, error)
        self._mark_invalid_fields()

    def _mark_invalid_fields(self) -> None:
        errors = getattr(self, "_errors", None) or {}  # set once validation has started
        for name in errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])
                described = [f"{self[name].auto_id}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(described)


class LoginForm(StyledForm):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpForm(StyledForm):
    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class NameForm(StyledForm):
    """A person's name: title, given name and family name, or one display name instead."""

    title = forms.CharField(
        label=_("Title"),
        max_length=40,
        required=False,
        help_text=_("For example Dr. or Prof. Dr.; leave empty if you have none."),
        widget=forms.TextInput(attrs={"autocomplete": "honorific-prefix"}),
    )
    given_name = forms.CharField(
        label=_("Given name"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    family_name = forms.CharField(
        label=_("Family name"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    full_name = forms.CharField(
        label=_("Or one name to show"),
        max_length=150,
        required=False,
        help_text=_("Only if you do not want to give a given and a family name, for example a team's name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name) for name in ("given_name", "family_name", "full_name")):
            self.add_error("given_name", _("Enter your given and family name, or one name to show."))
        return cleaned

    def name_values(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name) or ""
            for name in ("title", "given_name", "family_name", "full_name")
        }

    @staticmethod
    def initial_for(user: User) -> dict[str, str]:
        parts = (user.title, user.given_name, user.family_name)
        return {
            "title": user.title,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "full_name": "" if any(parts) else user.full_name,
        }


class ProfileForm(NameForm):
    language = forms.ChoiceField(label=_("Language"), choices=[("de", _("German")), ("en", _("English"))])


class OrganizationSettingsForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, help_text=_("For example Europe/Berlin.")
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=[("de", _("German")), ("en", _("English"))]
    )
    require_two_factor = forms.BooleanField(
        label=_("Two-factor authentication is mandatory for all members"), required=False
    )


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, **kwargs
        )


class InviteMemberForm(StyledForm):
    email = forms.EmailField(label=_("E-mail address"))
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=150, required=False)
    location = forms.CharField(label=_("Location"), max_length=150, required=False)
    roles = RolesField()


class JoinForm(NameForm):
    """A person without an account accepts an invitation: their own name and password."""

    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first,
                    User(
                        email=self.email,
                        full_name=cleaned.get("full_name", ""),
                        given_name=cleaned.get("given_name", ""),
                        family_name=cleaned.get("family_name", ""),
                    ),
                )
            except ValidationError as error:
                self.add_error("password2", error)
        return cleaned


class MemberRolesForm(StyledForm):
    roles = RolesField()


class ApiTokenForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What is the token for?"))
    scope = forms.ChoiceField(label=_("Access"), choices=TokenScope.choices, initial=TokenScope.READ)
    expires_in_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)


class AuditFilterForm(StyledForm):
    # Names in either language find the codes (``core.audit_filter``); the placeholders say so.
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("for example “approved”")}),
    )
    actor = forms.CharField(label=_("Actor"), required=False, max_length=200)
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("for example “evidence”")}),
    )
    object_id = forms.CharField(label=_("Object ID"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        for value, name in ((start, "date_from"), (end, "date_to")):
            try:
                if value is not None:
                    refuse_far_date(value, name)
            except ActionRefused as error:
                self.add_error(name, error)
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period lies before its start."))
        return cleaned

    def audit_filter(self, zone: zoneinfo.ZoneInfo) -> AuditFilter:
        """What the valid form asks for, as the filter the exports and the API use as well."""
        data = self.cleaned_data
        return AuditFilter(
            action=data.get("action") or "",
            actor=data.get("actor") or "",
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id") or "",
            **days(data.get("date_from"), data.get("date_to"), zone),
        )


class PasswordResetInUserLanguageForm(PasswordResetForm):
    """Sends the reset link in the recipient's language, whatever language the requester browses in.

    It also reaches invited people who have not chosen a password yet: resonanz has no single sign-on,
    so an account without a usable password is one waiting for its first password.
    """

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))

    def send_links(self) -> None:
        """E-mail each account of the address its link, built from RESONANZ_SITE_URL (never the
        request's Host)."""
        self.save(
            domain_override=settings.SITE_URL.split("://", 1)[1],
            use_https=settings.SITE_URL.startswith("https"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            from_email=settings.DEFAULT_FROM_EMAIL,
            extra_email_context={"site_url": settings.SITE_URL},
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(context["user"].language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class ChooseNewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """The new password from an e-mailed link; saving goes through ``actions.reset_password``."""

    def save(self, commit: bool = True) -> Any:
        from resonanz.core import actions

        actions.reset_password(self.user, self.cleaned_data["new_password1"])
        return self.user
