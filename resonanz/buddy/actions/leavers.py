"""A member who leaves the organization leaves the buddy programme: their pairs end, their opt-in is
withdrawn and, if they were a buddy, their buddy profile becomes inactive.

Called from the ``member_left`` signal inside the action that deactivated the membership (people's
leaver action or core's deactivation), by the member who recorded the leaving, or by nobody when a job
did. Each change gets its own audit record. The colleagues of a leaving buddy keep their opt-ins: they
show as waiting for a buddy and the next matching run pairs them again.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import pairing
from resonanz.buddy.actions.buddies import _snapshot as buddy_snapshot
from resonanz.buddy.actions.opt_ins import _snapshot as opt_in_snapshot
from resonanz.buddy.models import BuddyProfile, CoachingOptIn, Pair
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

# The reason an ended pair gives; stored in German or English as the leaving action ran.
LEFT = _("Left the organization.")


@action(Capability.MANAGE_PEOPLE, Capability.MANAGE_MEMBERS, Capability.MANAGE_PROGRAM, system=True)
def end_programme_of_leaver(actor: Membership | None, leaver: Membership) -> dict[str, int]:
    """End what a member who left held in the buddy programme; returns what was ended, counted."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("organization").get(pk=leaver.pk)
        if locked.is_active:
            raise ActionRefused(_("%(name)s is still a member."), params={"name": str(locked)})
        organization = locked.organization
        now = timezone.now()
        reason = str(LEFT)
        pairs = list(
            Pair.objects.select_for_update()
            .filter(organization=organization, ended_at__isnull=True)
            .filter(Q(buddy=locked) | Q(coachee=locked))
            .order_by("pk")
        )
        for pair in pairs:
            before = pairing.pair_summary(pair)
            pairing.end_pair(pair, now, reason)
            audit.record(
                organization,
                actor,
                "buddy.pair_ended_leaver",
                pair,
                before=before,
                after={**pairing.pair_summary(pair), "reason": reason},
                personal=("reason",),
            )
        withdrawn = 0
        for opt_in in CoachingOptIn.objects.select_for_update().filter(membership=locked, is_active=True):
            before_opt_in = opt_in_snapshot(opt_in)
            opt_in.is_active = False
            opt_in.ended_at = now
            opt_in.save(update_fields=["is_active", "ended_at"])
            audit.record(
                organization,
                actor,
                "buddy.opt_in_withdrawn_leaver",
                opt_in,
                before=before_opt_in,
                after=opt_in_snapshot(opt_in),
            )
            withdrawn += 1
        buddy = BuddyProfile.objects.select_for_update().filter(membership=locked, is_active=True).first()
        if buddy is not None:
            before_buddy = buddy_snapshot(buddy)
            buddy.is_active = False
            buddy.save(update_fields=["is_active", "updated_at"])
            audit.record(
                organization,
                actor,
                "buddy.buddy_deactivated_leaver",
                buddy,
                before=before_buddy,
                after=buddy_snapshot(buddy),
            )
    return {"pairs": len(pairs), "opt_ins": withdrawn, "buddies": int(buddy is not None)}
