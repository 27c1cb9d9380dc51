"""Actions on certificates: record one (with its evidence file), change it, hand out its file."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from resonanz.competence.cleaning import clean_date, own, refuse_unknown
from resonanz.competence.models import Certificate, Competence, Training
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text
from resonanz.plan.attachments import check_attachment

CERTIFICATE_FIELDS = ("membership", "competence", "training", "issued_on", "expires_on", "issuer", "evidence")
_CHANGEABLE = ("competence", "training", "issued_on", "expires_on", "issuer")


def _clean(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    refuse_unknown(values, _CHANGEABLE)
    cleaned = dict(values)
    if "competence" in cleaned:
        cleaned["competence"] = own(member, Competence, cleaned["competence"], "competence")
    if cleaned.get("training") is not None:
        cleaned["training"] = own(member, Training, cleaned["training"], "training")
    if "issued_on" in cleaned:
        cleaned["issued_on"] = clean_date(cleaned["issued_on"], "issued_on")
    if "expires_on" in cleaned:
        cleaned["expires_on"] = clean_date(cleaned["expires_on"], "expires_on", required=False)
    if "issuer" in cleaned:
        cleaned["issuer"] = clean_text(cleaned["issuer"], 200)
    return cleaned


def _refuse_expiry(certificate: Certificate) -> None:
    if certificate.expires_on is not None and certificate.expires_on <= certificate.issued_on:
        raise ActionRefused(
            _("A certificate cannot expire on or before the day it was issued."),
            field="expires_on",
            code="expiry",
        )


def _holder(member: Membership, person: Any) -> Membership:
    """The holder, a member of the actor's organization: a certificate for anyone else is refused."""
    pk = person.pk if isinstance(person, Membership) else person
    found = (
        Membership.objects.filter(pk=pk, organization_id=member.organization_id).first()
        if isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk < 2**63
        else None
    )
    if found is None:
        raise ActionRefused(_("Choose a member of your organization."), field="membership")
    return found


@action(Capability.MANAGE_COMPETENCE)
def record_certificate(
    member: Membership,
    *,
    person: Membership | int,
    competence: Competence | int,
    issued_on: Any,
    expires_on: Any = None,
    issuer: str = "",
    training: Training | int | None = None,
    evidence: UploadedFile[Any] | None = None,
) -> Certificate:
    """Record that ``person`` holds ``competence`` from ``issued_on`` (until ``expires_on``, if given)."""
    holder = _holder(member, person)
    cleaned = _clean(
        member,
        {
            "competence": competence,
            "issued_on": issued_on,
            "expires_on": expires_on,
            "issuer": issuer,
            "training": training,
        },
    )
    if evidence is not None:
        try:
            check_attachment(evidence)
        except ActionRefused as refused:
            refused.field = "evidence"
            raise
    certificate = Certificate(organization=member.organization, membership=holder, **cleaned)
    _refuse_expiry(certificate)
    with transaction.atomic():
        stored_as = ""
        if evidence is not None:
            name = get_valid_filename(evidence.name or "certificate")[-100:] or "certificate"
            stored_as = certificate.evidence.field.generate_filename(
                certificate, f"{uuid.uuid4().hex}-{name}"
            )
            certificate.evidence.name = stored_as
        certificate.save()
        audit.record(
            member.organization,
            member,
            "competence.certificate_recorded",
            certificate,
            after=audit.snapshot(certificate, CERTIFICATE_FIELDS),
        )
        if evidence is not None:
            # Stored once the record is committed: a refusal or a rollback leaves no file behind.
            transaction.on_commit(partial(_store_evidence, certificate.pk, stored_as, evidence))
    return certificate


def _store_evidence(certificate_id: int, name: str, evidence: UploadedFile[Any]) -> None:
    storage = Certificate._meta.get_field("evidence").storage
    try:
        stored = storage.save(name, evidence, max_length=300)
    except Exception:
        Certificate.objects.filter(pk=certificate_id).update(evidence="")
        raise
    if stored != name:
        Certificate.objects.filter(pk=certificate_id).update(evidence=stored)


@action(Capability.MANAGE_COMPETENCE)
def update_certificate(member: Membership, certificate: Certificate, **changes: Any) -> Certificate:
    cleaned = _clean(member, changes)
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        before = audit.snapshot(locked, CERTIFICATE_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        _refuse_expiry(locked)
        after = audit.snapshot(locked, CERTIFICATE_FIELDS)
        if before == after:
            return locked
        locked.save(update_fields=[*cleaned])
        # A renewed expiry date deserves a fresh reminder.
        if before.get("expires_on") != after.get("expires_on"):
            locked.reminders.all().delete()
        audit.record(
            member.organization, member, "competence.certificate_changed", locked, before=before, after=after
        )
    return locked


@action(Capability.VIEW_COMPETENCE)
def open_certificate_file(member: Membership, certificate: Certificate) -> tuple[File[bytes], str]:
    """Open the evidence file of ``certificate`` for download; who took it is recorded."""
    if not certificate.evidence:
        raise Http404
    try:
        handle = certificate.evidence.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    name = (certificate.evidence.name or "").rpartition("/")[2].split("-", 1)[-1]
    with transaction.atomic():
        audit.record(
            member.organization,
            member,
            "competence.certificate_downloaded",
            certificate,
            after={"file": name},
        )
    return handle, name
