"""Leavers: a person who left the organization stays on record, deactivated (anonymised later)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability, Role
from resonanz.core.signals import member_left


@action(Capability.MANAGE_PEOPLE)
def deactivate_leaver(actor: Membership, membership: Membership) -> Membership:
    """Mark a person as having left: the membership is deactivated and ``member_left`` is sent."""
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("user", "organization")
            .get(pk=membership.pk)
        )
        if not locked.is_active:
            return locked
        if locked.pk == actor.pk:
            raise ActionRefused(_("You cannot mark yourself as having left."))
        if locked.role_assignments.filter(role=Role.ADMIN).exists():
            others = (
                Membership.objects.filter(
                    organization_id=locked.organization_id, is_active=True, role_assignments__role=Role.ADMIN
                )
                .exclude(pk=locked.pk)
                .exists()
            )
            if not others:
                raise ActionRefused(_("The organization needs at least one active administrator."))
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        audit.record(
            locked.organization,
            actor,
            "people.member_left",
            locked,
            before={"is_active": True},
            after={"is_active": False},
        )
        member_left.send(sender=Membership, membership=locked, actor=actor)
    return locked
