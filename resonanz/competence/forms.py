"""Forms of the competence pages: they only validate; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from resonanz.competence.matrix import CellState
from resonanz.competence.models import (
    Competence,
    EffectivenessResult,
    ParticipationStatus,
    Training,
    TrainingFormat,
)
from resonanz.competence.models.catalogue import NAME_MAX_LENGTH
from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.core.roles import Role
from resonanz.plan.forms import MemberChoiceField, member_choices
from resonanz.plan.models import Channel


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def _competences(organization_id: int) -> QuerySet[Competence]:
    return Competence.objects.filter(organization_id=organization_id, is_active=True).order_by("name")


class CompetenceForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoleRequirementForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    competence = forms.ModelChoiceField(label=_("Competence"), queryset=Competence.objects.none())

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = _competences(organization_id)  # type: ignore[attr-defined]


class ChannelRequirementForm(StyledForm):
    channel = forms.ModelChoiceField(label=_("Channel"), queryset=Channel.objects.none())
    competence = forms.ModelChoiceField(label=_("Competence"), queryset=Competence.objects.none())

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(  # type: ignore[attr-defined]
            organization_id=organization_id, is_active=True
        ).order_by("name")
        self.fields["competence"].queryset = _competences(organization_id)  # type: ignore[attr-defined]


class TrainingForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    format = forms.ChoiceField(label=_("Format"), choices=TrainingFormat.choices)
    starts_on = _date(_("Starts on"))
    ends_on = _date(_("Ends on"), required=False)
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences it builds"),
        queryset=Competence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competences"].queryset = _competences(organization_id)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["competences"] = [competence.pk for competence in data["competences"]]
        return data


class EnrollForm(StyledForm):
    person = MemberChoiceField(label=_("Participant"), queryset=Membership.objects.none())

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = member_choices(organization_id, [])  # type: ignore[attr-defined]


class ParticipationForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=ParticipationStatus.choices)
    completed_on = _date(_("Completed on"), required=False)


class EffectivenessCheckForm(StyledForm):
    planned_on = _date(_("Planned for"))
    method = forms.CharField(label=_("Method"), max_length=300)


class EffectivenessResultForm(StyledForm):
    result = forms.ChoiceField(label=_("Result"), choices=EffectivenessResult.choices)
    assessed_on = _date(_("Assessed on"), required=False)
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CertificateForm(StyledForm):
    competence = forms.ModelChoiceField(label=_("Competence"), queryset=Competence.objects.none())
    issued_on = _date(_("Issued on"))
    expires_on = _date(_("Expires on"), required=False)
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
    training = forms.ModelChoiceField(label=_("Training"), queryset=Training.objects.none(), required=False)
    evidence = forms.FileField(label=_("Evidence file"), required=False)

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = _competences(organization_id)  # type: ignore[attr-defined]
        self.fields["training"].queryset = Training.objects.filter(  # type: ignore[attr-defined]
            organization_id=organization_id
        ).order_by("-starts_on")


class MatrixFilterForm(forms.Form):
    """The matrix's filters from the query string; anything odd is ignored field by field."""

    unit = forms.CharField(required=False, max_length=150)
    competence = forms.IntegerField(required=False, min_value=1, max_value=2**62)
    status = forms.ChoiceField(required=False, choices=[("", ""), *CellState.choices])
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def value(self, name: str) -> Any:
        if name in self.errors:
            return None
        return self.cleaned_data.get(name)
