"""State changes of incidents and corrective actions: named, guarded, audited actions (clause 10.2).

The workflow is one way: containment, cause analysis, corrective actions, an effectiveness check some
weeks after the last action is done, then closed — or, when the check finds the actions not effective,
back to a new round of cause analysis. Nothing closes an incident but an effectiveness check that
found its actions effective (there is no other way to ``closed``); a step out of order is refused
with a message that says what comes first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.plan.models import MissExplanation
from resonanz.plan.reviews import local_today
from resonanz.quality.models import (
    DEFAULT_CHECK_WEEKS,
    MAX_CHECK_WEEKS,
    MAX_CHECKLIST_ITEMS,
    MAX_WHYS,
    SOURCE_KEY_MAX_LENGTH,
    CauseCategory,
    DeviationKind,
    EffectivenessCheck,
    Grade,
    Incident,
    IncidentAction,
    Result,
    Source,
    Status,
)

INCIDENT_FIELDS = (
    "number",
    "title",
    "description",
    "source",
    "deviation_kind",
    "source_key",
    "grade",
    "status",
    "round",
    "owner",
    "containment",
    "whys",
    "cause_category",
    "checklist",
    "closed_at",
)
ACTION_FIELDS = ("incident", "round", "title", "owner", "due_date", "status", "done_at", "done_note")
CHECK_FIELDS = ("incident", "round", "weeks", "due_date", "criterion", "result", "note", "recorded_at")
AFTER_CONTAINMENT = (Status.CONTAINED, Status.ANALYSED, Status.ACTIONS, Status.CHECKING, Status.CLOSED)


def _lock(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().select_related("organization").get(pk=incident.pk)


def _record(member: Membership | None, code: str, obj: Any, before: Any = None, **extra: Any) -> None:
    fields: tuple[str, ...] = INCIDENT_FIELDS if isinstance(obj, Incident) else ACTION_FIELDS
    if isinstance(obj, EffectivenessCheck):
        fields = CHECK_FIELDS
    after = audit.snapshot(obj, fields)
    after.update(extra)
    audit.record(obj.organization, member, code, obj, before=before, after=after)


def _refuse_closed(incident: Incident) -> None:
    if incident.status == Status.CLOSED:
        raise ActionRefused(_("This incident is closed. Reopen it first if it needs more work."))


def _clean_title(value: Any) -> str:
    title = clean_text(value)
    if not title:
        raise ActionRefused(_("Give it a title."), field="title")
    if len(title) > 200:
        raise ActionRefused(_("Use at most 200 characters for the title."), field="title")
    return title


def _clean_choice(value: Any, choices: type[Any], field: str, message: Any) -> str:
    if isinstance(value, str) and value in choices.values:
        return value
    raise ActionRefused(message, field=field)


def _clean_checklist(items: Iterable[Any]) -> list[dict[str, Any]]:
    texts = [clean_text(item, 300) for item in items]
    texts = [text for text in texts if text]
    if len(texts) > MAX_CHECKLIST_ITEMS:
        raise ActionRefused(
            _("A checklist holds at most %(count)s items."),
            params={"count": MAX_CHECKLIST_ITEMS},
            field="checklist",
        )
    return [{"text": text, "done": False} for text in texts]


def _name(member: Membership | None) -> str:
    return member_name(member)


def _create(
    actor: Membership | None,
    organization: Organization,
    values: dict[str, Any],
) -> Incident:
    """Number and store a new incident, and record it. Runs inside the caller's transaction."""
    Organization.objects.select_for_update().only("pk").get(pk=organization.pk)
    last = Incident.objects.filter(organization=organization).aggregate(last=Max("number"))["last"] or 0
    incident = Incident.objects.create(
        organization=organization,
        number=last + 1,
        opened_by=actor,
        opened_by_name=_name(actor),
        opened_at=timezone.now(),
        **values,
    )
    _record(actor, "quality.incident_opened", incident)
    return incident


@action(Capability.OPEN_INCIDENTS)
def open_incident(
    member: Membership,
    *,
    title: str,
    description: str = "",
    source: str = Source.MANUAL,
    deviation_kind: str = "",
    grade: str = Grade.MINOR,
    checklist: Iterable[str] = (),
) -> Incident:
    """Open an incident by hand (a complaint, an audit finding, something seen); the opener is responsible."""
    values = {
        "title": _clean_title(title),
        "description": clean_text(description),
        "source": _clean_choice(source, Source, "source", _("Choose where the incident comes from.")),
        "grade": _clean_choice(grade, Grade, "grade", _("Choose minor or major.")),
        "checklist": _clean_checklist(checklist),
        "owner": member,
    }
    if values["source"] == Source.PLAN_DEVIATION:
        values["deviation_kind"] = _clean_choice(
            deviation_kind, DeviationKind, "deviation_kind", _("Choose the kind of deviation from the plan.")
        )
    elif deviation_kind:
        raise ActionRefused(
            _("A kind of deviation belongs only to deviations from the plan."), field="deviation_kind"
        )
    with transaction.atomic():
        return _create(member, member.organization, values)


@action(Capability.OPEN_INCIDENTS, system=True)
def open_incident_from(
    actor: Membership | None,
    organization: Organization,
    *,
    source: str,
    source_key: str,
    title: str,
    description: str = "",
    deviation_kind: str = "",
    grade: str = Grade.MINOR,
    checklist: Iterable[str] = (),
    miss_explanation: MissExplanation | None = None,
) -> Incident:
    """Open the incident of an automatic source, once: a source key seen before returns its incident.

    Safe on several workers at once: the unique source key lets one insert win; the others find it.
    """
    key = clean_text(source_key)
    if not key or len(key) > SOURCE_KEY_MAX_LENGTH:
        raise ActionRefused(
            _("An automatic incident needs a source key of at most 200 characters."), field="source_key"
        )
    existing = Incident.objects.filter(organization=organization, source_key=key).first()
    if existing is not None:
        return existing
    values: dict[str, Any] = {
        "title": _clean_title(title),
        "description": clean_text(description),
        "source": _clean_choice(source, Source, "source", _("Choose where the incident comes from.")),
        "grade": _clean_choice(grade, Grade, "grade", _("Choose minor or major.")),
        "checklist": _clean_checklist(checklist),
        "source_key": key,
        "miss_explanation": miss_explanation,
    }
    if values["source"] == Source.PLAN_DEVIATION:
        values["deviation_kind"] = _clean_choice(
            deviation_kind, DeviationKind, "deviation_kind", _("Choose the kind of deviation from the plan.")
        )
    try:
        with transaction.atomic():
            return _create(actor, organization, values)
    except IntegrityError:
        found = Incident.objects.filter(organization=organization, source_key=key).first()
        if found is None:
            raise
        return found


@action(Capability.OPEN_INCIDENTS, Capability.MANAGE_INCIDENTS)
def record_containment(member: Membership, incident: Incident, *, containment: str) -> Incident:
    """Say what was done at once to limit the effects (correction, 10.2.1 a); amendable until analysed."""
    text = clean_text(containment)
    if not text:
        raise ActionRefused(_("Describe what was done to limit the effects."), field="containment")
    with transaction.atomic():
        locked = _lock(incident)
        _refuse_closed(locked)
        if locked.status not in (Status.OPEN, Status.CONTAINED):
            raise ActionRefused(_("The containment can no longer be changed: the cause has been analysed."))
        before = audit.snapshot(locked, INCIDENT_FIELDS)
        locked.containment = text
        locked.status = Status.CONTAINED
        locked.contained_at = locked.contained_at or timezone.now()
        locked.save(update_fields=["containment", "status", "contained_at"])
        _record(member, "quality.incident_contained", locked, before)
    return locked


@action(Capability.MANAGE_INCIDENTS)
def record_cause_analysis(
    member: Membership, incident: Incident, *, whys: Iterable[Any], cause_category: str
) -> Incident:
    """Record the cause: up to five whys and a category; changeable until the first corrective action."""
    answers = [clean_text(why, 500) for why in whys]
    while answers and not answers[-1]:
        answers.pop()
    if not answers or not all(answers):
        raise ActionRefused(_("Answer the whys in order, starting with the first."), field="whys")
    if len(answers) > MAX_WHYS:
        raise ActionRefused(_("Ask at most five times why."), field="whys")
    category = _clean_choice(
        cause_category, CauseCategory, "cause_category", _("Choose the category of the cause.")
    )
    with transaction.atomic():
        locked = _lock(incident)
        _refuse_closed(locked)
        if locked.status == Status.OPEN:
            raise ActionRefused(_("Contain the incident first: record what was done to limit its effects."))
        if locked.status not in (Status.CONTAINED, Status.ANALYSED):
            raise ActionRefused(
                _("The cause can no longer be changed: corrective actions have been assigned for it.")
            )
        before = audit.snapshot(locked, INCIDENT_FIELDS)
        locked.whys = answers
        locked.cause_category = category
        locked.status = Status.ANALYSED
        locked.analysed_at = timezone.now()
        locked.save(update_fields=["whys", "cause_category", "status", "analysed_at"])
        _record(member, "quality.cause_analysed", locked, before)
    return locked


@action(Capability.MANAGE_INCIDENTS)
def grade_incident(member: Membership, incident: Incident, *, grade: str) -> Incident:
    chosen = _clean_choice(grade, Grade, "grade", _("Choose minor or major."))
    with transaction.atomic():
        locked = _lock(incident)
        _refuse_closed(locked)
        if locked.grade == chosen:
            return locked
        before = audit.snapshot(locked, INCIDENT_FIELDS)
        locked.grade = chosen
        locked.save(update_fields=["grade"])
        _record(member, "quality.incident_graded", locked, before)
    return locked


@action(Capability.MANAGE_INCIDENTS)
def add_corrective_action(
    member: Membership, incident: Incident, *, title: str, owner: Membership, due_date: dt.date
) -> IncidentAction:
    """Assign a corrective action for the analysed cause, with a responsible person and a due date."""
    cleaned_title = _clean_title(title)
    if not isinstance(due_date, dt.date):
        raise ActionRefused(_("Enter the due date."), field="due_date")
    refuse_far_date(due_date, "due_date")
    if not owner.is_active:
        raise ActionRefused(_("Choose an active member as responsible."), field="owner")
    with transaction.atomic():
        locked = _lock(incident)
        _refuse_closed(locked)
        if locked.status in (Status.OPEN, Status.CONTAINED):
            raise ActionRefused(_("Analyse the cause first: corrective actions address a cause."))
        if locked.status == Status.CHECKING:
            raise ActionRefused(
                _("All corrective actions are done and their effectiveness check is scheduled.")
            )
        if due_date < local_today(locked.organization):
            raise ActionRefused(_("The due date lies in the past."), field="due_date")
        corrective = IncidentAction.objects.create(
            organization=locked.organization,
            incident=locked,
            round=locked.round,
            title=cleaned_title,
            owner=owner,
            owner_name=_name(owner),
            due_date=due_date,
            created_by=member,
            created_by_name=_name(member),
            created_at=timezone.now(),
        )
        _record(member, "quality.corrective_action_added", corrective)
        if locked.status != Status.ACTIONS:
            before = audit.snapshot(locked, INCIDENT_FIELDS)
            locked.status = Status.ACTIONS
            locked.save(update_fields=["status"])
            _record(member, "quality.incident_actions_assigned", locked, before)
    return corrective


def _check_due(done_on: dt.date, weeks: int) -> dt.date:
    return done_on + dt.timedelta(weeks=weeks)


def _clean_weeks(weeks: Any) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_CHECK_WEEKS:
        raise ActionRefused(
            _("Check the effectiveness 1 to %(most)s weeks after the last action."),
            params={"most": MAX_CHECK_WEEKS},
            field="weeks",
        )
    return weeks


def _schedule(
    actor: Membership | None, incident: Incident, weeks: int, criterion: str | None = None
) -> EffectivenessCheck:
    """Schedule (or move) the round's check ``weeks`` after its last action was done; in a transaction."""
    actions = IncidentAction.objects.filter(incident=incident, round=incident.round)
    if not actions.exists() or actions.filter(status="open").exists():
        raise ActionRefused(
            _("The effectiveness check is scheduled once every corrective action of the incident is done.")
        )
    last_done = actions.aggregate(last=Max("done_at"))["last"]
    done_on = last_done.astimezone(incident.organization.zone).date()
    check = EffectivenessCheck.objects.filter(incident=incident, round=incident.round).first()
    if check is not None and check.result:
        raise ActionRefused(_("The effectiveness of this round's actions has already been recorded."))
    before = audit.snapshot(check, CHECK_FIELDS) if check is not None else None
    if check is None:
        check = EffectivenessCheck(
            organization=incident.organization,
            incident=incident,
            round=incident.round,
            scheduled_at=timezone.now(),
        )
    check.weeks = weeks
    check.due_date = _check_due(done_on, weeks)
    if criterion is not None:
        check.criterion = criterion
    check.save()
    _record(actor, "quality.effectiveness_check_scheduled", check, before)
    if incident.status != Status.CHECKING:
        before_incident = audit.snapshot(incident, INCIDENT_FIELDS)
        incident.status = Status.CHECKING
        incident.save(update_fields=["status"])
        _record(actor, "quality.incident_checking", incident, before_incident)
    return check


@action(Capability.MANAGE_INCIDENTS, Capability.TAKE_PART)
def complete_corrective_action(
    member: Membership, corrective_action: IncidentAction, *, note: str
) -> IncidentAction:
    """Mark one's corrective action as done (a quality manager may for anyone). When it was the last one
    open, the effectiveness check is scheduled ``DEFAULT_CHECK_WEEKS`` weeks later."""
    if corrective_action.owner_id != member.pk and not member.can(Capability.MANAGE_INCIDENTS):
        raise PermissionDenied(Capability.MANAGE_INCIDENTS)
    text = clean_text(note)
    if not text:
        raise ActionRefused(_("Say briefly what was done."), field="note")
    with transaction.atomic():
        incident = _lock(corrective_action.incident)
        locked = IncidentAction.objects.select_for_update().get(pk=corrective_action.pk)
        if locked.status == "done":
            raise ActionRefused(_("This corrective action is already done."))
        if locked.round != incident.round or incident.status != Status.ACTIONS:
            raise ActionRefused(_("This corrective action belongs to an earlier round of the incident."))
        before = audit.snapshot(locked, ACTION_FIELDS)
        locked.status = "done"
        locked.done_at = timezone.now()
        locked.done_note = text
        locked.save(update_fields=["status", "done_at", "done_note"])
        _record(member, "quality.corrective_action_done", locked, before)
        if not IncidentAction.objects.filter(incident=incident, round=incident.round, status="open").exists():
            _schedule(member, incident, DEFAULT_CHECK_WEEKS)
    return locked


@action(Capability.MANAGE_INCIDENTS)
def schedule_effectiveness_check(
    member: Membership, incident: Incident, *, weeks: int, criterion: str = ""
) -> EffectivenessCheck:
    """Schedule the check ``weeks`` after the last corrective action was done (or move it), saying what
    will show that the actions worked."""
    chosen = _clean_weeks(weeks)
    with transaction.atomic():
        locked = _lock(incident)
        _refuse_closed(locked)
        return _schedule(member, locked, chosen, clean_text(criterion, 2000))


@action(Capability.MANAGE_INCIDENTS)
def record_effectiveness(
    member: Membership, incident: Incident, *, effective: bool, note: str = ""
) -> Incident:
    """Record whether the actions worked: effective closes the incident, not effective starts a new round
    of cause analysis (the containment stays)."""
    if not isinstance(effective, bool):
        raise ActionRefused(_("Choose effective or not effective."), field="effective")
    text = clean_text(note)
    if not effective and not text:
        raise ActionRefused(_("Say why the actions were not effective."), field="note")
    with transaction.atomic():
        locked = _lock(incident)
        _refuse_closed(locked)
        check = (
            EffectivenessCheck.objects.select_for_update().filter(incident=locked, round=locked.round).first()
        )
        if check is None or locked.status != Status.CHECKING:
            raise ActionRefused(
                _(
                    "An incident is closed only after an effectiveness check, and the check comes after "
                    "every corrective action is done."
                )
            )
        today = local_today(locked.organization)
        if today < check.due_date:
            raise ActionRefused(
                _(
                    "The effectiveness check is due on %(date)s: the actions need time to show whether "
                    "they work."
                ),
                params={"date": formats.date_format(check.due_date, "SHORT_DATE_FORMAT")},
            )
        check_before = audit.snapshot(check, CHECK_FIELDS)
        check.result = Result.EFFECTIVE if effective else Result.NOT_EFFECTIVE
        check.note = text
        check.recorded_by = member
        check.recorded_by_name = _name(member)
        check.recorded_at = timezone.now()
        check.save()
        _record(member, "quality.effectiveness_recorded", check, check_before)
        before = audit.snapshot(locked, INCIDENT_FIELDS)
        if effective:
            locked.status = Status.CLOSED
            locked.closed_at = timezone.now()
            locked.save(update_fields=["status", "closed_at"])
            _record(member, "quality.incident_closed", locked, before)
        else:
            _new_round(locked)
            _record(member, "quality.incident_reopened", locked, before, reason=text)
    return locked


def _new_round(incident: Incident) -> None:
    """Back to cause analysis: the containment stays, the analysis starts afresh (kept in the trail)."""
    incident.round += 1
    incident.status = Status.CONTAINED
    incident.whys = []
    incident.cause_category = ""
    incident.analysed_at = None
    incident.closed_at = None
    incident.save(update_fields=["round", "status", "whys", "cause_category", "analysed_at", "closed_at"])


@action(Capability.MANAGE_INCIDENTS)
def reopen_incident(member: Membership, incident: Incident, *, reason: str) -> Incident:
    """Reopen a closed incident (the cause came back): a new round of cause analysis."""
    text = clean_text(reason)
    if not text:
        raise ActionRefused(_("Say why the incident is reopened."), field="reason")
    with transaction.atomic():
        locked = _lock(incident)
        if locked.status != Status.CLOSED:
            raise ActionRefused(_("Only a closed incident can be reopened."))
        before = audit.snapshot(locked, INCIDENT_FIELDS)
        _new_round(locked)
        _record(member, "quality.incident_reopened", locked, before, reason=text)
    return locked


@action(Capability.OPEN_INCIDENTS, Capability.MANAGE_INCIDENTS)
def tick_checklist_item(member: Membership, incident: Incident, *, index: int, done: bool) -> Incident:
    """Tick (or untick) one item of the incident's checklist (the crisis playbook)."""
    with transaction.atomic():
        locked = _lock(incident)
        _refuse_closed(locked)
        items = list(locked.checklist)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(items):
            raise ActionRefused(_("This checklist item does not exist. Reload the page."), field="index")
        if bool(items[index].get("done")) == bool(done):
            return locked
        before = audit.snapshot(locked, INCIDENT_FIELDS)
        items[index] = {**items[index], "done": bool(done)}
        locked.checklist = items
        locked.save(update_fields=["checklist"])
        _record(member, "quality.checklist_ticked", locked, before)
    return locked
