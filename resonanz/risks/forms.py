"""Forms of the risk pages: they only parse; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.core.forms import StyledForm
from resonanz.risks.models import MAX_INTERVAL_MONTHS, Kind

RATING = [(value, str(value)) for value in range(1, 6)]


class OwnerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class RiskForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    category = forms.CharField(label=_("Category"), required=False, max_length=100)
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood (1 rare – 5 almost certain)"), choices=RATING, coerce=int
    )
    impact = forms.TypedChoiceField(label=_("Impact (1 minor – 5 severe)"), choices=RATING, coerce=int)
    owner = OwnerField(label=_("Owner"), queryset=None)
    review_interval_months = forms.IntegerField(
        label=_("Review the effectiveness every … months"), min_value=1, max_value=MAX_INTERVAL_MONTHS
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class RiskActionForm(StyledForm):
    title = forms.CharField(label=pgettext_lazy("on a risk", "Action"), max_length=200)
    owner = OwnerField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class ReviewForm(StyledForm):
    effective = forms.TypedChoiceField(
        label=_("Were the actions effective?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
    )
    likelihood_after = forms.TypedChoiceField(label=_("Likelihood now"), choices=RATING, coerce=int)
    impact_after = forms.TypedChoiceField(label=_("Impact now"), choices=RATING, coerce=int)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
