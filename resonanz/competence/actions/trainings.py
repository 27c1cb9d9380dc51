"""Actions on trainings, who takes part in them, and their effectiveness checks (ISO 9001 7.2 c)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from resonanz.competence.cleaning import clean_date, own, own_person, refuse_unknown
from resonanz.competence.models import (
    Competence,
    EffectivenessCheck,
    EffectivenessResult,
    ParticipationStatus,
    Training,
    TrainingFormat,
    TrainingParticipation,
)
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text

TRAINING_FIELDS = ("title", "provider", "format", "starts_on", "ends_on", "description")
MAX_COMPETENCES = 50
PARTICIPATION_FIELDS = ("training", "membership", "status", "completed_on")
CHECK_FIELDS = ("training", "planned_on", "method", "result", "notes", "assessed_by", "assessed_on")


def _clean_training(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    refuse_unknown(values, (*TRAINING_FIELDS, "competences"))
    cleaned = dict(values)
    if "title" in cleaned:
        cleaned["title"] = clean_text(cleaned["title"])
        if not cleaned["title"]:
            raise ActionRefused(_("Enter a title."), field="title")
        if len(cleaned["title"]) > 200:
            raise ActionRefused(_("Use at most %(count)s characters."), params={"count": 200}, field="title")
    if "provider" in cleaned:
        cleaned["provider"] = clean_text(cleaned["provider"], 200)
    if "description" in cleaned:
        cleaned["description"] = clean_text(cleaned["description"], 5000)
    if "format" in cleaned and cleaned["format"] not in TrainingFormat.values:
        raise ActionRefused(_("Choose a format."), field="format")
    if "starts_on" in cleaned:
        cleaned["starts_on"] = clean_date(cleaned["starts_on"], "starts_on")
    if "ends_on" in cleaned:
        cleaned["ends_on"] = clean_date(cleaned["ends_on"], "ends_on", required=False)
    if "competences" in cleaned:
        ids = cleaned["competences"]
        if not isinstance(ids, list | tuple | set) or len(ids) > MAX_COMPETENCES:
            raise ActionRefused(
                _("Choose at most %(count)s competences."),
                params={"count": MAX_COMPETENCES},
                field="competences",
            )
        cleaned["competences"] = [own(member, Competence, value, "competences") for value in ids]
    return cleaned


def _refuse_reversed(starts_on: dt.date | None, ends_on: dt.date | None) -> None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise ActionRefused(_("The training cannot end before it starts."), field="ends_on", code="reversed")


def _training_after(training: Training, competences: list[Competence]) -> dict[str, Any]:
    after = audit.snapshot(training, TRAINING_FIELDS)
    after["competences"] = sorted(competence.pk for competence in competences)
    return after


@action(Capability.MANAGE_COMPETENCE)
def create_training(
    member: Membership, *, title: str, format: str, starts_on: Any, **values: Any
) -> Training:
    cleaned = _clean_training(member, {"title": title, "format": format, "starts_on": starts_on, **values})
    competences: list[Competence] = cleaned.pop("competences", [])
    _refuse_reversed(cleaned["starts_on"], cleaned.get("ends_on"))
    with transaction.atomic():
        training = Training.objects.create(organization=member.organization, **cleaned)
        training.competences.set(competences)
        audit.record(
            member.organization,
            member,
            "competence.training_created",
            training,
            after=_training_after(training, competences),
        )
    return training


@action(Capability.MANAGE_COMPETENCE)
def update_training(member: Membership, training: Training, **changes: Any) -> Training:
    cleaned = _clean_training(member, changes)
    competences: list[Competence] | None = cleaned.pop("competences", None)
    with transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        current = list(locked.competences.all())
        before = _training_after(locked, current)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        _refuse_reversed(locked.starts_on, locked.ends_on)
        after = _training_after(locked, competences if competences is not None else current)
        if before == after:
            return locked
        if cleaned:
            locked.save(update_fields=[*cleaned])
        if competences is not None:
            locked.competences.set(competences)
        audit.record(
            member.organization, member, "competence.training_updated", locked, before=before, after=after
        )
    return locked


@action(Capability.MANAGE_COMPETENCE)
def enroll(member: Membership, training: Training, *, person: Membership | int) -> TrainingParticipation:
    """Enrol ``person`` in ``training``; enrolling them again returns their participation."""
    participant = own_person(member, person, "membership")
    with transaction.atomic():
        existing = TrainingParticipation.objects.filter(training=training, membership=participant).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                participation = TrainingParticipation.objects.create(
                    training=training, membership=participant
                )
        except IntegrityError:
            return TrainingParticipation.objects.get(training=training, membership=participant)
        audit.record(
            member.organization,
            member,
            "competence.participant_enrolled",
            participation,
            after=audit.snapshot(participation, PARTICIPATION_FIELDS),
        )
    return participation


@action(Capability.MANAGE_COMPETENCE)
def set_participation_status(
    member: Membership, participation: TrainingParticipation, *, status: str, completed_on: Any = None
) -> TrainingParticipation:
    if status not in ParticipationStatus.values:
        raise ActionRefused(_("Choose a status."), field="status")
    day = clean_date(completed_on, "completed_on", required=False)
    if status != ParticipationStatus.COMPLETED and day is not None:
        raise ActionRefused(_("Only a completed participation has a completion date."), field="completed_on")
    with transaction.atomic():
        locked = TrainingParticipation.objects.select_for_update().get(pk=participation.pk)
        before = audit.snapshot(locked, PARTICIPATION_FIELDS)
        locked.status, locked.completed_on = status, day
        after = audit.snapshot(locked, PARTICIPATION_FIELDS)
        if before == after:
            return locked
        locked.save(update_fields=["status", "completed_on"])
        audit.record(
            member.organization,
            member,
            "competence.participation_changed",
            locked,
            before=before,
            after=after,
        )
    return locked


def _clean_check(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    refuse_unknown(values, ("planned_on", "method", "result", "notes", "assessed_by", "assessed_on"))
    cleaned = dict(values)
    if "planned_on" in cleaned:
        cleaned["planned_on"] = clean_date(cleaned["planned_on"], "planned_on")
    if "method" in cleaned:
        cleaned["method"] = clean_text(cleaned["method"], 300)
        if not cleaned["method"]:
            raise ActionRefused(_("Say how the effectiveness will be checked."), field="method")
    if "result" in cleaned and cleaned["result"] not in EffectivenessResult.values:
        raise ActionRefused(_("Choose a result."), field="result")
    if "notes" in cleaned:
        cleaned["notes"] = clean_text(cleaned["notes"], 5000)
    if "assessed_on" in cleaned:
        cleaned["assessed_on"] = clean_date(cleaned["assessed_on"], "assessed_on", required=False)
    if cleaned.get("assessed_by") is not None:
        cleaned["assessed_by"] = own_person(member, cleaned["assessed_by"], "assessed_by")
    return cleaned


@action(Capability.MANAGE_COMPETENCE)
def plan_effectiveness_check(
    member: Membership, training: Training, *, planned_on: Any, method: str, **values: Any
) -> EffectivenessCheck:
    cleaned = _clean_check(member, {"planned_on": planned_on, "method": method, **values})
    with transaction.atomic():
        check = EffectivenessCheck.objects.create(training=training, **cleaned)
        audit.record(
            member.organization,
            member,
            "competence.effectiveness_planned",
            check,
            after=audit.snapshot(check, CHECK_FIELDS),
        )
    return check


@action(Capability.MANAGE_COMPETENCE)
def update_effectiveness_check(
    member: Membership, check: EffectivenessCheck, **changes: Any
) -> EffectivenessCheck:
    """Change a check or record its result; a result other than pending names who assessed it and when."""
    cleaned = _clean_check(member, changes)
    with transaction.atomic():
        locked = EffectivenessCheck.objects.select_for_update().get(pk=check.pk)
        before = audit.snapshot(locked, CHECK_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        if locked.result != EffectivenessResult.PENDING:
            if locked.assessed_by_id is None:
                locked.assessed_by = member
            if locked.assessed_on is None:
                locked.assessed_on = dt.date.today()
        after = audit.snapshot(locked, CHECK_FIELDS)
        if before == after:
            return locked
        locked.save()
        audit.record(
            member.organization,
            member,
            "competence.effectiveness_updated",
            locked,
            before=before,
            after=after,
        )
    return locked
