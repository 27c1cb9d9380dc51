"""Forms of the monitoring pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership, Organization
from resonanz.monitoring.imports import MAX_UPLOAD_BYTES
from resonanz.monitoring.models import MAX_PLAYBOOK_ITEM_LENGTH, MAX_PLAYBOOK_ITEMS, Tone
from resonanz.monitoring.notices import MANAGING_ROLES


class ImportForm(StyledForm):
    file = forms.FileField(
        label=_("File (CSV or JSON lines)"),
        help_text=_("Columns or keys: id, network, author, created_at, lang, text. At most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.jsonl,.json,text/csv,application/json"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."),
                params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload


class MemberChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.full_name or obj.user.email


class SettingsForm(StyledForm):
    on_call = MemberChoiceField(
        label=_("On-call communications manager"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_(
            "Is told of every alarm by e-mail. Without one, everyone who manages monitoring is told."
        ),
    )
    playbook = forms.CharField(
        label=_("Crisis playbook"),
        required=False,
        max_length=MAX_PLAYBOOK_ITEMS * (MAX_PLAYBOOK_ITEM_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One checklist item a line; an alarm opens an incident with this checklist."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["on_call"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Membership.objects.filter(
                organization=organization, is_active=True, role_assignments__role__in=MANAGING_ROLES
            )
            .select_related("user")
            .distinct()
            .order_by("user__full_name", "pk")
        )


class MentionFilterForm(StyledForm):
    tone = forms.ChoiceField(label=_("Tone"), required=False, choices=[("", _("all")), *Tone.choices])
    network = forms.CharField(label=_("Network"), required=False, max_length=40)
