"""Forms of the management review pages: they only parse; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.reviews.models import OUTPUT_TEXT_MAX, TEXT_MAX, OutputKind


class MemberField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class MembersField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ReviewForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = _date_field(_("Period from"))
    period_end = _date_field(_("Period to"))


class InputsForm(ReviewForm):
    issues_changes = forms.CharField(
        label=_("Changes in internal and external issues"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    resource_notes = forms.CharField(
        label=_("Adequacy of resources"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HoldForm(StyledForm):
    held_on = _date_field(_("Held on"))
    chair = MemberField(label=_("Chair"), queryset=None)
    participants = MembersField(
        label=_("Participants"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(
        label=_("Minutes"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = members  # type: ignore[attr-defined]
        self.fields["participants"].queryset = members  # type: ignore[attr-defined]


class OutputForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    text = forms.CharField(
        label=_("Decision"), max_length=OUTPUT_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = MemberField(label=_("Responsible"), queryset=None)
    due_on = _date_field(_("Due"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]
