"""Actions on the competence catalogue and on the competences roles and channels require."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from resonanz.competence.cleaning import own, refuse_unknown
from resonanz.competence.models import ChannelRequirement, Competence, RoleRequirement
from resonanz.competence.models.catalogue import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability, Role
from resonanz.core.text import clean_text
from resonanz.plan.models import Channel

COMPETENCE_FIELDS = ("name", "description", "is_active")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    refuse_unknown(values, COMPETENCE_FIELDS)
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = clean_text(cleaned["name"])
        if not cleaned["name"]:
            raise ActionRefused(_("Enter a name."), field="name")
        if len(cleaned["name"]) > NAME_MAX_LENGTH:
            raise ActionRefused(
                _("Use at most %(count)s characters."), params={"count": NAME_MAX_LENGTH}, field="name"
            )
    if "description" in cleaned:
        cleaned["description"] = clean_text(cleaned["description"], DESCRIPTION_MAX_LENGTH)
    if "is_active" in cleaned:
        cleaned["is_active"] = bool(cleaned["is_active"])
    return cleaned


def _name_taken(member: Membership, name: str, exclude: int | None = None) -> bool:
    taken = Competence.objects.filter(organization_id=member.organization_id, name__iexact=name)
    return taken.exclude(pk=exclude).exists() if exclude is not None else taken.exists()


def _refuse_name(name: str) -> ActionRefused:
    return ActionRefused(
        _("The competence “%(name)s” exists already."), params={"name": name}, field="name", code="duplicate"
    )


@action(Capability.MANAGE_COMPETENCE)
def create_competence(member: Membership, *, name: str, description: str = "") -> Competence:
    cleaned = _clean({"name": name, "description": description})
    with transaction.atomic():
        if _name_taken(member, cleaned["name"]):
            raise _refuse_name(cleaned["name"])
        try:
            with transaction.atomic():
                competence = Competence.objects.create(organization=member.organization, **cleaned)
        except IntegrityError:
            raise _refuse_name(cleaned["name"]) from None
        audit.record(
            member.organization,
            member,
            "competence.created",
            competence,
            after=audit.snapshot(competence, COMPETENCE_FIELDS),
        )
    return competence


@action(Capability.MANAGE_COMPETENCE)
def update_competence(member: Membership, competence: Competence, **changes: Any) -> Competence:
    cleaned = _clean(changes)
    with transaction.atomic():
        locked = Competence.objects.select_for_update().get(pk=competence.pk)
        if "name" in cleaned and _name_taken(member, cleaned["name"], exclude=locked.pk):
            raise _refuse_name(cleaned["name"])
        before = audit.snapshot(locked, COMPETENCE_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        after = audit.snapshot(locked, COMPETENCE_FIELDS)
        if before == after:
            return locked
        try:
            with transaction.atomic():
                locked.save(update_fields=[*cleaned])
        except IntegrityError:
            raise _refuse_name(cleaned.get("name", "")) from None
        verb = "updated"
        if set(cleaned) == {"is_active"}:
            verb = "activated" if locked.is_active else "deactivated"
        audit.record(member.organization, member, f"competence.{verb}", locked, before=before, after=after)
    return locked


@action(Capability.MANAGE_COMPETENCE)
def deactivate_competence(member: Membership, competence: Competence) -> Competence:
    """Competences are never deleted: certificates refer to them. A deactivated one is not offered."""
    return update_competence(member, competence, is_active=False)


def _requirement_after(competence: Competence, subject: str, value: str) -> dict[str, Any]:
    return {subject: value, "competence": competence.pk, "competence_name": competence.name}


@action(Capability.MANAGE_COMPETENCE)
def require_for_role(member: Membership, *, role: str, competence: Competence | int) -> RoleRequirement:
    """Everyone holding ``role`` needs ``competence``; asking again returns the existing requirement."""
    if role not in Role.values:
        raise ActionRefused(_("Choose a role."), field="role")
    wanted = own(member, Competence, competence, "competence")
    with transaction.atomic():
        requirement, created = RoleRequirement.objects.get_or_create(
            organization=member.organization, role=role, competence=wanted
        )
        if created:
            audit.record(
                member.organization,
                member,
                "competence.role_requirement_added",
                requirement,
                after=_requirement_after(wanted, "role", role),
            )
    return requirement


@action(Capability.MANAGE_COMPETENCE)
def remove_role_requirement(member: Membership, requirement: RoleRequirement) -> None:
    with transaction.atomic():
        competence = requirement.competence
        audit.record(
            member.organization,
            member,
            "competence.role_requirement_removed",
            requirement,
            before=_requirement_after(competence, "role", requirement.role),
        )
        RoleRequirement.objects.filter(pk=requirement.pk).delete()


@action(Capability.MANAGE_COMPETENCE)
def require_for_channel(
    member: Membership, *, channel: Channel | int, competence: Competence | int
) -> ChannelRequirement:
    """Whoever sends on ``channel`` needs ``competence``; asking again returns the existing requirement."""
    wanted_channel = own(member, Channel, channel, "channel")
    wanted = own(member, Competence, competence, "competence")
    with transaction.atomic():
        requirement, created = ChannelRequirement.objects.get_or_create(
            organization=member.organization, channel=wanted_channel, competence=wanted
        )
        if created:
            audit.record(
                member.organization,
                member,
                "competence.channel_requirement_added",
                requirement,
                after=_requirement_after(wanted, "channel", wanted_channel.name),
            )
    return requirement


@action(Capability.MANAGE_COMPETENCE)
def remove_channel_requirement(member: Membership, requirement: ChannelRequirement) -> None:
    with transaction.atomic():
        audit.record(
            member.organization,
            member,
            "competence.channel_requirement_removed",
            requirement,
            before=_requirement_after(requirement.competence, "channel", requirement.channel.name),
        )
        ChannelRequirement.objects.filter(pk=requirement.pk).delete()
