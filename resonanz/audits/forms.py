"""Forms of the audit pages: they parse; the actions decide. The plan form also checks auditor
independence (``independence``), so the mistake shows at the field before anything is sent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.audits.independence import refuse_own_work
from resonanz.audits.models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, ItemResult
from resonanz.core.dates import EARLIEST, LATEST
from resonanz.core.errors import ActionRefused
from resonanz.core.forms import StyledForm


class PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class PeopleField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class ClausesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        clause = obj.clause
        return f"{clause.standard.code} {clause.standard.edition} · {clause.label} {clause.title}"


class ProgrammeForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=EARLIEST.year, max_value=LATEST.year)
    objectives = forms.CharField(
        label=_("Objectives of the programme"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AuditForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    scope = forms.CharField(
        label=_("Scope"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.CharField(label=_("Audited area"), required=False, max_length=TITLE_MAX_LENGTH)
    planned_on = forms.DateField(label=_("Planned for"), widget=forms.DateInput(attrs={"type": "date"}))
    lead_auditor = PersonField(label=_("Lead auditor"), queryset=None)
    co_auditors = PeopleField(
        label=_("Co-auditors"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    auditees = PeopleField(
        label=_("Audited persons (whose work is audited)"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    criteria = ClausesField(
        label=_("Audit criteria (clauses)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("An audit checks against at least one clause of a standard the organization uses."),
    )

    def __init__(self, *args: Any, people: Any, clauses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("lead_auditor", "co_auditors", "auditees"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        self.fields["criteria"].queryset = clauses  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lead, auditees = cleaned.get("lead_auditor"), cleaned.get("auditees")
        if lead is not None and auditees is not None:
            try:
                refuse_own_work(lead, cleaned.get("co_auditors") or [], auditees)
            except ActionRefused as refused:
                refused.show_on(self)
        return cleaned


class ResultForm(StyledForm):
    result = forms.ChoiceField(label=_("Result"), choices=[("", "–"), *ItemResult.choices])
    note = forms.CharField(
        label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class CompleteForm(StyledForm):
    summary = forms.CharField(
        label=_("Conclusion"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
