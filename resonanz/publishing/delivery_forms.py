"""Forms of the delivery pages: they only validate; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.publishing.actions.corrections import TEXT_LIMIT
from resonanz.publishing.delivery_access import MAX_ACCOUNTS_OFFERED, schedulable_accounts
from resonanz.publishing.models import CorrectionAction, NetworkAccount

_MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ScheduleForm(StyledForm):
    accounts = forms.ModelMultipleChoiceField(
        label=_("Accounts"), queryset=NetworkAccount.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=_MOMENT,
        input_formats=_MOMENT_FORMATS,
        help_text=_("A time in the past means: as soon as possible."),
    )

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = schedulable_accounts(member)[:MAX_ACCOUNTS_OFFERED]
        field = self.fields["accounts"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = schedulable_accounts(member).filter(pk__in=[account.pk for account in offered])


class RescheduleForm(StyledForm):
    due_at = forms.DateTimeField(label=_("Publish at"), widget=_MOMENT, input_formats=_MOMENT_FORMATS)


class ResolveForm(StyledForm):
    FOUND, MISSING = "found", "missing"
    outcome = forms.ChoiceField(
        label=_("What did you find on the network?"),
        choices=[(FOUND, _("The post is there")), (MISSING, _("The post is not there"))],
        widget=forms.RadioSelect,
    )
    url = forms.CharField(label=_("Address of the post"), max_length=1000, required=False)


class CorrectionForm(StyledForm):
    what_was_wrong = forms.CharField(
        label=_("What was wrong"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2})
    )
    correction = forms.ChoiceField(label=_("What was done"), choices=CorrectionAction.choices)
    what_was_done = forms.CharField(
        label=_("Details"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
