"""Forms of the approval pages: they only validate; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.content.actions.approval import COMMENT_LIMIT
from resonanz.content.approval import MAX_APPROVERS, MAX_OVERDUE_HOURS, MIN_APPROVERS, MIN_OVERDUE_HOURS
from resonanz.core.models import Membership
from resonanz.plan.models import Channel

APPROVE, CHANGES, REJECT = "approve", "changes", "reject"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (CHANGES, _("Request changes")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when you request changes or reject."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class PolicyForm(forms.Form):
    channel = forms.ModelChoiceField(
        label=_("Channel"),
        queryset=Channel.objects.none(),
        required=False,
        empty_label=_("All channels without a rule of their own (default)"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    approvers_required = forms.TypedChoiceField(
        label=_("Approvals required"),
        choices=[(n, str(n)) for n in range(MIN_APPROVERS, MAX_APPROVERS + 1)],
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    overdue_after_hours = forms.IntegerField(
        label=_("Overdue after (hours)"),
        min_value=MIN_OVERDUE_HOURS,
        max_value=MAX_OVERDUE_HOURS,
        initial=48,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["channel"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Channel.objects.filter(organization_id=member.organization_id).order_by(
            "position", "name"
        )
