"""Running the optimal matching, and the weights of its cost (the programme managers' work)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import normalise, pairing
from resonanz.buddy.matching import solve
from resonanz.buddy.matching_input import build_instance, unmatched_reason, weights_of
from resonanz.buddy.models import MAX_WEIGHT, CoachingPlan, MatchingRun, MatchingWeights, Pair
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

WEIGHT_FIELDS = ("topic_miss", "timezone_hour", "unit", "load")
# A run in the request answers within a second or two up to this size (measured with the demo's 100
# opt-ins and 20 buddies: well under 100 ms); larger programmes would need a job (not built yet).
MAX_OPT_INS_PER_RUN = 5000


@action(Capability.MANAGE_PROGRAM)
def update_matching_weights(member: Membership, **weights: Any) -> MatchingWeights:
    unknown = set(weights) - set(WEIGHT_FIELDS)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    for name, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            raise ActionRefused(
                _("A weight is a whole number from 0 to %(max)s."), params={"max": MAX_WEIGHT}, field=name
            )
    with transaction.atomic():
        stored, _created = MatchingWeights.objects.select_for_update().get_or_create(
            organization=member.organization
        )
        before = audit.snapshot(stored, WEIGHT_FIELDS)
        for name, value in weights.items():
            setattr(stored, name, value)
        after = audit.snapshot(stored, WEIGHT_FIELDS)
        if before != after or _created:
            stored.save()
            audit.record(
                member.organization, member, "buddy.weights_updated", stored, before=before, after=after
            )
    return stored


@action(Capability.MANAGE_PROGRAM)
def run_matching(member: Membership, *, rematch: bool = False, note: Any = "") -> MatchingRun:
    """Match the organization's colleagues who opted in with its buddies, optimally for the stated cost.

    Existing pairs stay unless ``rematch``; pairs set by hand always stay. The run and its pairs are
    stored in one transaction.
    """
    cleaned_note = normalise.text(note, "note", 200)
    rematch = rematch is True
    organization = member.organization
    now = timezone.now()
    with transaction.atomic():
        # One run at a time per organization: the organization row is the lock.
        type(organization).objects.select_for_update().filter(pk=organization.pk).first()
        instance = build_instance(organization, now, rematch=rematch)
        if len(instance.coachees) > MAX_OPT_INS_PER_RUN:
            raise ActionRefused(
                _("A matching run takes at most %(count)s colleagues at once."),
                params={"count": MAX_OPT_INS_PER_RUN},
            )
        weights = weights_of(organization)
        try:
            result = solve(instance.buddies, instance.coachees, weights, rematch=rematch)
        except ValueError:
            raise ActionRefused(_("The matching could not be computed for these data.")) from None
        coachees = {coachee.key: coachee for coachee in instance.coachees}
        unmatched = [
            {
                "opt_in": key,
                "membership": instance.opt_ins[key].membership_id,
                "reason": unmatched_reason(coachees[key], instance.buddies),
            }
            for key in result.unmatched
        ]
        run = MatchingRun.objects.create(
            organization=organization,
            started_by=member,
            rematch=rematch,
            weights={name: getattr(weights, name) for name in WEIGHT_FIELDS},
            note=cleaned_note,
            total_cost=result.total_cost,
            optimal=result.optimal,
            coachees_count=len(instance.coachees),
            buddies_count=len(instance.buddies),
            unmatched=unmatched,
            unmatched_count=len(unmatched),
        )
        ended_reason = str(_("New matching run"))
        kept = 0
        new_pairs = []
        for out in result.pairs:
            current = instance.current.get(out.coachee)
            if out.kept or (current is not None and current.buddy_id == out.buddy):
                kept += 1
                continue
            if current is not None:
                pairing.end_pair(current, now, ended_reason)
            new_pairs.append((out, instance.opt_ins[out.coachee]))
        ended = 0
        for key in result.unmatched:
            current = instance.current.get(key)
            if current is not None and rematch:
                pairing.end_pair(current, now, ended_reason)
                ended += 1
        created = Pair.objects.bulk_create(
            Pair(
                organization=organization,
                buddy_id=out.buddy,
                coachee_id=opt_in.membership_id,
                opt_in=opt_in,
                run=run,
                started_at=now,
                breakdown=dict(out.breakdown),
                cost=out.cost,
            )
            for out, opt_in in new_pairs
        )
        CoachingPlan.objects.bulk_create(CoachingPlan(pair=pair, goals="") for pair in created)
        run.pairs_count = len(created) + kept
        run.kept_count = kept
        run.save(update_fields=["pairs_count", "kept_count"])
        audit.record(
            organization,
            member,
            "buddy.matching_run",
            run,
            after={
                "rematch": rematch,
                "weights": run.weights,
                "coachees": run.coachees_count,
                "buddies": run.buddies_count,
                "new_pairs": len(created),
                "kept": kept,
                "ended": ended,
                "unmatched": run.unmatched_count,
                "total_cost": run.total_cost,
                "optimal": run.optimal,
            },
        )
    return run
