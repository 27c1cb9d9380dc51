"""Forms of the share library: they only validate; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.advocacy.library_access import own_accounts
from resonanz.advocacy.models import NOTE_MAX_LENGTH
from resonanz.content.models import Language, PostNetwork
from resonanz.content.models.posts import MAX_VARIANT_CHARS
from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.plan.models import Audience, Topic
from resonanz.publishing.models import NetworkAccount

MAX_CHOICES = 200


class LibraryFilterForm(StyledForm):
    """The library's filters (GET); an unknown value is simply no filter."""

    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    audience = forms.ModelChoiceField(label=_("Audience"), queryset=Audience.objects.none(), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("all")), *list(Language.choices)], required=False
    )
    network = forms.ChoiceField(
        label=_("Network"), choices=[("", _("all")), *list(PostNetwork.choices)], required=False
    )

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization_id = member.organization_id
        topic, audience = self.fields["topic"], self.fields["audience"]
        assert isinstance(topic, forms.ModelChoiceField) and isinstance(audience, forms.ModelChoiceField)
        topic.queryset = Topic.objects.filter(organization_id=organization_id, is_active=True)
        audience.queryset = Audience.objects.filter(organization_id=organization_id, is_active=True)


class OfferForm(StyledForm):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audiences"),
        queryset=Audience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note for ambassadors"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this post is worth sharing, and for whom."),
    )

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization_id = member.organization_id
        topics, audiences = self.fields["topics"], self.fields["audiences"]
        assert isinstance(topics, forms.ModelMultipleChoiceField)
        assert isinstance(audiences, forms.ModelMultipleChoiceField)
        topics.queryset = Topic.objects.filter(organization_id=organization_id, is_active=True)
        audiences.queryset = Audience.objects.filter(organization_id=organization_id, is_active=True)


class ShareForm(StyledForm):
    """One network's share form on an item's page: the text, and the own account to publish on."""

    CHECK, SHARE, COPY = "check", "share", "copy"

    network = forms.ChoiceField(choices=PostNetwork.choices, widget=forms.HiddenInput)
    account = forms.ModelChoiceField(
        label=_("Your account"), queryset=NetworkAccount.objects.none(), required=False
    )
    text = forms.CharField(
        label=pgettext_lazy("share", "Your text"),
        max_length=MAX_VARIANT_CHARS,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You may adapt the text; it is checked against the guideline again. Your link is added."),
    )
    do = forms.ChoiceField(choices=[(CHECK, CHECK), (SHARE, SHARE), (COPY, COPY)], widget=forms.HiddenInput)

    def __init__(self, *args: Any, member: Membership, network: str, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"id_{network}_%s", **kwargs)
        account = self.fields["account"]
        assert isinstance(account, forms.ModelChoiceField)
        account.queryset = own_accounts(member).filter(network=network)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("do") == self.SHARE and not data.get("account"):
            self.add_error("account", _("Choose one of your connected accounts."))
        account = data.get("account")
        if account is not None and account.network != data.get("network"):
            self.add_error("account", _("The account is on another network."))
        return data
