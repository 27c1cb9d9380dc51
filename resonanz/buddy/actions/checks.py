"""Profile checks and their criteria.

The managers keep the criteria per network (label, weight ≥ 0, order, active); a criterion is deleted only
while no check has scored it, and deactivated after. A pair's buddy records a check by ticking the
criteria that hold. The score is the share of the weights that held, 0–100, computed from the criteria at
that moment and stored with a copy of them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import normalise
from resonanz.buddy.access import is_buddy_of
from resonanz.buddy.models import (
    MAX_CRITERIA,
    MAX_CRITERION_WEIGHT,
    Pair,
    ProfileCheck,
    ProfileCheckCriterion,
)
from resonanz.buddy.scoring import score_of
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.people.models import Network

CRITERION_FIELDS = ("network", "key", "label", "weight", "is_active", "position")
CHECK_FIELDS = ("membership", "network", "checked_by", "checked_on", "score", "results", "recommendations")
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _network(value: Any) -> str:
    if value not in Network.values:
        raise ActionRefused(_("Choose a network from the list."), field="network")
    return str(value)


def _criterion_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "label" in values:
        cleaned["label"] = normalise.text(values["label"], "label", 200, required=True)
    if "weight" in values:
        weight = values["weight"]
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= MAX_CRITERION_WEIGHT:
            raise ActionRefused(
                _("The weight is a number from 0 to %(max)s."),
                params={"max": MAX_CRITERION_WEIGHT},
                field="weight",
            )
        cleaned["weight"] = weight
    if "is_active" in values:
        cleaned["is_active"] = values["is_active"] is not False
    if "position" in values:
        position = values["position"]
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= 1000:
            raise ActionRefused(_("The position is a number from 0 to 1000."), field="position")
        cleaned["position"] = position
    return cleaned


@action(Capability.MANAGE_PROGRAM)
def create_criterion(
    member: Membership, *, network: Any, label: Any, weight: Any = 10, key: Any = "", position: Any = None
) -> ProfileCheckCriterion:
    cleaned = _criterion_values({"label": label, "weight": weight})
    chosen = _network(network)
    slug = normalise.text(key, "key", 40) or slugify(cleaned["label"])[:40] or "criterion"
    if not _KEY.match(slug):
        raise ActionRefused(_("Use lower-case letters, digits, - and _ for the key."), field="key")
    with transaction.atomic():
        existing = ProfileCheckCriterion.objects.filter(
            organization_id=member.organization_id, network=chosen
        )
        if existing.count() >= MAX_CRITERIA:
            raise ActionRefused(
                _("A network has at most %(count)s criteria."), params={"count": MAX_CRITERIA}
            )
        if position is None:
            position = existing.count() + 1
        cleaned.update(_criterion_values({"position": position}))
        try:
            with transaction.atomic():
                criterion = ProfileCheckCriterion.objects.create(
                    organization=member.organization, network=chosen, key=slug, **cleaned
                )
        except IntegrityError:
            raise ActionRefused(
                _("“%(key)s” exists already for this network."), params={"key": slug}, field="key"
            ) from None
        audit.record(
            member.organization,
            member,
            "buddy.criterion_created",
            criterion,
            after=audit.snapshot(criterion, CRITERION_FIELDS),
        )
    return criterion


@action(Capability.MANAGE_PROGRAM)
def update_criterion(
    member: Membership, criterion: ProfileCheckCriterion, **changes: Any
) -> ProfileCheckCriterion:
    """Change a criterion's label, weight, position, or (de)activate it. Recorded checks keep their copy."""
    unknown = set(changes) - {"label", "weight", "is_active", "position"}
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    cleaned = _criterion_values(changes)
    with transaction.atomic():
        locked = ProfileCheckCriterion.objects.select_for_update().get(pk=criterion.pk)
        before = audit.snapshot(locked, CRITERION_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        after = audit.snapshot(locked, CRITERION_FIELDS)
        if before != after:
            locked.save()
            audit.record(
                member.organization, member, "buddy.criterion_updated", locked, before=before, after=after
            )
    return locked


def _siblings(criterion: ProfileCheckCriterion) -> list[ProfileCheckCriterion]:
    """The criteria of the criterion's network, locked, in their order (at most ``MAX_CRITERIA``)."""
    return list(
        ProfileCheckCriterion.objects.select_for_update()
        .filter(organization_id=criterion.organization_id, network=criterion.network)
        .order_by("position", "pk")
    )


@action(Capability.MANAGE_PROGRAM)
def move_criterion(member: Membership, criterion: ProfileCheckCriterion, *, up: Any) -> ProfileCheckCriterion:
    """Move a criterion one place up or down in its network's list (the order of the check form).

    The network's criteria are numbered 1, 2, 3 … again, so equal positions from earlier edits sort out.
    """
    with transaction.atomic():
        ordered = _siblings(criterion)
        index = next(i for i, item in enumerate(ordered) if item.pk == criterion.pk)
        target = index - 1 if up is True else index + 1
        if not 0 <= target < len(ordered):
            return next(item for item in ordered if item.pk == criterion.pk)
        before = {str(item.pk): item.position for item in ordered}
        ordered[index], ordered[target] = ordered[target], ordered[index]
        for position, item in enumerate(ordered, start=1):
            item.position = position
        after = {str(item.pk): item.position for item in ordered}
        ProfileCheckCriterion.objects.bulk_update(ordered, ["position"])
        moved = ordered[target]
        audit.record(
            member.organization,
            member,
            "buddy.criterion_moved",
            moved,
            before={"positions": before},
            after={"positions": after},
        )
    return moved


@action(Capability.MANAGE_PROGRAM)
def delete_criterion(member: Membership, criterion: ProfileCheckCriterion) -> None:
    """Delete a criterion no check has used yet. A used one is refused: deactivate it instead, so the
    checks that scored it stay as they were recorded."""
    with transaction.atomic():
        locked = ProfileCheckCriterion.objects.select_for_update().get(pk=criterion.pk)
        if locked.in_use:
            raise ActionRefused(
                _("Recorded checks used this criterion, so it is kept. Deactivate it instead."),
                code="in_use",
            )
        audit.record(
            member.organization,
            member,
            "buddy.criterion_deleted",
            locked,
            before=audit.snapshot(locked, CRITERION_FIELDS),
        )
        locked.delete()


@action(Capability.COACH)
def record_profile_check(
    member: Membership,
    pair: Pair,
    *,
    network: Any,
    passed: Any,
    recommendations: Any = "",
    checked_on: Any = None,
) -> ProfileCheck:
    """The pair's buddy records a check of the colleague's profile on ``network``.

    ``passed`` lists the keys of the criteria that hold; an unknown key is refused, so a typo cannot
    lower a score unnoticed.
    """
    if not is_buddy_of(member, pair):
        raise Http404
    if pair.ended_at is not None:
        raise ActionRefused(_("This pair has ended; its plan is kept as it was."))
    chosen = _network(network)
    if not isinstance(passed, list | tuple | set | frozenset) or len(passed) > MAX_CRITERIA:
        raise ActionRefused(_("Tick the criteria that hold."), field="passed")
    keys = {str(key) for key in passed}
    day = normalise.day(checked_on, "checked_on") or timezone.localdate()
    if day > timezone.localdate() + dt.timedelta(days=1):
        raise ActionRefused(_("A check cannot be recorded for a day in the future."), field="checked_on")
    criteria = list(
        ProfileCheckCriterion.objects.filter(
            organization_id=member.organization_id, network=chosen, is_active=True
        )
    )
    if not criteria:
        raise ActionRefused(_("There are no criteria for this network yet."), field="network")
    unknown = keys - {criterion.key for criterion in criteria}
    if unknown:
        raise ActionRefused(
            _("“%(key)s” is not a criterion for this network."),
            params={"key": sorted(unknown)[0]},
            field="passed",
        )
    results = [
        {"key": c.key, "label": c.label, "weight": c.weight, "passed": c.key in keys} for c in criteria
    ]
    with transaction.atomic():
        check = ProfileCheck.objects.create(
            organization=member.organization,
            pair=pair,
            membership_id=pair.coachee_id,
            network=chosen,
            checked_by=member,
            checked_on=day,
            score=score_of(results),
            results=results,
            recommendations=normalise.text(recommendations, "recommendations"),
        )
        # Scored once, a criterion is kept for good (``delete_criterion`` refuses it).
        ProfileCheckCriterion.objects.filter(
            pk__in=[criterion.pk for criterion in criteria], in_use=False
        ).update(in_use=True)
        audit.record(
            member.organization,
            member,
            "buddy.profile_checked",
            check,
            after=audit.snapshot(check, CHECK_FIELDS),
        )
    return check
