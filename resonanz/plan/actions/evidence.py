"""Actions on evidence of executed communication: linked by other apps, marked done by people, opened.

``link_evidence`` is the hook later apps call when a post, a newsletter or a meeting was carried out
for a plan row. ``mark_occurrence_done`` is for people: an offline channel, a note, maybe a file.
The planned-versus-executed comparison reads it (``plan/execution.py``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text, member_name
from resonanz.plan.attachments import check_attachment
from resonanz.plan.models import Evidence, EvidenceKind, PlanRow, WhenKind
from resonanz.plan.schedule import row_occurrences

EVIDENCE_FIELDS = (
    "plan",
    "row_key",
    "occurred_at",
    "planned_for",
    "kind",
    "note",
    "link",
    "attachment",
    "object_id",
)
_URL = URLValidator(schemes=["http", "https"])


def _row_with_plan(row: PlanRow) -> PlanRow:
    return PlanRow.objects.select_related("version__plan__organization").get(pk=row.pk)


def _record(actor: Membership | None, evidence: Evidence, action: str) -> None:
    organization = evidence.plan.organization
    after = audit.snapshot(evidence, EVIDENCE_FIELDS)
    after["content_type"] = evidence.content_type.model if evidence.content_type is not None else None
    audit.record(organization, actor, action, evidence, after=after)


@action(Capability.RECORD_EVIDENCE, system=True)
def link_evidence(
    actor: Membership | None,
    row: PlanRow,
    occurred_at: dt.datetime,
    obj: models.Model | None = None,
    note: str = "",
    kind: str = EvidenceKind.POST,
    planned_for: dt.datetime | None = None,
) -> Evidence:
    """Record that ``obj`` (a post, a newsletter, a meeting) carried out ``row`` at ``occurred_at``.

    The calling app has checked its own permissions; this only makes sure everything belongs to one
    organization. Linking the same object to the same row again returns the existing evidence, so
    a retried job does not count twice.
    """
    if timezone.is_naive(occurred_at):
        raise ActionRefused(_("Give the time with its time zone."), field="occurred_at")
    if kind not in EvidenceKind.values:
        raise ActionRefused(_("Choose a kind of evidence."), field="kind")
    with transaction.atomic():
        fresh = _row_with_plan(row)
        plan = fresh.version.plan
        if actor is not None:
            same_organization(actor, plan.organization_id)
        link: dict[str, Any] = {}
        if obj is not None:
            if getattr(obj, "organization_id", plan.organization_id) != plan.organization_id:
                raise ActionRefused(_("The linked object belongs to another organization."))
            link = {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)}
            existing = Evidence.objects.filter(plan=plan, row_key=fresh.row_key, **link).first()
            if existing is not None:
                return existing
        evidence = Evidence(
            organization_id=plan.organization_id,
            plan=plan,
            row_key=fresh.row_key,
            occurred_at=occurred_at,
            planned_for=planned_for,
            kind=kind,
            note=clean_text(note, 5000),
            recorded_by=actor,
            recorded_by_name=member_name(actor) if actor is not None else "System",
            **link,
        )
        try:
            _insert(evidence)
        except (IntegrityError, ActionRefused):
            # Another job linked the same object a moment ago (plan_evidence_link_once).
            earlier = (
                Evidence.objects.filter(plan=plan, row_key=fresh.row_key, **link).first() if link else None
            )
            if earlier is None:
                raise
            return earlier
        _record(actor, evidence, "plan.evidence_linked")
    return evidence


@action(Capability.RECORD_EVIDENCE)
def mark_occurrence_done(
    member: Membership,
    row: PlanRow,
    *,
    planned_for: dt.datetime | None,
    note: str = "",
    attachment: UploadedFile[Any] | None = None,
    occurred_at: dt.datetime | None = None,
    kind: str = EvidenceKind.MANUAL,
    link: str = "",
) -> Evidence:
    """A member confirms that a planned occurrence took place (a meeting, a trade fair, a letter).

    ``planned_for`` must be one of the row's planned occurrences, and not in the future; trigger
    rows have none and pass None. ``occurred_at`` defaults to the planned time, or to now. The
    evidence is a note, a file or a link (``http``/``https``); a plan may make the note optional
    (``CommunicationPlan.evidence_note_optional``).
    """
    if kind not in EvidenceKind.values:
        raise ActionRefused(_("Choose a kind of evidence."), field="kind")
    now = timezone.now()
    for value, name in ((planned_for, "planned_for"), (occurred_at, "occurred_at")):
        if value is not None and timezone.is_naive(value):
            raise ActionRefused(_("Give the time with its time zone."), field=name)
        if value is not None:
            refuse_far_date(value, name)  # the year 1 cannot even be compared in UTC
            if value > now:
                raise ActionRefused(
                    _("This lies in the future: it can be marked as done once it has taken place."),
                    field=name,
                    code="future",
                )
    link = _clean_link(link)
    if attachment is not None:
        check_attachment(attachment)
    with transaction.atomic():
        fresh = _row_with_plan(row)
        plan = fresh.version.plan
        same_organization(member, plan.organization_id)
        if not plan.evidence_note_optional and not (clean_text(note, 5000) or attachment is not None or link):
            raise ActionRefused(
                _("Add a note, a file or a link as evidence of what took place."),
                field="note",
                code="no_evidence",
            )
        if planned_for is not None:
            _check_planned(fresh, planned_for)
            if Evidence.objects.filter(plan=plan, row_key=fresh.row_key, planned_for=planned_for).exists():
                raise _already_done()
        elif fresh.when_kind != WhenKind.TRIGGER:
            raise ActionRefused(_("Choose the planned occurrence that took place."), field="planned_for")
        evidence = Evidence(
            organization_id=plan.organization_id,
            plan=plan,
            row_key=fresh.row_key,
            occurred_at=occurred_at or planned_for or now,
            planned_for=planned_for,
            kind=kind,
            note=clean_text(note, 5000),
            link=link,
            recorded_by=member,
            recorded_by_name=member_name(member),
        )
        stored_as = ""
        if attachment is not None:
            name = get_valid_filename(attachment.name or "attachment")[-100:] or "attachment"
            stored_as = evidence.attachment.field.generate_filename(evidence, f"{uuid.uuid4().hex}-{name}")
            evidence.attachment.name = stored_as
        _insert(evidence)
        _record(member, evidence, "plan.occurrence_done")
        if attachment is not None:
            # Stored once the record is committed: a refusal or a rollback leaves no file behind.
            transaction.on_commit(partial(_store_attachment, evidence.pk, stored_as, attachment))
    return evidence


@action(Capability.VIEW_EVIDENCE)
def open_evidence_file(member: Membership, evidence: Evidence) -> tuple[File[bytes], str]:
    """Open the file attached to ``evidence`` for the member to download; returns it and its name.

    Who took which file is recorded (``plan.evidence_downloaded``): the files are about people's work.
    Raises ``Http404`` when there is no file (or storage lost it).
    """
    if not evidence.attachment:
        raise Http404
    try:
        handle = evidence.attachment.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    # A storage name, not a path on this machine: its parts are always separated by "/".
    name = (evidence.attachment.name or "").rpartition("/")[2].split("-", 1)[-1]
    with transaction.atomic():
        audit.record(member.organization, member, "plan.evidence_downloaded", evidence, after={"file": name})
    return handle, name


def _clean_link(link: str) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    try:
        if len(link) > 500:
            raise ValidationError("too long")
        _URL(link)
    except ValidationError:
        raise ActionRefused(
            _("Enter a web address starting with https:// (at most 500 characters)."), field="link"
        ) from None
    return link


def _already_done() -> ActionRefused:
    return ActionRefused(_("This occurrence is already marked as done."), field="planned_for")


def _insert(evidence: Evidence) -> None:
    """Insert ``evidence``; refuse when someone marked its occurrence done first.

    The check before is for a quick answer; the constraint ``plan_evidence_occurrence_once`` decides
    when two requests arrive together (the second insert waits for the first and then fails).
    """
    try:
        with transaction.atomic():
            evidence.save()
    except IntegrityError:
        if evidence.planned_for is not None and (
            Evidence.objects.filter(
                plan_id=evidence.plan_id, row_key=evidence.row_key, planned_for=evidence.planned_for
            ).exists()
        ):
            raise _already_done() from None
        raise


def _store_attachment(evidence_id: int, name: str, attachment: UploadedFile[Any]) -> None:
    """Put the file into storage (local or S3-compatible) under the name its record already holds."""
    storage = Evidence._meta.get_field("attachment").storage
    try:
        stored = storage.save(name, attachment, max_length=300)
    except Exception:
        # The record must not point at a file that is not there.
        Evidence.objects.filter(pk=evidence_id).update(attachment="")
        raise
    if stored != name:
        Evidence.objects.filter(pk=evidence_id).update(attachment=stored)


def _check_planned(row: PlanRow, planned_for: dt.datetime) -> None:
    zone = row.version.plan.organization.zone
    window = row_occurrences(
        row, zone, planned_for - dt.timedelta(minutes=1), planned_for + dt.timedelta(minutes=1)
    )
    if not any(occurrence.start == planned_for for occurrence in window):
        raise ActionRefused(_("The row has no planned occurrence at this time."), field="planned_for")
