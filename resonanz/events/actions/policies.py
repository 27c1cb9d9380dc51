"""Policies people must know (ISO 9001 7.3): write and publish them, and acknowledge having read them."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text
from resonanz.events.models import (
    POLICY_TEXT_MAX_LENGTH,
    POLICY_TITLE_MAX_LENGTH,
    VERSION_MAX_LENGTH,
    Acknowledgement,
    PolicyDocument,
    PolicyKind,
)

FIELDS = ("kind", "title", "version_label", "text")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    cleaned = dict(values)
    if "kind" in cleaned and cleaned["kind"] not in PolicyKind.values:
        raise ActionRefused(_("Choose a kind of policy."), field="kind")
    for field, most in (("title", POLICY_TITLE_MAX_LENGTH), ("version_label", VERSION_MAX_LENGTH)):
        if field in cleaned:
            cleaned[field] = clean_text(cleaned[field])
            if not cleaned[field]:
                raise ActionRefused(
                    _("Enter a title.") if field == "title" else _("Enter a version."), field=field
                )
            if len(cleaned[field]) > most:
                raise ActionRefused(
                    _("Use at most %(count)s characters."), params={"count": most}, field=field
                )
    if "text" in cleaned:
        text = str(cleaned["text"] if cleaned["text"] is not None else "").replace("\x00", "").strip()
        if not text:
            raise ActionRefused(_("Enter the text of the policy."), field="text")
        if len(text) > POLICY_TEXT_MAX_LENGTH:
            raise ActionRefused(
                _("Use at most %(count)s characters."), params={"count": POLICY_TEXT_MAX_LENGTH}, field="text"
            )
        cleaned["text"] = text
    return cleaned


@action(Capability.MANAGE_COMPETENCE)
def create_policy(
    member: Membership,
    *,
    title: str,
    version_label: str,
    text: str,
    kind: str = PolicyKind.OTHER,
    supersedes: PolicyDocument | None = None,
) -> PolicyDocument:
    """A draft policy document; ``supersedes`` names the published version it will replace."""
    cleaned = _clean({"kind": kind, "title": title, "version_label": version_label, "text": text})
    with transaction.atomic():
        if supersedes is not None:
            previous = PolicyDocument.objects.select_for_update().get(pk=supersedes.pk)
            if previous.published_at is None:
                raise ActionRefused(_("Only a published policy can be replaced by a new version."))
            if PolicyDocument.objects.filter(supersedes=previous).exists():
                raise ActionRefused(_("A newer version of this policy exists already."))
            if previous.version_label == cleaned["version_label"]:
                raise ActionRefused(_("Give the new version a new version label."), field="version_label")
        document = PolicyDocument.objects.create(
            organization=member.organization, supersedes=supersedes, **cleaned
        )
        audit.record(
            member.organization,
            member,
            "events.policy_created",
            document,
            after={**audit.snapshot(document, FIELDS), "supersedes": audit.to_json(supersedes)},
        )
    return document


@action(Capability.MANAGE_COMPETENCE)
def update_policy(member: Membership, document: PolicyDocument, **changes: Any) -> PolicyDocument:
    """Change a draft; a published policy is frozen (a new version replaces it)."""
    cleaned = _clean(changes)
    with transaction.atomic():
        locked = PolicyDocument.objects.select_for_update().get(pk=document.pk)
        if locked.published_at is not None:
            raise ActionRefused(_("A published policy cannot be changed; write a new version instead."))
        before = audit.snapshot(locked, FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        after = audit.snapshot(locked, FIELDS)
        if before == after:
            return locked
        locked.save(update_fields=list(cleaned))
        audit.record(member.organization, member, "events.policy_updated", locked, before=before, after=after)
    return locked


@action(Capability.MANAGE_COMPETENCE)
def publish_policy(member: Membership, document: PolicyDocument) -> PolicyDocument:
    """Publish a draft: from now on everyone is asked to acknowledge it, and it no longer changes."""
    with transaction.atomic():
        locked = PolicyDocument.objects.select_for_update().get(pk=document.pk)
        if locked.published_at is not None:
            raise ActionRefused(_("This policy is published already."))
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
        audit.record(
            member.organization,
            member,
            "events.policy_published",
            locked,
            after={"version_label": locked.version_label, "published_at": audit.to_json(locked.published_at)},
        )
    return locked


@action(Capability.TAKE_PART)
def acknowledge_policy(member: Membership, document: PolicyDocument) -> Acknowledgement:
    """State that one has read and understood this version of a published policy."""
    with transaction.atomic():
        document = PolicyDocument.objects.get(pk=document.pk)  # as it is now, not as the caller read it
        if document.published_at is None:
            raise ActionRefused(_("This policy has not been published yet."))
        if Acknowledgement.objects.filter(document=document, membership=member).exists():
            raise ActionRefused(_("You have acknowledged this version already."))
        try:
            with transaction.atomic():
                acknowledgement = Acknowledgement.objects.create(
                    document=document, membership=member, version_label=document.version_label
                )
        except IntegrityError:
            raise ActionRefused(_("You have acknowledged this version already.")) from None
        audit.record(
            member.organization,
            member,
            "events.policy_acknowledged",
            acknowledgement,
            after={"document": document.pk, "version_label": acknowledgement.version_label},
        )
    return acknowledgement
