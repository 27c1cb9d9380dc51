"""Forms of the plan pages. They only validate and translate input; the plan's actions change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.api_input import MAX_OFFSET
from resonanz.core.errors import ActionRefused
from resonanz.core.forms import StyledForm
from resonanz.core.models import Membership
from resonanz.core.roles import Role
from resonanz.plan.attachments import check_attachment
from resonanz.plan.models import (
    Audience,
    Channel,
    ChannelKind,
    CorrectiveAction,
    CorrectiveStatus,
    Direction,
    MissReason,
    PlanRow,
    Topic,
    WhenKind,
)
from resonanz.plan.period import period
from resonanz.plan.recurrence import describe
from resonanz.plan.row_fields import RELATION_FIELDS, ROW_FIELDS, Kind, limit
from resonanz.plan.sender_search import LIMIT, clean_query, find_senders, sender_label
from resonanz.plan.transfer.when import rule_from_words

WORKING_DAYS = "MO,TU,WE,TH,FR"

# The rules the form offers by name: the demo plan's own and a few more that plans commonly use.
PRESET_RULES = (
    f"FREQ=WEEKLY;BYDAY={WORKING_DAYS}",
    "FREQ=WEEKLY;BYDAY=MO",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
    "FREQ=MONTHLY;BYDAY=1MO",
    "FREQ=MONTHLY;BYDAY=1TU",
    "FREQ=MONTHLY;BYDAY=2TH",
    "FREQ=MONTHLY;BYDAY=3TU",
    "FREQ=MONTHLY;BYDAY=-1WE",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    f"FREQ=MONTHLY;BYDAY={WORKING_DAYS};BYSETPOS=1",
    "FREQ=MONTHLY;INTERVAL=2;BYDAY=1FR",
    "FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE",
    f"FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY={WORKING_DAYS};BYSETPOS=1",
    "FREQ=YEARLY",
)
IN_WORDS = "words"
# Auditors check the plan and administrators run the tool: neither sends the plan's communication.
NOT_SENDING = frozenset({Role.AUDITOR, Role.ADMIN})


def preset_choices(current: str = "") -> list[tuple[str, str]]:
    """The named rules in the active language, the row's own rule among them, then “in your own words”."""
    rules = list(PRESET_RULES)
    if current and current not in rules:
        rules.insert(0, current)
    return [
        ("", str(_("Choose a rule …"))),
        *((rule, describe(rule)) for rule in rules),
        (IN_WORDS, str(_("Another rule, in my own words (below)"))),
    ]


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


class SenderSearchWidget(forms.CheckboxSelectMultiple):
    """The chosen senders as ticked boxes, then a search field whose results can be ticked too.

    Only the chosen members are rendered, never the whole organization. With htmx the results come
    while typing (``plan:plan_sender_search``); without JavaScript the “Search” button sends the
    form, which comes back with the results and without saving (``RowForm.searching``).
    """

    template_name = "plan/widgets/sender_search.html"
    search_url = ""
    query = ""
    results: list[dict[str, Any]] = []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        chosen = [str(pk) for pk in (value or []) if str(pk).isdigit()][: limit("senders")]
        original = self.choices
        queryset = getattr(original, "queryset", None)
        members = list(queryset.filter(pk__in=chosen)) if queryset is not None and chosen else []
        self.choices = [(member.pk, sender_label(member)) for member in members]
        try:
            context = super().get_context(name, chosen, attrs)
        finally:
            self.choices = original
        context["widget"].update(
            search_url=self.search_url, query=self.query, results=self.results, limit=LIMIT
        )
        return context

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_query" if index is None else super().id_for_label(id_, index)


def sending_roles(current: list[str]) -> list[tuple[str, Any]]:
    """The roles a row may name as senders: not the auditor or the administrator, unless already named."""
    return [(value, label) for value, label in Role.choices if value not in NOT_SENDING or value in current]


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
    preset = forms.ChoiceField(label=_("Repeats"), choices=[], required=False)
    rule_words = forms.CharField(
        label=_("Or in your own words"),
        max_length=200,
        required=False,
        help_text=_(
            "For example “every second Tuesday”, “on the second Thursday of the month” or "
            "“monthly on the last Wednesday”."
        ),
    )
    rrule = forms.CharField(
        label=_("Recurrence rule (RFC 5545)"),
        max_length=limit("rrule"),
        required=False,
        help_text=_(
            "For experts: a rule entered here takes precedence, for example FREQ=MONTHLY;BYDAY=2TH "
            "(the second Thursday of the month)."
        ),
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
        label=_("Sending roles"),
        choices=sending_roles([]),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    senders = MembersChoiceField(
        label=_("Sending persons"),
        queryset=Membership.objects.none(),
        required=False,
        widget=SenderSearchWidget,
        help_text=_("Search by name, e-mail, job title or unit and tick the people found."),
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
        (_("When"), ("when_kind", "preset", "rule_words", "rrule", "start_date", "start_time", "trigger")),
        (_("With whom"), ("audiences",)),
        (_("How"), ("channels", "format", "languages")),
        (_("Who"), ("sender_roles", "senders", "approver", "owner")),
        (_("Further"), ("direction", "quality_objective", "notes")),
    )

    def __init__(
        self,
        *args: Any,
        organization_id: int,
        row: PlanRow | None = None,
        sender_search_url: str = "",
        **kwargs: Any,
    ) -> None:
        if row is not None:
            kwargs.setdefault("initial", self.initial_for(row))
        super().__init__(*args, **kwargs)
        widget = self.fields["senders"].widget
        assert isinstance(widget, SenderSearchWidget)
        widget.search_url = sender_search_url
        roles = self.fields["sender_roles"]
        assert isinstance(roles, forms.MultipleChoiceField)
        roles.choices = sending_roles(list(row.sender_roles) if row is not None else [])
        self.fields["when_kind"].widget.attrs["class"] = "form-check-input"
        preset = self.fields["preset"]
        assert isinstance(preset, forms.ChoiceField)
        preset.choices = preset_choices(row.rrule if row is not None else "")
        if row is not None and row.rrule:
            # The rule itself only as a hint in the expert field: filled in, it would override a new choice.
            self.fields["rrule"].widget.attrs["placeholder"] = row.rrule
        self.organization_id = organization_id
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
        initial: dict[str, Any] = {
            spec.name: getattr(row, spec.column) for spec in ROW_FIELDS if not spec.is_relation
        }
        initial.update(
            {name: [item.pk for item in getattr(row, name).all()] for name in RELATION_FIELDS},
            languages=", ".join(row.languages),
            sender_roles=list(row.sender_roles),
            preset=row.rrule,
            rrule="",
        )
        return initial

    def searching(self) -> bool:
        """Whether the “Search” button of the senders sent the form (no JavaScript): show the people
        found and the answers so far, check and save nothing."""
        if self.data.get("sender_search") is None:
            return False
        self._errors = ErrorDict()  # nothing is checked, so no answer is marked wrong yet
        widget = self.fields["senders"].widget
        assert isinstance(widget, SenderSearchWidget)
        widget.query = clean_query(str(self.data.get("sender_query", "")))
        organization_id = getattr(self, "organization_id", None)
        assert organization_id is not None
        widget.results = [
            {"pk": member.pk, "label": sender_label(member)}
            for member in find_senders(organization_id, widget.query)
        ]
        return True

    def grouped(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS]

    def clean_languages(self) -> list[str]:
        text = self.cleaned_data.get("languages") or ""
        return [part.strip().lower() for part in text.replace(";", ",").split(",") if part.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("when_kind") or ""
        if kind == WhenKind.RECURRENCE:
            cleaned["rrule"] = self._rule(cleaned)
        # Fields that do not fit the kind are emptied by the row actions (``fitting_timing``).
        return cleaned

    def _rule(self, cleaned: dict[str, Any]) -> str:
        """The rule: the expert's RFC 5545 text, else the words typed, else the named rule chosen.

        The expert text is checked by the row action (its message comes back at the field).
        """
        if cleaned.get("rrule"):
            return str(cleaned["rrule"])
        words = (cleaned.get("rule_words") or "").strip()
        if words:
            rule = rule_from_words(words)
            if rule is None:
                self.add_error(
                    "rule_words",
                    _(
                        "“%(words)s” cannot be read as a rule. Write it like “jeden zweiten Dienstag” or "
                        "“am letzten Mittwoch im Monat”, or choose one of the named rules."
                    )
                    % {"words": words[:80]},
                )
            return rule or ""
        preset = cleaned.get("preset") or ""
        if preset and preset != IN_WORDS:
            return str(preset)
        self.add_error(
            "rule_words" if preset == IN_WORDS else "preset",
            _("Choose a rule or describe it in words."),
        )
        return ""

    def action_values(self) -> dict[str, Any]:
        """The cleaned answers as the keyword arguments of ``add_row``/``update_row``."""
        data = dict(self.cleaned_data)
        data.pop("preset", None)
        data.pop("rule_words", None)
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
    evidence_note_optional = forms.BooleanField(
        label=_("Marking a date as done needs no note, file or link"),
        required=False,
        help_text=_(
            "Off (recommended for audits): whoever marks a date as done adds a note, a file or a link."
        ),
    )

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


class ReviewerChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class SubmitForm(StyledForm):
    """Submitting a draft, optionally naming who reviews it before the approver decides."""

    reviewers = ReviewerChoice(
        label=_("Reviewers (optional)"),
        help_text=_("Each of them reviews the version before it can be approved."),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = candidates  # type: ignore[attr-defined]


class NameReviewersForm(SubmitForm):
    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, candidates=candidates, **kwargs)
        self.fields["reviewers"].required = True
        self.fields["reviewers"].label = _("Reviewers")


class ReviewForm(StyledForm):
    """A named reviewer's comment; the verdict is the button pressed (``outcome``, checked by the action)."""

    comment = forms.CharField(
        label=_("Comment"),
        help_text=_("Required when you request changes."),
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


class MissReasonForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=120)

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
        label=_("Note"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What took place. Give a note, a file or a link (or several)."),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Minutes, a photo, a PDF, an office document or an e-mail; at most 10 MB."),
    )
    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Where it can be seen: the post, the article, the recording."),
    )

    def __init__(
        self,
        *args: Any,
        occurrences: list[tuple[str, str]],
        is_trigger: bool,
        note_optional: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.is_trigger = is_trigger
        if note_optional:
            self.fields["note"].help_text = _("What took place (optional in this plan).")
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


class ExplanationForm(StyledForm):
    """Why a missed date was missed: which date, a reason from the list, a text, a corrective action."""

    planned_for = forms.ChoiceField(label=_("Missed date"), choices=[])
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=MissReason.objects.none())
    text = forms.CharField(
        label=_("Explanation"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    corrective_action = forms.ModelChoiceField(
        label=_("Corrective action"),
        queryset=CorrectiveAction.objects.none(),
        required=False,
        empty_label=_("none or a new one (below)"),
        help_text=_("An open corrective action this date belongs to."),
    )
    new_action_title = forms.CharField(
        label=_("New corrective action"),
        max_length=200,
        required=False,
        help_text=_("What will be done so that it does not happen again. You are named as responsible."),
    )
    new_action_due = forms.DateField(
        label=_("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, dates: list[tuple[str, str]], organization_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        planned_for = self.fields["planned_for"]
        assert isinstance(planned_for, forms.ChoiceField)
        planned_for.choices = dates
        planned_for.error_messages["invalid_choice"] = _(
            "This date is not missed, explained already or no longer offered. Please choose another one."
        )
        offer(self, "reason", MissReason.objects.filter(organization_id=organization_id, is_active=True))
        offer(
            self,
            "corrective_action",
            CorrectiveAction.objects.filter(organization_id=organization_id, status=CorrectiveStatus.OPEN),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("corrective_action") is not None and cleaned.get("new_action_title"):
            self.add_error(
                "new_action_title", _("Choose an open corrective action or name a new one, not both.")
            )
        if cleaned.get("new_action_due") is not None and not cleaned.get("new_action_title"):
            self.add_error("new_action_title", _("Name the new corrective action."))
        return cleaned


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
