"""The quality officer's start: one card on the start page with what the improvement loop asks of them now.

Plan health (reviews overdue or due soon, the quarter's planned against executed dates), open incidents
with overdue corrective actions and effectiveness checks due, objectives at risk, upcoming internal
audits and certificates that expire soon. The card is for who handles incidents (the quality officer,
the administrator); each part is shown only when the member may read that register, and each part is a
bounded number of queries whatever the size of the organization.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.start_cards import StartCard, register_start_card

SHOWN = 5  # items listed per part; a count says how many there are in all
AUDIT_DAYS = 90  # internal audits planned within this many days are listed


@dataclass
class Part:
    items: list[Any] = field(default_factory=list)
    count: int = 0


@dataclass
class QualityOverview:
    today: dt.date
    overdue_reviews: Part | None = None
    reviews_due_soon: Part | None = None
    quarter: list[Any] | None = None
    incidents: Part | None = None
    majors: int = 0
    overdue_actions: Part | None = None
    checks_due: Part | None = None
    objectives: Part | None = None
    audits: Part | None = None
    certificates: Part | None = None


def _part(queryset: Any) -> Part:
    items = list(queryset[:SHOWN])
    count = len(items) if len(items) < SHOWN else queryset.count()
    return Part(items, count)


def _plan_health(member: Membership, overview: QualityOverview) -> None:
    from resonanz.plan.home import quarter_figures
    from resonanz.plan.reviews import overdue_plans, plans_due_soon

    if not member.can(Capability.VIEW_PLAN):
        return
    overview.overdue_reviews = _part(overdue_plans(member.organization))
    overview.reviews_due_soon = _part(plans_due_soon(member.organization))
    overview.quarter = quarter_figures(member)  # empty without VIEW_AGGREGATES


def _incidents(member: Membership, overview: QualityOverview) -> None:
    from resonanz.quality.access import corrective_action_queryset, incident_queryset
    from resonanz.quality.models import EffectivenessCheck, Grade, Status

    not_closed = incident_queryset(member).exclude(status=Status.CLOSED)
    overview.incidents = _part(not_closed.order_by("-number"))
    overview.majors = not_closed.filter(grade=Grade.MAJOR).count()
    overview.overdue_actions = _part(
        corrective_action_queryset(member)
        .filter(status="open", due_date__lt=overview.today)
        .select_related("incident")
        .order_by("due_date", "pk")
    )
    overview.checks_due = _part(
        EffectivenessCheck.objects.filter(
            organization_id=member.organization_id,
            result="",
            due_date__lte=overview.today,
            incident__status=Status.CHECKING,
        )
        .select_related("incident")
        .order_by("due_date", "pk")
    )


def _objectives(member: Membership, overview: QualityOverview) -> None:
    from resonanz.objectives import objectives_at_risk

    if not member.can(Capability.VIEW_OBJECTIVES):
        return
    at_risk = objectives_at_risk(member.organization)
    overview.objectives = Part(at_risk[:SHOWN], len(at_risk))


def _audits(member: Membership, overview: QualityOverview) -> None:
    from resonanz.audits.summary import upcoming_audits

    if not member.can(Capability.VIEW_AUDITS):
        return
    upcoming = upcoming_audits(member.organization, overview.today, AUDIT_DAYS)
    overview.audits = Part(upcoming[:SHOWN], len(upcoming))


def _certificates(member: Membership, overview: QualityOverview) -> None:
    from resonanz.competence.access import certificate_queryset
    from resonanz.competence.validity import EXPIRING_WITHIN_DAYS, expiring

    if not member.can(Capability.VIEW_COMPETENCE):
        return
    overview.certificates = _part(
        certificate_queryset(member)
        .filter(expiring(overview.today, EXPIRING_WITHIN_DAYS))
        .order_by("expires_on", "pk")
    )


def quality_overview(member: Membership) -> QualityOverview | None:
    """What the quality officer's start card shows; None for members who do not handle incidents."""
    from resonanz.plan.reviews import local_today

    if not member.can(Capability.MANAGE_INCIDENTS):
        return None
    overview = QualityOverview(today=local_today(member.organization))
    _plan_health(member, overview)
    _incidents(member, overview)
    _objectives(member, overview)
    _audits(member, overview)
    _certificates(member, overview)
    return overview


def quality_card(member: Membership) -> StartCard | None:
    overview = quality_overview(member)
    if overview is None:
        return None
    return StartCard("quality/_start_quality.html", {"overview": overview})


def register() -> None:
    register_start_card("quality.officer", quality_card, order=10)
