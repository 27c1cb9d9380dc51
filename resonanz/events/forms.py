"""Forms of the events pages. They only validate and translate input; the events actions change state."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.events.models import (
    DESCRIPTION_MAX_LENGTH,
    MAX_CAPACITY,
    PLACE_MAX_LENGTH,
    POLICY_TEXT_MAX_LENGTH,
    POLICY_TITLE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    VERSION_MAX_LENGTH,
    EventKind,
    PolicyKind,
)

_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class EventForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=_MOMENT, input_formats=_MOMENT_FORMATS)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=_MOMENT, input_formats=_MOMENT_FORMATS)
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX_LENGTH, required=False)
    online_url = forms.CharField(
        label=_("Online link"),
        max_length=URL_MAX_LENGTH,
        required=False,
        help_text=_("For webinars and hybrid events: a web address starting with https://."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=MAX_CAPACITY)
    registration_open = forms.BooleanField(label=_("Registration open"), required=False, initial=True)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AttendanceForm(StyledForm):
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=[("attended", _("attended")), ("no_show", _("did not attend"))],
    )


class PolicyForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=PolicyKind.choices)
    title = forms.CharField(label=_("Title"), max_length=POLICY_TITLE_MAX_LENGTH)
    version_label = forms.CharField(
        label=_("Version"), max_length=VERSION_MAX_LENGTH, help_text=_("For example 2.0 or 2026-03.")
    )
    text = forms.CharField(
        label=_("Text"), max_length=POLICY_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 14})
    )
