"""Forms of the editor's pages (posts, campaigns, guideline rules): they only validate; the actions
decide and clean (``resonanz.content.post_input``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.content.actions.campaigns import DESCRIPTION_LIMIT, NAME_LIMIT
from resonanz.content.actions.guidelines import MESSAGE_LIMIT, PATTERN_LIMIT
from resonanz.content.models import (
    MAX_VARIANT_CHARS,
    Campaign,
    Language,
    Post,
    PostNetwork,
    RuleKind,
    Severity,
)
from resonanz.content.post_input import TITLE_LIMIT, URL_LIMIT
from resonanz.core.models import Membership
from resonanz.plan.models import PlanRow, VersionStatus

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def text_field_name(network: str) -> str:
    return f"text_{network}"


class PostForm(forms.Form):
    title = forms.CharField(label=_("Working title"), max_length=TITLE_LIMIT, widget=forms.TextInput(TEXT))
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, widget=forms.Select(SELECT))
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("No campaign"),
        widget=forms.Select(SELECT),
    )
    plan_row = forms.ModelChoiceField(
        label=_("Plan row"),
        queryset=PlanRow.objects.none(),
        required=False,
        empty_label=_("Unplanned"),
        widget=forms.Select(SELECT),
    )
    link_url = forms.CharField(
        label=_("Link"), max_length=URL_LIMIT, required=False, widget=forms.URLInput(TEXT)
    )
    hashtags = forms.CharField(
        label=_("Hashtags"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text=_("Separated by spaces, with or without #."),
    )
    mentions = forms.CharField(
        label=_("Mentions"),
        max_length=4000,
        required=False,
        widget=forms.TextInput(TEXT),
        help_text=_("Accounts separated by spaces, e.g. @jana@social.example."),
    )
    is_employee_post = forms.BooleanField(
        label=_("An employee's own post about the employer (the disclosure rule applies)"), required=False
    )

    def __init__(self, *args: Any, member: Membership, post: Post | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organization_id = member.organization_id
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        current = Q(pk=post.campaign_id) if post is not None and post.campaign_id else Q(pk__in=[])
        campaign.queryset = Campaign.objects.filter(
            Q(is_active=True) | current, organization_id=organization_id
        ).order_by("name")
        row = self.fields["plan_row"]
        assert isinstance(row, forms.ModelChoiceField)
        current_row = Q(pk=post.plan_row_id) if post is not None and post.plan_row_id else Q(pk__in=[])
        row.queryset = (
            PlanRow.objects.filter(version__plan__organization_id=organization_id)
            .filter(Q(version__status=VersionStatus.PUBLISHED) | current_row)
            .select_related("topic")
            .order_by("version__plan_id", "position", "pk")
        )
        for network, label in PostNetwork.choices:
            self.fields[text_field_name(network)] = forms.CharField(
                label=label,
                required=False,
                max_length=MAX_VARIANT_CHARS,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 4, "class": "form-control", "data-network": network}),
            )

    def text_fields(self) -> list[forms.BoundField]:
        return [self[text_field_name(network)] for network in PostNetwork.values]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("text_")]

    def action_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "variants": {network: data[text_field_name(network)] for network in PostNetwork.values},
            "language": data["language"],
            "campaign": data["campaign"],
            "plan_row": data["plan_row"],
            "link_url": data["link_url"],
            "hashtags": data["hashtags"],
            "mentions": data["mentions"],
            "is_employee_post": data["is_employee_post"],
        }


def initial_for(post: Post) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": post.title,
        "language": post.language,
        "campaign": post.campaign_id,
        "plan_row": post.plan_row_id,
        "link_url": post.link_url,
        "hashtags": " ".join(post.hashtags),
        "mentions": " ".join(post.mentions),
        "is_employee_post": post.is_employee_post,
    }
    for variant in post.variants.all():
        initial[text_field_name(variant.network)] = variant.text
    return initial


class PostFilterForm(forms.Form):
    """The list's filters (GET); an unknown value is simply no filter."""

    status = forms.ChoiceField(label=_("Status"), required=False, widget=forms.Select(SELECT))
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        empty_label=_("All campaigns"),
        widget=forms.Select(SELECT),
    )
    network = forms.ChoiceField(label=_("Network"), required=False, widget=forms.Select(SELECT))

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("All states"))]
        status.choices += list(Post._meta.get_field("status").choices or [])
        network = self.fields["network"]
        assert isinstance(network, forms.ChoiceField)
        network.choices = [("", _("All networks")), *PostNetwork.choices]
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = Campaign.objects.filter(organization_id=member.organization_id).order_by("name")


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_LIMIT, widget=forms.TextInput(TEXT))
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date", **TEXT})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date", **TEXT})
    )


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RuleKind.choices, widget=forms.Select(SELECT))
    pattern = forms.CharField(
        label=_("Word or phrase"), max_length=PATTERN_LIMIT, widget=forms.TextInput(TEXT)
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, widget=forms.Select(SELECT))
    message = forms.CharField(
        label=_("Message to the author"),
        max_length=MESSAGE_LIMIT,
        required=False,
        widget=forms.TextInput(TEXT),
    )


class RuleEditForm(RuleForm):
    is_active = forms.BooleanField(label=_("Checked"), required=False)
