"""Forms of the people pages. They only validate input; the actions normalise and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.people.models import HANDLE_MAX_LENGTH, Network, ProgramRole
from resonanz.people.profile_values import TIME_ZONE_MAX_LENGTH

# Topics offered as choices; an organization has tens of them, a list longer than this is cut.
MAX_TOPIC_CHOICES = 300


class ProfileForm(StyledForm):
    languages = forms.CharField(
        label=_("Languages"),
        max_length=200,
        required=False,
        help_text=_("Two-letter codes separated by commas, for example: de, en, fr"),
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=TIME_ZONE_MAX_LENGTH)
    expertise_topics = forms.TypedMultipleChoiceField(
        label=_("Expertise topics"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    program_role = forms.ChoiceField(label=_("Programme role"), choices=ProgramRole.choices)

    def __init__(self, *args: Any, topics: list[tuple[int, str]], sets_role: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topic_field = self.fields["expertise_topics"]
        assert isinstance(topic_field, forms.TypedMultipleChoiceField)
        topic_field.choices = topics
        if not sets_role:
            del self.fields["program_role"]


class SocialProfileForm(StyledForm):
    network = forms.ChoiceField(label=_("Network"), choices=Network.choices)
    handle = forms.CharField(
        label=_("Handle or address"),
        max_length=HANDLE_MAX_LENGTH,
        help_text=_("@name, or the address of the profile (https://…)"),
    )
