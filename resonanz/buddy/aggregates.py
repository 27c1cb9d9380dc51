"""The programme in figures, per unit: what programme managers and the works council see.

No figure names a person. A count under ``MIN_COUNT`` is shown as "< 5", and an average score change
is shown only for a unit where at least ``MIN_COUNT`` colleagues have two checks or more, so that no
figure points at a single colleague of a small unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from resonanz.buddy.models import BuddyProfile, CoachingOptIn, CoachingSession, Pair, ProfileCheck
from resonanz.core.models import Organization

MIN_COUNT = 5
MAX_CHECKS_READ = 50_000  # bounded work whatever the organization's size
KINDS = ("buddies", "opt_ins", "pairs", "sessions", "checks")


def shown(count: int) -> str:
    return f"< {MIN_COUNT}" if count < MIN_COUNT else str(count)


@dataclass
class UnitFigures:
    unit: str
    counts: dict[str, int] = field(default_factory=dict)
    score_changes: list[int] = field(default_factory=list)
    people_checked_twice: set[int] = field(default_factory=set)

    @property
    def cells(self) -> list[str]:
        return [shown(self.counts.get(kind, 0)) for kind in KINDS]

    @property
    def average_change(self) -> str:
        if len(self.people_checked_twice) < MIN_COUNT:
            return "–"
        average = sum(self.score_changes) / len(self.score_changes)
        return f"{average:+.1f}"


def _count_by(queryset: object, path: str) -> dict[str, int]:
    return {row[path] or "": row["n"] for row in queryset.values(path).annotate(n=Count("pk")).order_by()}  # type: ignore[attr-defined]


def unit_figures(organization: Organization) -> tuple[list[UnitFigures], UnitFigures]:
    """One row per unit (sorted, the empty unit last) and the organization's total."""
    now = timezone.now()
    counts = {
        "buddies": _count_by(
            BuddyProfile.objects.filter(organization=organization, is_active=True), "membership__unit"
        ),
        "opt_ins": _count_by(
            CoachingOptIn.objects.filter(organization=organization, is_active=True), "membership__unit"
        ),
        "pairs": _count_by(
            Pair.objects.filter(organization=organization, ended_at__isnull=True), "coachee__unit"
        ),
        "sessions": _count_by(
            CoachingSession.objects.filter(pair__organization=organization, starts_at__lte=now),
            "pair__coachee__unit",
        ),
        "checks": _count_by(ProfileCheck.objects.filter(organization=organization), "membership__unit"),
    }
    units: dict[str, UnitFigures] = defaultdict(lambda: UnitFigures(""))
    for kind, by_unit in counts.items():
        for unit, n in by_unit.items():
            figures = units[unit]
            figures.unit = unit
            figures.counts[kind] = n
    first: dict[tuple[int, str], int] = {}
    last: dict[tuple[int, str], int] = {}
    unit_of: dict[int, str] = {}
    rows = (
        ProfileCheck.objects.filter(organization=organization)
        .order_by("checked_on", "pk")
        .values_list("membership_id", "membership__unit", "network", "score")[:MAX_CHECKS_READ]
    )
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for membership_id, unit, network, score in rows:
        key = (membership_id, network)
        first.setdefault(key, score)
        last[key] = score
        seen[key] += 1
        unit_of[membership_id] = unit or ""
    for key, times in seen.items():
        if times >= 2:
            unit = unit_of[key[0]]
            units[unit].unit = unit
            units[unit].score_changes.append(last[key] - first[key])
            units[unit].people_checked_twice.add(key[0])
    ordered = sorted(units.values(), key=lambda figures: (figures.unit == "", figures.unit.casefold()))
    for figures in ordered:
        if not figures.unit:
            figures.unit = _("(no unit)")
    total = UnitFigures(_("All units"))
    for figures in ordered:
        for kind, n in figures.counts.items():
            total.counts[kind] = total.counts.get(kind, 0) + n
        total.score_changes.extend(figures.score_changes)
        total.people_checked_twice |= figures.people_checked_twice
    return ordered, total
