"""Forms of the accounts page: they only validate; the actions decide (and the network confirms)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.models import Channel
from resonanz.publishing.models import AccountKind

OAUTH_CHOICES = [("mastodon", "Mastodon"), ("linkedin", "LinkedIn"), ("x", "X")]


class _AccountForm(StyledForm):
    """Whose account: the organization's (account managers only) or the member's own."""

    kind = forms.ChoiceField(label=_("Whose account"), choices=AccountKind.choices, widget=forms.RadioSelect)
    channel = forms.ModelChoiceField(
        label=_("Channel of the plan"),
        queryset=Channel.objects.none(),
        required=False,
        help_text=_("For company accounts: the channel of the communication plan this account serves."),
    )

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = member.can(Capability.MANAGE_ACCOUNTS)
        self.fields["channel"].queryset = (  # type: ignore[attr-defined]
            Channel.objects.filter(organization_id=member.organization_id).order_by("name", "pk")
            if manager
            else Channel.objects.none()
        )
        if not manager:
            # Only one's own account: nothing to choose.
            self.fields["kind"].choices = [(AccountKind.PERSONAL, AccountKind.PERSONAL.label)]  # type: ignore[attr-defined]
            self.fields["kind"].initial = AccountKind.PERSONAL
            del self.fields["channel"]
        self.fields["kind"].initial = self.fields["kind"].initial or AccountKind.COMPANY


class BlueskyForm(_AccountForm):
    handle = forms.CharField(
        label=_("Bluesky handle"),
        max_length=253,
        widget=forms.TextInput(attrs={"autocomplete": "username", "placeholder": "name.bsky.social"}),
    )
    app_password = forms.CharField(
        label=_("App password"),
        max_length=256,
        strip=False,
        help_text=_(
            "Make an app password in Bluesky under Settings → Privacy and security → App passwords. "
            "Never enter your account password here."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    server = forms.URLField(
        label=_("Server"),
        max_length=300,
        required=False,
        assume_scheme="https",
        help_text=_("Leave empty for bsky.social; fill in only if your account lives on its own server."),
    )


class OAuthForm(_AccountForm):
    network = forms.ChoiceField(label=_("Network"), choices=OAUTH_CHOICES, widget=forms.HiddenInput)
    instance = forms.CharField(
        label=_("Mastodon server"),
        max_length=300,
        required=False,
        help_text=_("For Mastodon: the server your account lives on, e.g. social.example."),
    )
    linkedin_page = forms.CharField(
        label=_("LinkedIn page"),
        max_length=300,
        required=False,
        help_text=_(
            "For a company account, which posts as your organization's LinkedIn page: needed only if you "
            "manage several pages. The page's number or its admin address, e.g. "
            "https://www.linkedin.com/company/12345/admin/."
        ),
    )


class WebhookForm(StyledForm):
    url = forms.URLField(
        label=_("Receiver address"), max_length=300, assume_scheme="https", help_text=_("An https address.")
    )
    channel = forms.ModelChoiceField(
        label=_("Channel of the plan"), queryset=Channel.objects.none(), required=False
    )

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(  # type: ignore[attr-defined]
            organization_id=member.organization_id
        ).order_by("name", "pk")
