"""Forms of the quality pages: they only validate; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.quality.models import (
    DEFAULT_CHECK_WEEKS,
    MAX_CHECK_WEEKS,
    MAX_WHYS,
    CauseCategory,
    Grade,
    Source,
)

MANUAL_SOURCES = [choice for choice in Source.choices if choice[0] != Source.PLAN_DEVIATION]


class IncidentForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What happened?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    source = forms.ChoiceField(label=_("Source"), choices=MANUAL_SOURCES, initial=Source.MANUAL)
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices, initial=Grade.MINOR)
    checklist = forms.CharField(
        label=_("Checklist (one item a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10000,
    )


class ContainmentForm(StyledForm):
    containment = forms.CharField(
        label=_("What was done at once to limit the effects?"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _why(label: Any, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=500, required=required)


class AnalysisForm(StyledForm):
    why_1 = _why(_("Why did it happen?"), required=True)
    why_2 = _why(_("And why did that happen?"))
    why_3 = _why(_("Why? (third)"))
    why_4 = _why(_("Why? (fourth)"))
    why_5 = _why(_("Why? (fifth)"))
    cause_category = forms.ChoiceField(label=_("Cause category"), choices=CauseCategory.choices)

    def whys(self) -> list[str]:
        return [self.cleaned_data.get(f"why_{number}") or "" for number in range(1, MAX_WHYS + 1)]


class GradeForm(StyledForm):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)


def _person(membership: Membership) -> str:
    return membership.user.full_name or membership.user.email


class IncidentActionForm(StyledForm):
    title = forms.CharField(label=_("Corrective action"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Responsible"), queryset=Membership.objects.none())
    due_date = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, member: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = (
            Membership.objects.filter(organization_id=member.organization_id, is_active=True)
            .select_related("user")
            .order_by("user__full_name", "pk")
        )
        owner.label_from_instance = _person  # type: ignore[method-assign,assignment]


class DoneForm(StyledForm):
    note = forms.CharField(label=_("What was done?"), widget=forms.Textarea(attrs={"rows": 2}))


class ScheduleForm(StyledForm):
    weeks = forms.IntegerField(
        label=_("Weeks after the last action"),
        min_value=1,
        max_value=MAX_CHECK_WEEKS,
        initial=DEFAULT_CHECK_WEEKS,
    )


class EffectivenessForm(StyledForm):
    effective = forms.TypedChoiceField(
        label=_("Were the corrective actions effective?"),
        choices=[
            ("yes", _("Yes, effective: close the incident")),
            ("no", _("No, not effective: analyse again")),
        ],
        coerce=lambda value: value == "yes",
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReopenForm(StyledForm):
    reason = forms.CharField(label=_("Why is it reopened?"), widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)
    cause_category = forms.ChoiceField(label=_("Cause category"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from resonanz.quality.models import Status

        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        status = self.fields["status"]
        category = self.fields["cause_category"]
        assert isinstance(status, forms.ChoiceField) and isinstance(category, forms.ChoiceField)
        status.choices = everything + list(Status.choices)
        category.choices = everything + list(CauseCategory.choices)
