"""Forms of the events pages. They only validate and translate input; the events actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.competence.models import Training
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
# The trainings offered in the event form: the latest ones (and the event's own); the action checks any.
TRAININGS_OFFERED = 300


def training_choices(organization_id: int, current_id: int | None = None) -> list[tuple[str, str]]:
    trainings = list(
        Training.objects.filter(organization_id=organization_id)
        .order_by("-starts_on", "title", "pk")
        .values_list("pk", "title")[:TRAININGS_OFFERED]
    )
    if current_id is not None and current_id not in {pk for pk, _title in trainings}:
        trainings += list(Training.objects.filter(pk=current_id).values_list("pk", "title"))
    return [("", "—"), *((str(pk), title) for pk, title in trainings)]


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
    training = forms.TypedChoiceField(
        label=_("Training"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("If this event is a date of a training, attendance counts as taking part in it."),
    )

    def __init__(
        self, *args: Any, organization_id: int, training_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training"].choices = training_choices(organization_id, training_id)  # type: ignore[attr-defined]


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
