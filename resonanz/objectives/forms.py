"""Forms of the objectives pages: they only parse; whether an objective is measurable the action decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.core import metrics
from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.objectives.models import Direction, EvaluationFrequency

MANUAL = ""


def source_choices() -> list[tuple[str, Any]]:
    return [
        (MANUAL, _("Values recorded by hand")),
        *((metric.key, metric.label) for metric in metrics.metrics()),
    ]


class OwnerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class ObjectiveForm(StyledForm):
    title = forms.CharField(label=_("Objective"), max_length=200)
    # Not required here: an objective without a number, a date or a source is refused by the action,
    # which says why an objective must be measurable.
    target = forms.DecimalField(label=_("Target value"), required=False, max_digits=14, decimal_places=2)
    direction = forms.ChoiceField(label=_("The target is reached with"), choices=Direction.choices)
    baseline = forms.DecimalField(
        label=_("Baseline (the value at the start)"), required=False, max_digits=14, decimal_places=2
    )
    starts_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    metric_key = forms.ChoiceField(label=_("Data source"), required=False)
    unit = forms.CharField(
        label=pgettext_lazy("of a measured value", "Unit"),
        required=False,
        max_length=40,
        help_text=_("For values recorded by hand, e.g. “followers” or “percent”; a metric brings its own."),
    )
    owner = OwnerField(label=_("Owner"), queryset=Membership.objects.none())
    evaluation_method = forms.CharField(
        label=_("Evaluation method"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    frequency = forms.ChoiceField(label=_("Evaluated"), choices=EvaluationFrequency.choices)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["metric_key"].choices = source_choices()  # type: ignore[attr-defined]


class EntryForm(StyledForm):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
