"""Actions of the audits app: the only functions that create programmes, plan, start and complete audits
and record checklist results.

An audit is planned with its criteria (clauses of an adopted standard), auditors and audited persons;
nobody audits their own work (``independence``). Starting it generates the checklist from the criteria;
completing it needs a result on every item, opens an incident for each nonconformity (once: the
incident's source key names the item) and issues the report. A completed audit is not changed again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, override

from resonanz import quality
from resonanz.audits.checklist import live_evidence
from resonanz.audits.independence import refuse_own_work
from resonanz.audits.models import (
    MAX_CRITERIA,
    MAX_PEOPLE,
    NONCONFORMITIES,
    NOTE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Audit,
    AuditProgramme,
    AuditStatus,
    ChecklistItem,
    ItemResult,
)
from resonanz.core import audit as trail
from resonanz.core.dates import EARLIEST, LATEST, refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.quality.models import Incident
from resonanz.standards.models import AdoptedClause

AUDIT_FIELDS = ("number", "title", "scope", "area", "planned_on", "status", "lead_auditor", "completed_on")
NO_CRITERIA = _(
    "An audit without criteria cannot be planned or started: choose at least one clause the audit "
    "checks against."
)


def _today(organization: Organization) -> dt.date:
    return timezone.localdate(timezone=organization.zone)


def _text(value: Any, field: str, limit: int, required: bool = False) -> str:
    text = clean_text(value)
    if required and not text:
        raise ActionRefused(_("Fill in this field."), field=field)
    if len(text) > limit:
        raise ActionRefused(_("Use at most %(limit)s characters."), params={"limit": limit}, field=field)
    return text


def _person(member: Membership, person: Any, field: str) -> Membership:
    if not isinstance(person, Membership) or person.organization_id != member.organization_id:
        raise ActionRefused(_("Choose among the organization's members."), field=field)
    if not person.is_active:
        raise ActionRefused(_("Choose an active member."), field=field)
    return person


def _people(member: Membership, people: Any, field: str) -> list[Membership]:
    if isinstance(people, Membership) or not isinstance(people, Iterable):
        raise ActionRefused(_("Choose among the organization's members."), field=field)
    chosen: list[Membership] = []
    for candidate in people:
        person = _person(member, candidate, field)
        if person.pk not in {known.pk for known in chosen}:
            chosen.append(person)
    if len(chosen) > MAX_PEOPLE:
        raise ActionRefused(_("Choose at most %(count)s people."), params={"count": MAX_PEOPLE}, field=field)
    return chosen


def _criteria(member: Membership, criteria: Any) -> list[AdoptedClause]:
    if isinstance(criteria, AdoptedClause) or not isinstance(criteria, Iterable):
        raise ActionRefused(NO_CRITERIA, field="criteria", code="no_criteria")
    chosen: list[AdoptedClause] = []
    for clause in criteria:
        if not isinstance(clause, AdoptedClause) or clause.organization_id != member.organization_id:
            raise ActionRefused(_("Choose clauses of a standard the organization uses."), field="criteria")
        if clause.pk not in {known.pk for known in chosen}:
            chosen.append(clause)
    if not chosen:
        raise ActionRefused(NO_CRITERIA, field="criteria", code="no_criteria")
    if len(chosen) > MAX_CRITERIA:
        raise ActionRefused(
            _("Choose at most %(count)s clauses for one audit."),
            params={"count": MAX_CRITERIA},
            field="criteria",
        )
    return chosen


def _snapshot(audit: Audit) -> dict[str, Any]:
    values = trail.snapshot(audit, AUDIT_FIELDS)
    values["co_auditors"] = sorted(audit.co_auditors.values_list("pk", flat=True))
    values["auditees"] = sorted(audit.auditees.values_list("pk", flat=True))
    values["criteria"] = sorted(audit.criteria.values_list("clause__number", flat=True))
    return values


# ---------------------------------------------------------------- the programme


@action(Capability.MANAGE_AUDITS)
def create_programme(member: Membership, *, year: int, objectives: str = "") -> AuditProgramme:
    """Open the audit programme of ``year``; a year has one programme."""
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST.year <= year <= LATEST.year:
        raise ActionRefused(
            _("Enter a year between %(earliest)s and %(latest)s."),
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
            field="year",
        )
    objectives = _text(objectives, "objectives", TEXT_MAX_LENGTH)
    with transaction.atomic():
        if AuditProgramme.objects.filter(organization_id=member.organization_id, year=year).exists():
            raise ActionRefused(
                _("There is a programme for %(year)s already."), params={"year": year}, field="year"
            )
        programme = AuditProgramme.objects.create(
            organization=member.organization, year=year, objectives=objectives
        )
        trail.record(
            member.organization,
            member,
            "audits.programme_created",
            programme,
            after={"year": year, "objectives": objectives},
        )
    return programme


# ---------------------------------------------------------------- planning


@action(Capability.MANAGE_AUDITS)
def plan_audit(
    member: Membership,
    programme: AuditProgramme,
    *,
    title: str,
    scope: str,
    planned_on: dt.date,
    lead_auditor: Membership,
    auditees: Iterable[Membership],
    criteria: Iterable[AdoptedClause],
    co_auditors: Iterable[Membership] = (),
    area: str = "",
) -> Audit:
    """Plan an audit in the programme: numbered per organization, refused without criteria or when an
    auditor is among the audited persons (``independence``)."""
    title = " ".join(_text(title, "title", TITLE_MAX_LENGTH, required=True).split())
    scope = _text(scope, "scope", TEXT_MAX_LENGTH, required=True)
    area = " ".join(_text(area, "area", TITLE_MAX_LENGTH).split())
    if not isinstance(planned_on, dt.date):
        raise ActionRefused(_("Enter the date."), field="planned_on")
    refuse_far_date(planned_on, "planned_on")
    if planned_on.year != programme.year:
        raise ActionRefused(
            _("Plan the audit within the programme's year %(year)s."),
            params={"year": programme.year},
            field="planned_on",
        )
    lead = _person(member, lead_auditor, "lead_auditor")
    co = [person for person in _people(member, co_auditors, "co_auditors") if person.pk != lead.pk]
    audited = _people(member, auditees, "auditees")
    if not audited:
        raise ActionRefused(
            _("Name at least one person whose work is audited (the responsible person of the area)."),
            field="auditees",
        )
    clauses = _criteria(member, criteria)
    refuse_own_work(lead, co, audited)
    with transaction.atomic():
        Organization.objects.select_for_update().only("pk").get(pk=member.organization_id)
        last = Audit.objects.filter(organization_id=member.organization_id).aggregate(last=Max("number"))[
            "last"
        ]
        planned = Audit.objects.create(
            organization=member.organization,
            programme=programme,
            number=(last or 0) + 1,
            title=title,
            scope=scope,
            area=area,
            planned_on=planned_on,
            lead_auditor=lead,
        )
        planned.co_auditors.set(co)
        planned.auditees.set(audited)
        planned.criteria.set(clauses)
        trail.record(member.organization, member, "audits.planned", planned, after=_snapshot(planned))
    return planned


# ---------------------------------------------------------------- running the audit


def _lock(audit: Audit) -> Audit:
    return (
        Audit.objects.select_for_update()
        .select_related("organization", "lead_auditor__user")
        .get(pk=audit.pk)
    )


def _refuse_issued(audit: Audit) -> None:
    if audit.status == AuditStatus.COMPLETED:
        raise ActionRefused(
            _("This audit is completed and its report issued: it is not changed any more."), code="issued"
        )


@action(Capability.MANAGE_AUDITS)
def start_audit(member: Membership, audit: Audit) -> Audit:
    """Start the audit: its checklist is generated, one item per criterion clause, with the clause's
    number and titles copied so that a later edit of the clause library leaves the audit as it was."""
    with transaction.atomic():
        locked = _lock(audit)
        _refuse_issued(locked)
        if locked.status != AuditStatus.PLANNED:
            raise ActionRefused(_("This audit has been started already."), code="started")
        criteria = list(
            locked.criteria.select_related("clause__standard").order_by(
                "clause__standard__code", "clause__position", "pk"
            )
        )
        if not criteria:
            raise ActionRefused(NO_CRITERIA, field="criteria", code="no_criteria")
        lead = locked.lead_auditor
        refuse_own_work(lead, locked.co_auditors.all(), locked.auditees.all())
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                organization_id=locked.organization_id,
                audit=locked,
                adopted_clause=criterion,
                position=position,
                clause_number=criterion.clause.label[:40],
                clause_title_de=criterion.clause.title_de,
                clause_title_en=criterion.clause.title_en,
            )
            for position, criterion in enumerate(criteria, start=1)
        )
        before = _snapshot(locked)
        locked.status, locked.started_at = AuditStatus.IN_PROGRESS, timezone.now()
        locked.save(update_fields=["status", "started_at"])
        trail.record(
            member.organization,
            member,
            "audits.started",
            locked,
            before=before,
            after={**_snapshot(locked), "items": len(criteria)},
        )
    return locked


@action(Capability.MANAGE_AUDITS)
def record_result(member: Membership, item: ChecklistItem, *, result: str, note: str = "") -> ChecklistItem:
    """Record what the audit found for one clause; changeable until the report is issued. A
    nonconformity needs a note that describes it."""
    if not isinstance(result, str) or result not in ItemResult.values:
        raise ActionRefused(_("Choose a result."), field="result")
    note = _text(note, "note", NOTE_MAX_LENGTH)
    if result in NONCONFORMITIES and not note:
        raise ActionRefused(_("Describe the nonconformity and the evidence it rests on."), field="note")
    with transaction.atomic():
        locked = _lock(item.audit)
        _refuse_issued(locked)
        if locked.status != AuditStatus.IN_PROGRESS:
            raise ActionRefused(_("Start the audit first."), code="not_started")
        current = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        before = {"result": current.result, "note": current.note}
        current.result, current.note = result, note
        current.recorded_by, current.recorded_by_name = member, member_name(member)
        current.recorded_at = timezone.now()
        current.save(update_fields=["result", "note", "recorded_by", "recorded_by_name", "recorded_at"])
        trail.record(
            member.organization,
            member,
            "audits.result_recorded",
            locked,
            before=before,
            after={"item": current.pk, "clause": current.clause_number, "result": result, "note": note},
            personal=("note",),
        )
    return current


def _open_incident(audit: Audit, item: ChecklistItem) -> Incident:
    """The incident of a nonconformity, opened once: its source key names the checklist item. Its texts
    are in the organization's language (the incident is read by everyone who handles it)."""
    with override(audit.organization.default_language):
        title = _("Audit #%(number)s, %(clause)s: %(title)s") % {
            "number": audit.number,
            "clause": item.clause_number,
            "title": item.clause_title,
        }
        description = _("Finding of the internal audit “%(audit)s”:\n%(note)s") % {
            "audit": audit.title,
            "note": item.note,
        }
    return quality.open_incident_from(
        audit.organization,
        source="audit_finding",
        source_key=f"audits.finding:{item.pk}",
        title=str(title)[:200],
        description=str(description),
        grade="major" if item.result == ItemResult.MAJOR else "minor",
    )


@action(Capability.MANAGE_AUDITS)
def complete_audit(member: Membership, audit: Audit, *, summary: str = "") -> Audit:
    """Issue the report: every item needs a result. Each nonconformity opens its incident (minor or
    major), the evidence shown for each clause and the names of the people are copied, and from then on
    the audit does not change."""
    summary = _text(summary, "summary", TEXT_MAX_LENGTH)
    with transaction.atomic():
        locked = _lock(audit)
        _refuse_issued(locked)
        if locked.status != AuditStatus.IN_PROGRESS:
            raise ActionRefused(_("Start the audit first."), code="not_started")
        items = list(ChecklistItem.objects.select_for_update().filter(audit=locked).order_by("position"))
        open_items = sum(1 for item in items if not item.result)
        if open_items:
            raise ActionRefused(
                ngettext_lazy(
                    "%(count)s checklist item has no result yet: record a result for every item first.",
                    "%(count)s checklist items have no result yet: record a result for every item first.",
                    "count",
                ),
                params={"count": open_items},
                code="open_items",
            )
        evidence = live_evidence(member, items)
        before = _snapshot(locked)
        incidents: dict[int, int] = {}
        for item in items:
            item.evidence = [
                {"label": entry.label, "url": entry.url, "date": entry.date}
                for entry in evidence.get(item.pk, [])
            ]
            if item.result in NONCONFORMITIES:
                incident = _open_incident(locked, item)
                item.incident = incident
                incidents[item.pk] = incident.number
        ChecklistItem.objects.bulk_update(items, ["evidence", "incident"])
        locked.people = {
            "lead": member_name(locked.lead_auditor),
            "co": [member_name(person) for person in locked.co_auditors.select_related("user")],
            "auditees": [member_name(person) for person in locked.auditees.select_related("user")],
        }
        locked.summary = summary
        locked.status, locked.completed_on = AuditStatus.COMPLETED, _today(locked.organization)
        locked.save(update_fields=["people", "summary", "status", "completed_on"])
        trail.record(
            member.organization,
            member,
            "audits.completed",
            locked,
            before=before,
            after={
                **_snapshot(locked),
                "summary": summary,
                "results": {item.clause_number: item.result for item in items},
                "incidents": sorted(incidents.values()),
            },
            personal=("summary",),
        )
    return locked
