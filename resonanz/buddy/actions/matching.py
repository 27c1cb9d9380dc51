"""Running the optimal matching, and the weights of its cost (the programme managers' work).

A small programme is matched in the request. A larger one is queued: the run is stored ``queued`` and a
worker job (``tasks.matching_task``) claims it with a conditional UPDATE, solves, and stores the pairs in
bulk, or marks the run ``failed`` with the reason in the starter's language. One run per organization is
open at a time (a database constraint), so two runs never match the same colleagues.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import normalise
from resonanz.buddy.matching import MatchResult, Weights, solve
from resonanz.buddy.matching_input import Instance, build_instance, open_opt_ins, weights_of
from resonanz.buddy.matching_store import WEIGHT_FIELDS, fingerprint, store_result
from resonanz.buddy.models import MAX_WEIGHT, OPEN_RUN_STATUSES, MatchingRun, MatchingWeights, RunStatus
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, system_step
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Capability

logger = logging.getLogger(__name__)

# Up to this many opt-ins a run answers in the request (the demo's 100 opt-ins and 20 buddies take well
# under 100 ms); more go to the worker.
MAX_OPT_INS_IN_REQUEST = 500
# The benchmark (100,000 colleagues, 2,000 buddies) is solved in seconds by the worker; beyond
# it a run is refused rather than left to run for minutes.
MAX_OPT_INS_PER_RUN = 100_000
# A run whose worker died is failed by the sweep (``fail_stuck_runs``), so it blocks no further run.
STUCK_AFTER = dt.timedelta(minutes=30)
QUEUE_LOST_AFTER = dt.timedelta(hours=2)


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


def _open_run() -> ActionRefused:
    return ActionRefused(
        _("A matching run is queued or running. Please wait until it has finished."), code="run_open"
    )


def _too_many() -> ActionRefused:
    return ActionRefused(
        _("A matching run takes at most %(count)s colleagues at once."),
        params={"count": MAX_OPT_INS_PER_RUN},
    )


def _solve(instance: Instance, weights: Weights, rematch: bool) -> MatchResult:
    try:
        return solve(instance.buddies, instance.coachees, weights, rematch=rematch)
    except ValueError:
        raise ActionRefused(_("The matching could not be computed for these data.")) from None


@action(Capability.MANAGE_PROGRAM)
def run_matching(member: Membership, *, rematch: bool = False, note: Any = "") -> MatchingRun:
    """Match the organization's colleagues who opted in with its buddies, optimally for the stated cost.

    Existing pairs stay unless ``rematch``; pairs set by hand always stay. Up to
    ``MAX_OPT_INS_IN_REQUEST`` opt-ins the run is stored done, with its pairs, in one transaction; more
    are queued for the worker and the run comes back ``queued``. Refused while another run is open.
    """
    cleaned_note = normalise.text(note, "note", 200)
    rematch = rematch is True
    organization = member.organization
    with transaction.atomic():
        # One run at a time per organization: the organization row is the lock (the constraint
        # ``buddy_run_one_open`` holds it for queued runs too).
        type(organization).objects.select_for_update().filter(pk=organization.pk).first()
        if MatchingRun.objects.filter(organization=organization, status__in=OPEN_RUN_STATUSES).exists():
            raise _open_run()
        count = open_opt_ins(organization)
        if count > MAX_OPT_INS_PER_RUN:
            raise _too_many()
        if count > MAX_OPT_INS_IN_REQUEST:
            return _queue(member, rematch, cleaned_note)
        now = timezone.now()
        instance = build_instance(organization, now, rematch=rematch)
        weights = weights_of(organization)
        result = _solve(instance, weights, rematch)
        run = MatchingRun(organization=organization, started_by=member, rematch=rematch, note=cleaned_note)
        return store_result(member, run, instance, result, weights, now)


def _queue(member: Membership, rematch: bool, note: str) -> MatchingRun:
    try:
        with transaction.atomic():
            run = MatchingRun.objects.create(
                organization=member.organization,
                started_by=member,
                rematch=rematch,
                note=note,
                status=RunStatus.QUEUED,
                language=(get_language() or "de")[:8],
            )
    except IntegrityError:  # another request queued one a moment ago
        raise _open_run() from None
    audit.record(
        member.organization, member, "buddy.matching_queued", run, after={"rematch": rematch, "note": note}
    )
    run_id = run.pk

    def enqueue() -> None:
        from resonanz.buddy.tasks import matching_task

        matching_task(run_id)

    # After the commit: the worker must find the row when the message arrives.
    transaction.on_commit(enqueue)
    return run


@system_step
def run_queued_matching(matching_run_id: int) -> None:
    """The worker's step: claim a queued run (only one delivery gets it), solve, store or fail it.

    The solver runs outside any transaction (seconds for the largest programmes); the result is stored
    only if the programme's pairs, opt-ins and buddies are as they were, else the run fails and asks to
    be started again.
    """
    claimed = MatchingRun.objects.filter(pk=matching_run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return
    run = MatchingRun.objects.select_related("organization", "started_by__user").get(pk=matching_run_id)
    token = audit.job_id_var.set(f"buddy-matching-{run.pk}")
    try:
        with override(run.language or None):
            try:
                _match_in_worker(run)
            except ActionRefused as refused:
                _fail(run, str(refused.messages[0]))
            except Exception:
                logger.exception("matching run %s failed", run.pk)
                _fail(
                    run,
                    str(_("The matching stopped unexpectedly; nothing was stored. Please start it again.")),
                )
    finally:
        audit.job_id_var.reset(token)


def _match_in_worker(run: MatchingRun) -> None:
    member = run.started_by
    if member is None or not member.is_active or not member.can(Capability.MANAGE_PROGRAM):
        raise ActionRefused(_("The member who started the run may no longer run the matching."))
    organization: Organization = run.organization
    before = fingerprint(organization)
    now = timezone.now()
    instance = build_instance(organization, now, rematch=run.rematch)
    if len(instance.coachees) > MAX_OPT_INS_PER_RUN:
        raise _too_many()
    weights = weights_of(organization)
    result = _solve(instance, weights, run.rematch)
    with transaction.atomic():
        type(organization).objects.select_for_update().filter(pk=organization.pk).first()
        locked = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.RUNNING:  # failed by the sweep meanwhile: its message stands
            return
        if fingerprint(organization) != before:
            raise ActionRefused(
                _(
                    "Pairs, opt-ins or buddies changed while the matching ran, so nothing was stored. "
                    "Please start it again."
                )
            )
        store_result(member, locked, instance, result, weights, now)


def _fail(run: MatchingRun, message: str) -> None:
    with transaction.atomic():
        failed = MatchingRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED,
            error=message[:500],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if failed:
            audit.record(
                run.organization, None, "buddy.matching_failed", run, after={"reason": message[:500]}
            )


@system_step
def fail_stuck_runs(now: dt.datetime | None = None) -> int:
    """Fail runs whose worker died (running too long) or whose message was lost (queued too long).

    Conditional, so a run that finished a moment ago keeps its result. Returns how many it failed.
    """
    moment = now or timezone.now()
    stuck = MatchingRun.objects.filter(
        status=RunStatus.RUNNING, updated_at__lt=moment - STUCK_AFTER
    ) | MatchingRun.objects.filter(status=RunStatus.QUEUED, updated_at__lt=moment - QUEUE_LOST_AFTER)
    handled = 0
    for run in stuck.select_related("organization")[:100]:
        with override(run.language or None):
            message = str(_("The matching stopped unexpectedly; nothing was stored. Please start it again."))
        with transaction.atomic():
            if MatchingRun.objects.filter(pk=run.pk, status=run.status, updated_at=run.updated_at).update(
                status=RunStatus.FAILED, error=message, finished_at=moment, updated_at=moment
            ):
                audit.record(run.organization, None, "buddy.matching_failed", run, after={"reason": message})
                handled += 1
    return handled
