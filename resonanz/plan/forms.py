"""Forms of the plan pages. They only validate and translate input; the plan's actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.api_input import MAX_OFFSET
from resonanz.core.errors import ActionRefused
from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.core.roles import Role
from resonanz.plan.attachments import check_attachment
from resonanz.plan.models import Audience, Channel, ChannelKind, Direction, PlanRow, Topic, WhenKind
from resonanz.plan.period import period
from resonanz.plan.row_fields import RELATION_FIELDS, ROW_FIELDS, Kind, limit

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKING_DAYS = "MO,TU,WE,TH,FR"

# Recurrence presets: a label and the rule they stand for ("{day}" is the chosen weekday).
PRESETS: dict[str, tuple[Any, str]] = {
    "weekly": (_("every week on the chosen weekday"), "FREQ=WEEKLY;BYDAY={day}"),
    "biweekly": (_("every second week on the chosen weekday"), "FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
    "monthly_first": (_("monthly on the first chosen weekday"), "FREQ=MONTHLY;BYDAY=1{day}"),
    "monthly_last": (_("monthly on the last chosen weekday"), "FREQ=MONTHLY;BYDAY=-1{day}"),
    "working_days": (_("every working day"), f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}"),
    "month_first_working_day": (
        _("first working day of the month"),
        f"FREQ=MONTHLY;BYDAY={WORKING_DAYS};BYSETPOS=1",
    ),
    "quarter_first_working_day": (
        _("first working day of the quarter"),
        f"FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY={WORKING_DAYS};BYSETPOS=1",
    ),
    "yearly": (_("once a year on the start date"), "FREQ=YEARLY"),
    "custom": (_("own rule (RRULE below)"), ""),
}


def preset_for(rrule: str) -> tuple[str, str]:
    """The preset and weekday that produce ``rrule``, else ("custom", "")."""
    for key, (_label, pattern) in PRESETS.items():
        if key == "custom":
            continue
        if "{day}" not in pattern:
            if pattern == rrule:
                return key, ""
            continue
        for day in WEEKDAY_CODES:
            if pattern.format(day=day) == rrule:
                return key, day
    return "custom", ""


def active_or_current(queryset: QuerySet[Any], current: list[int]) -> QuerySet[Any]:
    """Active entries, plus inactive ones the object already uses (so editing does not drop them)."""
    return queryset.filter(Q(is_active=True) | Q(pk__in=current))


def member_choices(organization_id: int, current: list[int]) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization_id=organization_id)
        .filter(Q(is_active=True) | Q(pk__in=current))
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def offer(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Let the choice field ``name`` offer ``queryset`` (the organization's own objects)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class MemberChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class MembersChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RowForm(StyledForm):
    """One row of the plan: the five questions and the rest. Every answer may stay open in a draft."""

    # What
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    description = forms.CharField(
        label=_("Description"), max_length=limit("description"), required=False, widget=_textarea()
    )
    key_messages = forms.CharField(
        label=_("Key messages"), max_length=limit("key_messages"), required=False, widget=_textarea()
    )
    # When
    when_kind = forms.ChoiceField(
        label=_("Happens"), choices=WhenKind.choices, required=False, widget=forms.RadioSelect
    )
    preset = forms.ChoiceField(
        label=_("Repeats"),
        choices=[(key, label) for key, (label, _rule) in PRESETS.items()],
        required=False,
        initial="weekly",
    )
    weekday = forms.ChoiceField(
        label=_("Weekday"), choices=list(zip(WEEKDAY_CODES, WEEKDAYS.values(), strict=True)), required=False
    )
    rrule = forms.CharField(
        label=_("Recurrence rule (RFC 5545)"),
        max_length=limit("rrule"),
        required=False,
        help_text=_("Only for an own rule, for example FREQ=MONTHLY;BYDAY=2TH (the second Thursday)."),
    )
    start_date = forms.DateField(
        label=_("Date or first date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    trigger = forms.CharField(
        label=_("Occasion"),
        max_length=limit("trigger"),
        required=False,
        widget=_textarea(),
        help_text=_("For example: within 24 hours of a complaint on a social channel."),
    )
    # With whom
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audiences"),
        queryset=Audience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # How
    channels = forms.ModelMultipleChoiceField(
        label=_("Channels"),
        queryset=Channel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.CharField(label=_("Format"), max_length=limit("format"), required=False)
    languages = forms.CharField(
        label=_("Languages"),
        max_length=100,
        required=False,
        help_text=_("Language codes separated by commas, for example de, en."),
    )
    # Who
    sender_roles = forms.MultipleChoiceField(
        label=_("Sending roles"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    senders = MembersChoiceField(
        label=_("Sending persons"), queryset=Membership.objects.none(), required=False
    )
    approver = MemberChoiceField(label=_("Approved by"), queryset=Membership.objects.none(), required=False)
    owner = MemberChoiceField(label=_("Responsible"), queryset=Membership.objects.none(), required=False)
    # Further
    direction = forms.ChoiceField(label=_("Internal or external"), choices=Direction.choices)
    quality_objective = forms.CharField(
        label=_("Quality objective"), max_length=limit("quality_objective"), required=False
    )
    notes = forms.CharField(label=_("Notes"), max_length=limit("notes"), required=False, widget=_textarea())

    GROUPS = (
        (_("What"), ("topic", "description", "key_messages")),
        (_("When"), ("when_kind", "preset", "weekday", "rrule", "start_date", "start_time", "trigger")),
        (_("With whom"), ("audiences",)),
        (_("How"), ("channels", "format", "languages")),
        (_("Who"), ("sender_roles", "senders", "approver", "owner")),
        (_("Further"), ("direction", "quality_objective", "notes")),
    )

    def __init__(self, *args: Any, organization_id: int, row: PlanRow | None = None, **kwargs: Any) -> None:
        if row is not None:
            kwargs.setdefault("initial", self.initial_for(row))
        super().__init__(*args, **kwargs)
        self.fields["senders"].widget.attrs.update({"class": "form-select", "size": 6})
        self.fields["when_kind"].widget.attrs["class"] = "form-check-input"
        current = _current_ids(row)
        offer(
            self,
            "topic",
            active_or_current(Topic.objects.filter(organization_id=organization_id), current["topic"]),
        )
        offer(
            self,
            "audiences",
            active_or_current(Audience.objects.filter(organization_id=organization_id), current["audiences"]),
        )
        offer(
            self,
            "channels",
            active_or_current(Channel.objects.filter(organization_id=organization_id), current["channels"]),
        )
        for name in ("senders", "approver", "owner"):
            offer(self, name, member_choices(organization_id, current[name]))

    @staticmethod
    def initial_for(row: PlanRow) -> dict[str, Any]:
        preset, weekday = preset_for(row.rrule) if row.rrule else ("weekly", "")
        initial: dict[str, Any] = {
            spec.name: getattr(row, spec.column) for spec in ROW_FIELDS if not spec.is_relation
        }
        initial.update(
            {name: [item.pk for item in getattr(row, name).all()] for name in RELATION_FIELDS},
            languages=", ".join(row.languages),
            sender_roles=list(row.sender_roles),
            preset=preset,
            weekday=weekday,
        )
        return initial

    def grouped(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def clean_languages(self) -> list[str]:
        text = self.cleaned_data.get("languages") or ""
        return [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("when_kind") or ""
        if kind == WhenKind.RECURRENCE:
            preset = cleaned.get("preset") or "custom"
            pattern = PRESETS[preset][1]
            if preset == "custom":
                if not cleaned.get("rrule"):
                    self.add_error("rrule", _("Enter a recurrence rule or choose a preset."))
            elif "{day}" in pattern:
                if not cleaned.get("weekday"):
                    self.add_error("weekday", _("Choose the weekday."))
                else:
                    cleaned["rrule"] = pattern.format(day=cleaned["weekday"])
            else:
                cleaned["rrule"] = pattern
        # Fields that do not fit the kind are emptied by the row actions (``fitting_timing``).
        return cleaned

    def action_values(self) -> dict[str, Any]:
        """The cleaned answers as the keyword arguments of ``add_row``/``update_row``."""
        data = dict(self.cleaned_data)
        data.pop("preset", None)
        data.pop("weekday", None)
        for name in ("audiences", "channels", "senders"):
            data[name] = list(data.get(name) or [])
        return data


def _current_ids(row: PlanRow | None) -> dict[str, list[int]]:
    """The ids each reference of ``row`` holds now (a deactivated entry stays choosable for it)."""
    ids: dict[str, list[int]] = {}
    for spec in ROW_FIELDS:
        if spec.kind == Kind.REFERENCE:
            pk = getattr(row, spec.column) if row is not None else None
            ids[spec.name] = [pk] if pk else []
        elif spec.kind == Kind.REFERENCES:
            ids[spec.name] = [item.pk for item in getattr(row, spec.name).all()] if row is not None else []
    return ids


# ---------------------------------------------------------------- plans and versions


class PlanForm(StyledForm):
    identifier = forms.CharField(
        label=_("Identifier"), max_length=30, help_text=_("For example KP-01, as in your document register.")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    owner = MemberChoiceField(label=_("Owner"), queryset=Membership.objects.none())
    review_interval_months = forms.IntegerField(
        label=_("Review every … months"), min_value=1, max_value=60, initial=12
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "owner", member_choices(organization_id, []))


class PlanSettingsForm(PlanForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["identifier"]


class ChangeReasonForm(StyledForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class VersionHeaderForm(StyledForm):
    """The document header of a draft: why the plan exists and what it covers."""

    purpose = forms.CharField(
        label=_("Purpose"),
        help_text=_(
            "Why the plan exists, for example: what the organization wants its communication to achieve."
        ),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scope = forms.CharField(
        label=pgettext_lazy("document header", "Scope"),
        help_text=_("What the plan covers: sites, units, internal and external communication, channels."),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(StyledForm):
    comment = forms.CharField(
        label=_("Comment"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequiredCommentForm(StyledForm):
    comment = forms.CharField(
        label=_("What has to change?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewNoteForm(StyledForm):
    note = forms.CharField(
        label=_("Note on the review"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# ---------------------------------------------------------------- reference data


class ChannelForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=ChannelKind.choices)
    direction = forms.ChoiceField(label=_("Internal or external"), choices=Direction.choices)
    owner = MemberChoiceField(label=_("Owner"), queryset=Membership.objects.none(), required=False)

    def __init__(self, *args: Any, organization_id: int, current_owner: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        offer(self, "owner", member_choices(organization_id, [current_owner] if current_owner else []))


class AudienceForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    direction = forms.ChoiceField(label=_("Internal or external"), choices=Direction.choices)
    expectations = forms.CharField(
        label=_("Expectations"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class TopicForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organization_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


# ---------------------------------------------------------------- evidence and periods


class EvidenceForm(StyledForm):
    """Marks one occurrence as done: which one (or when, for an occasion), a note, maybe a file."""

    planned_for = forms.ChoiceField(label=_("Planned occurrence"), choices=[], required=False)
    occurred_at = forms.DateTimeField(
        label=_("When did it take place?"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(
        label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("Minutes, a photo, a PDF, an office document or an e-mail; at most 10 MB."),
    )

    def __init__(self, *args: Any, occurrences: list[tuple[str, str]], is_trigger: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.is_trigger = is_trigger
        if is_trigger:
            del self.fields["planned_for"]
        else:
            del self.fields["occurred_at"]
            planned_for = self.fields["planned_for"]
            assert isinstance(planned_for, forms.ChoiceField)
            planned_for.choices = occurrences
            planned_for.required = True
            planned_for.error_messages["invalid_choice"] = _(
                "This occurrence is already marked as done or no longer offered. Please choose another one."
            )

    def clean_attachment(self) -> Any:
        """The action's own check, at the field (it runs again when the action does)."""
        attachment = self.cleaned_data.get("attachment")
        if attachment is not None:
            try:
                check_attachment(attachment)
            except ActionRefused as refused:
                raise forms.ValidationError(refused.messages) from None
        return attachment


class PeriodForm(forms.Form):
    """A period for planned versus executed, as ``period.period`` allows it (first and last day)."""

    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    # The first row shown when the period holds more than one page; a new period starts at the top.
    offset = forms.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            try:
                cleaned["period"] = period(start, end)
            except ActionRefused as error:
                self.add_error(error.field, error)
        return cleaned
