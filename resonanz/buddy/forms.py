"""Forms of the buddy pages. They only validate and translate input; the buddy actions change state.

Choices (members, topics, buddies, opt-ins) come from the member's organization only, so a foreign id is
an invalid choice before any action sees it; the actions check again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.buddy.models import (
    MAX_CAPACITY,
    MAX_CRITERION_WEIGHT,
    MAX_WEIGHT,
    TEXT_LENGTH,
    BuddyProfile,
    CampaignStatus,
    CoachingOptIn,
)
from resonanz.core.dates import EARLIEST, LATEST
from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.core.roles import Role
from resonanz.people.models import Network
from resonanz.people.profile_values import TIME_ZONE_MAX_LENGTH
from resonanz.plan.models import Topic

NETWORKS = [
    (value, label)
    for value, label in Network.choices
    if value in ("linkedin", "xing", "bluesky", "mastodon", "x", "instagram")
]


def _topics(organization_id: int) -> Any:
    return Topic.objects.filter(organization_id=organization_id, is_active=True).order_by("position", "name")


def _day(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(
            attrs={"type": "date", "min": EARLIEST.isoformat(), "max": LATEST.isoformat()}
        ),
    )


def _languages(help_text: Any) -> forms.CharField:
    """Languages as typed (de, en); the action checks them by the people profile's rule."""
    return forms.CharField(label=_("Languages"), max_length=60, required=False, help_text=help_text)


def _time_zone(help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Time zone"), max_length=TIME_ZONE_MAX_LENGTH, required=False, help_text=help_text
    )


def _choices(form: forms.Form, name: str) -> forms.ModelChoiceField:  # type: ignore[type-arg]
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _name(member: Membership) -> str:
    return str(member.user.full_name or member.user.email)


class MemberChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _name(obj) + (f" ({obj.unit})" if obj.unit else "")


class BuddyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _name(obj.membership)


class BuddyForm(StyledForm):
    membership = MemberChoice(label=_("Buddy"), queryset=Membership.objects.none())
    capacity = forms.IntegerField(
        label=_("Capacity (colleagues at once)"), min_value=0, max_value=MAX_CAPACITY, initial=5
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = _languages(_("Two-letter codes, e.g. de, en. Empty: from the profile."))
    time_zone = _time_zone(_("e.g. Europe/Berlin. Empty: from the profile."))
    introduction = forms.CharField(
        label=_("Introduction"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self, *args: Any, organization_id: int, buddy: BuddyProfile | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(
            organization_id=organization_id, is_active=True, role_assignments__role=Role.BUDDY
        ).select_related("user")
        if buddy is not None:
            members = Membership.objects.filter(pk=buddy.membership_id).select_related("user")
            self.fields["membership"].disabled = True
        _choices(self, "membership").queryset = members.order_by("user__full_name").distinct()
        _choices(self, "topics").queryset = _topics(organization_id)


class OptInForm(StyledForm):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics I want to be visible for"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = _languages(_("Two-letter codes, e.g. de, en. Empty: from your profile."))
    time_zone = _time_zone(_("e.g. Europe/Berlin. Empty: from your profile."))
    prefers_other_unit = forms.BooleanField(label=_("I prefer a buddy from another unit"), required=False)
    wishes = forms.CharField(
        label=_("What I would like to achieve"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    share_details_with_program_managers = forms.BooleanField(
        label=_(
            "The programme managers may see my coaching plan, sessions (without notes) and profile scores"
        ),
        required=False,
        help_text=_("Without this consent they see only that you are coached, and figures without names."),
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "topics").queryset = _topics(organization_id)


class WeightsForm(StyledForm):
    topic_miss = forms.IntegerField(
        label=_("Per topic the buddy does not cover"), min_value=0, max_value=MAX_WEIGHT
    )
    timezone_hour = forms.IntegerField(
        label=_("Per hour of time difference"), min_value=0, max_value=MAX_WEIGHT
    )
    unit = forms.IntegerField(label=_("Unit preference not met"), min_value=0, max_value=MAX_WEIGHT)
    load = forms.IntegerField(
        label=_("Load balance (per colleague a buddy already has)"), min_value=0, max_value=MAX_WEIGHT
    )


class RunForm(StyledForm):
    rematch = forms.BooleanField(
        label=_("Match existing pairs anew (pairs set by hand stay)"), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class OverrideForm(ReasonForm):
    buddy_profile = BuddyChoice(label=_("Buddy"), queryset=BuddyProfile.objects.none())
    over_capacity = forms.BooleanField(label=_("Go over the buddy's capacity"), required=False)

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "buddy_profile").queryset = BuddyProfile.objects.filter(
            organization_id=organization_id, is_active=True
        ).select_related("membership__user")


class PinForm(OverrideForm):
    coaching_opt_in = BuddyChoice(label=_("Colleague"), queryset=CoachingOptIn.objects.none())

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, organization_id=organization_id, **kwargs)
        _choices(self, "coaching_opt_in").queryset = CoachingOptIn.objects.filter(
            organization_id=organization_id, is_active=True
        ).select_related("membership__user")


class GoalsForm(StyledForm):
    goals = forms.CharField(
        label=_("Goals"), max_length=TEXT_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class SessionForm(StyledForm):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=45
    )
    topic = forms.CharField(label=_("Subject"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes (only you and your buddy read them)"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_starts_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["starts_at"]
        if not EARLIEST.year <= value.year <= LATEST.year:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                params={"earliest": EARLIEST.year, "latest": LATEST.year},
            )
        return value


class MilestoneForm(StyledForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = _day(_("Due on"))


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("Campaign"), max_length=200)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    starts_on = _day(_("Starts on"))
    ends_on = _day(_("Ends on"))
    status = forms.ChoiceField(
        label=_("Status"), choices=CampaignStatus.choices, initial=CampaignStatus.PLANNED
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "topic").queryset = _topics(organization_id)


class CheckForm(StyledForm):
    network = forms.ChoiceField(label=_("Network"), choices=NETWORKS)
    passed = forms.MultipleChoiceField(
        label=_("What holds"), required=False, widget=forms.CheckboxSelectMultiple
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        passed = self.fields["passed"]
        assert isinstance(passed, forms.MultipleChoiceField)
        passed.choices = keys


class CriterionForm(StyledForm):
    network = forms.ChoiceField(label=_("Network"), choices=NETWORKS)
    label = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=MAX_CRITERION_WEIGHT, initial=10)


class CriterionEditForm(StyledForm):
    label = forms.CharField(label=_("Criterion"), max_length=200)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=MAX_CRITERION_WEIGHT)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Inactive criteria are left out of new checks.")
    )
