"""Competence gating: a plan row's senders must hold what its channels require.

For each sender (a membership) of a row and each competence a channel of the row requires
(``ChannelRequirement``), the sender must hold a certificate valid on the day checked: an expired one
does not count, and the violation names the day it ran out. The rules are data (requirements per
organization). The plan shows the violations; the content issue will call ``violations_for`` before
publishing for a sender.

``violations_for_rows`` answers for many rows with a fixed number of queries (the rows' channels and
senders, the requirements, the certificates), so a plan page stays bounded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Count, Max, Q
from django.utils import timezone

from resonanz.competence.models import Certificate, ChannelRequirement
from resonanz.competence.validity import valid_on
from resonanz.plan.models import PlanRow


class HasPk(Protocol):
    """A plan row, or what the plan's matrix loaded of one (``matrix_rows.MatrixRow``)."""

    @property
    def pk(self) -> int: ...


@dataclass(frozen=True)
class Violation:
    """``sender`` lacks ``competence`` which ``channel`` requires (ids and names, for messages)."""

    row_id: int
    sender_id: int
    sender_name: str
    competence_id: int
    competence_name: str
    channel_id: int
    channel_name: str
    # The day the sender's last certificate of ``competence`` ran out, when they held one: it no longer
    # counts, and the message says so rather than that the competence is missing.
    expired_on: dt.date | None = None


def violations_for(row: PlanRow, on: dt.date | None = None) -> list[Violation]:
    """What the senders of ``row`` lack on ``on`` (today if not given)."""
    return violations_for_rows([row], on).get(row.pk, [])


def violations_for_rows(rows: Iterable[HasPk], on: dt.date | None = None) -> dict[int, list[Violation]]:
    """The violations of each row (by row id; rows without any are left out), in four queries."""
    day = on or timezone.localdate()
    row_ids = [row.pk for row in rows]
    if not row_ids:
        return {}
    through_channels = PlanRow.channels.through.objects.filter(planrow_id__in=row_ids)
    channels_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row_id, channel_id, channel_name in through_channels.values_list(
        "planrow_id", "channel_id", "channel__name"
    ):
        channels_of[row_id].append((channel_id, channel_name))
    channel_ids = {channel_id for pairs in channels_of.values() for channel_id, _name in pairs}
    if not channel_ids:
        return {}
    required: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for channel_id, competence_id, competence_name in (
        ChannelRequirement.objects.filter(channel_id__in=channel_ids, competence__is_active=True)
        .order_by("competence__name", "competence_id")
        .values_list("channel_id", "competence_id", "competence__name")
    ):
        required[channel_id].append((competence_id, competence_name))
    if not required:
        return {}
    through_senders = PlanRow.senders.through.objects.filter(planrow_id__in=row_ids)
    senders_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for row_id, sender_id, full_name, email in through_senders.values_list(
        "planrow_id", "membership_id", "membership__user__full_name", "membership__user__email"
    ).order_by("membership__user__full_name", "membership_id"):
        senders_of[row_id].append((sender_id, full_name or email))
    sender_ids = {sender_id for pairs in senders_of.values() for sender_id, _name in pairs}
    competence_ids = {competence_id for pairs in required.values() for competence_id, _name in pairs}
    # Per sender and competence: whether a certificate is valid on the day, and else when the last one
    # ran out (so the message can say "expired on …" rather than "lacks").
    held: set[tuple[int, int]] = set()
    expired: dict[tuple[int, int], dt.date] = {}
    for membership_id, competence_id, valid, last in (
        Certificate.objects.filter(membership_id__in=sender_ids, competence_id__in=competence_ids)
        .values("membership_id", "competence_id")
        .annotate(
            valid=Count("pk", filter=valid_on(day)), last=Max("expires_on", filter=Q(expires_on__lt=day))
        )
        .values_list("membership_id", "competence_id", "valid", "last")
        .order_by()
    ):
        if valid:
            held.add((membership_id, competence_id))
        elif last is not None:
            expired[membership_id, competence_id] = last
    found: dict[int, list[Violation]] = {}
    for row_id in row_ids:
        lacking: list[Violation] = []
        for sender_id, sender_name in senders_of.get(row_id, []):
            for channel_id, channel_name in sorted(channels_of.get(row_id, []), key=lambda pair: pair[1]):
                for competence_id, competence_name in required.get(channel_id, []):
                    if (sender_id, competence_id) not in held:
                        lacking.append(
                            Violation(
                                row_id,
                                sender_id,
                                sender_name,
                                competence_id,
                                competence_name,
                                channel_id,
                                channel_name,
                                expired.get((sender_id, competence_id)),
                            )
                        )
        if lacking:
            found[row_id] = lacking
    return found
