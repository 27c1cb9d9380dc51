"""The form of the analytics switches: it only reads the values; ``change_analytics_settings`` judges them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.consent.models import MIN_GROUP_SIZE_HIGHEST, MIN_GROUP_SIZE_LOWEST


class AnalyticsSettingsForm(forms.Form):
    person_analytics = forms.BooleanField(
        label=_("Person-level analytics"),
        required=False,
        help_text=_(
            "Those who analyse reach see the figures of single people, under their names – but only of "
            "people who have consented to it themselves. Everyone always sees their own figures."
        ),
    )
    leaderboard = forms.BooleanField(
        label=_("Leaderboard"),
        required=False,
        help_text=_(
            "Shows a ranking of the people who share the most. Only people who have consented to it "
            "appear on it."
        ),
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum group size"),
        widget=forms.NumberInput(attrs={"min": MIN_GROUP_SIZE_LOWEST, "max": MIN_GROUP_SIZE_HIGHEST}),
        help_text=_(
            "Figures of a group (a unit, a location) are shown only when it has at least this many "
            "people, so that nobody can be singled out. Default: 5."
        ),
    )
