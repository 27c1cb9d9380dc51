"""Storing a matching result: the run's figures, ended and new pairs in bulk, the audit record.

The request (small programmes) and the worker (large ones) store a result the same way, inside the
caller's transaction. What the inputs looked like (``fingerprint``) lets the worker, which solves
outside any transaction, see that the programme changed meanwhile and store nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from resonanz.buddy.matching import MatchResult, Weights
from resonanz.buddy.matching_input import Instance, available_languages, unmatched_reason
from resonanz.buddy.models import BuddyProfile, CoachingOptIn, CoachingPlan, MatchingRun, Pair, RunStatus
from resonanz.core import audit
from resonanz.core.models import Membership, Organization

WEIGHT_FIELDS = ("topic_miss", "timezone_hour", "unit", "load")
BATCH = 1000


def fingerprint(organization: Organization) -> tuple[Any, ...]:
    """What changes when a pair, an opt-in or a buddy changes (three aggregate queries)."""
    pairs = Pair.objects.filter(organization=organization).aggregate(
        active=Count("pk", filter=Q(ended_at__isnull=True)), last=Max("pk"), ended=Max("ended_at")
    )
    opt_ins = CoachingOptIn.objects.filter(organization=organization).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        last=Max("pk"),
        ended=Max("ended_at"),
        consent=Max("consent_changed_at"),
    )
    buddies = BuddyProfile.objects.filter(organization=organization).aggregate(
        active=Count("pk", filter=Q(is_active=True)), last=Max("pk"), changed=Max("updated_at")
    )
    return tuple(pairs.values()) + tuple(opt_ins.values()) + tuple(buddies.values())


def store_result(
    member: Membership,
    run: MatchingRun,
    instance: Instance,
    result: MatchResult,
    weights: Weights,
    now: dt.datetime,
) -> MatchingRun:
    """Store ``result`` as ``run`` (saved here, new or claimed), end the pairs it replaces, audit it."""
    organization = member.organization
    coachees = {coachee.key: coachee for coachee in instance.coachees}
    available = available_languages(instance.buddies)
    run.unmatched = [
        {
            "opt_in": key,
            "membership": instance.opt_ins[key].membership_id,
            "reason": unmatched_reason(coachees[key], available),
        }
        for key in result.unmatched
    ]
    run.weights = {name: getattr(weights, name) for name in WEIGHT_FIELDS}
    run.total_cost = result.total_cost
    run.optimal = result.optimal
    run.coachees_count = len(instance.coachees)
    run.buddies_count = len(instance.buddies)
    run.unmatched_count = len(run.unmatched)
    kept = 0
    new_pairs = []
    ending: list[int] = []
    for out in result.pairs:
        current = instance.current.get(out.coachee)
        if out.kept or (current is not None and current.buddy_id == out.buddy):
            kept += 1
            continue
        if current is not None:
            ending.append(current.pk)
        new_pairs.append((out, instance.opt_ins[out.coachee]))
    ended = 0
    if run.rematch:
        for key in result.unmatched:
            current = instance.current.get(key)
            if current is not None:
                ending.append(current.pk)
                ended += 1
    reason = _("New matching run")
    for start in range(0, len(ending), BATCH):
        Pair.objects.filter(pk__in=ending[start : start + BATCH], ended_at__isnull=True).update(
            ended_at=now, end_reason=reason
        )
    run.status = RunStatus.DONE
    run.finished_at = now
    run.pairs_count = len(new_pairs) + kept
    run.kept_count = kept
    run.save()
    created = Pair.objects.bulk_create(
        (
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
        ),
        batch_size=BATCH,
    )
    CoachingPlan.objects.bulk_create(
        (CoachingPlan(pair=pair, goals="") for pair in created), batch_size=BATCH
    )
    audit.record(
        organization,
        member,
        "buddy.matching_run",
        run,
        after={
            "rematch": run.rematch,
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
