"""Manual overrides of the matching: pin a colleague to a buddy, move them, end a pair.

Each needs a reason, which goes into the audit trail with the pair before and after. A buddy at
capacity takes another colleague only when the manager says so explicitly (``over_capacity=True``);
otherwise the override is refused with a message that says why.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import normalise, pairing
from resonanz.buddy.models import BuddyProfile, CoachingOptIn, CoachingPlan, Pair
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability


def _check_buddy(buddy: BuddyProfile, opt_in: CoachingOptIn, over_capacity: bool) -> bool:
    """Refuse an inactive buddy, the colleague themself, or a full buddy without the explicit flag.

    Returns whether the new pair goes over the buddy's capacity."""
    if not buddy.is_active or not buddy.membership.is_active:
        raise ActionRefused(_("This buddy is not active."), field="buddy_profile_id")
    if buddy.membership_id == opt_in.membership_id:
        raise ActionRefused(_("Nobody can coach themselves."), field="buddy_profile_id")
    Membership.objects.select_for_update().filter(pk=buddy.membership_id).first()  # serialise per buddy
    load = pairing.active_pairs_of_buddy(buddy.membership)
    full = load >= buddy.capacity
    if full and not over_capacity:
        raise ActionRefused(
            _(
                "%(name)s coaches %(load)s colleagues and has a capacity of %(capacity)s. To go over "
                "the capacity, confirm it explicitly and give a reason."
            ),
            params={"name": str(buddy.membership), "load": load, "capacity": buddy.capacity},
            field="over_capacity",
            code="over_capacity",
        )
    return full


def _override(
    member: Membership,
    buddy: BuddyProfile,
    opt_in: CoachingOptIn,
    reason: str,
    over_capacity: bool,
    code: str,
) -> Pair:
    now = timezone.now()
    with transaction.atomic():
        opt_in = CoachingOptIn.objects.select_for_update().get(pk=opt_in.pk)
        if not opt_in.is_active:
            raise ActionRefused(_("This colleague has opted out."), field="coaching_opt_in_id")
        full = _check_buddy(buddy, opt_in, over_capacity)
        current = (
            Pair.objects.select_for_update()
            .filter(coachee_id=opt_in.membership_id, ended_at__isnull=True)
            .first()
        )
        before = pairing.pair_summary(current) if current is not None else None
        goals = ""
        if current is not None:
            if current.buddy_id == buddy.membership_id:
                raise ActionRefused(
                    _("This colleague is already coached by this buddy."), field="buddy_profile_id"
                )
            plan = CoachingPlan.objects.filter(pair=current).first()
            goals = plan.goals if plan is not None else ""
            pairing.end_pair(current, now, reason)
        pair = pairing.start_pair(
            member.organization,
            buddy.membership,
            opt_in,
            now,
            goals=goals,
            is_manual=True,
            over_capacity=full,
            override_reason=reason,
        )
        audit.record(
            member.organization,
            member,
            code,
            pair,
            before=before,
            after={**pairing.pair_summary(pair), "reason": reason},
            personal=("reason",),
        )
    return pair


@action(Capability.MANAGE_PROGRAM)
def pin_pair(
    member: Membership,
    buddy: BuddyProfile,
    opt_in: CoachingOptIn,
    *,
    reason: Any,
    over_capacity: bool = False,
) -> Pair:
    """Pair a colleague with a buddy by hand; later matching runs keep the pair."""
    return _override(
        member, buddy, opt_in, normalise.reason(reason), over_capacity is True, "buddy.pair_pinned"
    )


@action(Capability.MANAGE_PROGRAM)
def move_coachee(
    member: Membership, pair: Pair, buddy: BuddyProfile, *, reason: Any, over_capacity: bool = False
) -> Pair:
    """Move a pair's colleague to another buddy; the goals go with them, the old pair ends."""
    cleaned = normalise.reason(reason)
    if pair.ended_at is not None or pair.opt_in is None:
        raise ActionRefused(_("This pair has ended."))
    return _override(member, buddy, pair.opt_in, cleaned, over_capacity is True, "buddy.coachee_moved")


@action(Capability.MANAGE_PROGRAM)
def end_pair(member: Membership, pair: Pair, *, reason: Any) -> Pair:
    cleaned = normalise.reason(reason)
    with transaction.atomic():
        locked = Pair.objects.select_for_update().get(pk=pair.pk)
        if locked.ended_at is not None:
            raise ActionRefused(_("This pair has ended."))
        before = pairing.pair_summary(locked)
        pairing.end_pair(locked, timezone.now(), cleaned)
        audit.record(
            member.organization,
            member,
            "buddy.pair_ended",
            locked,
            before=before,
            after={**pairing.pair_summary(locked), "reason": cleaned},
            personal=("reason",),
        )
    return locked
