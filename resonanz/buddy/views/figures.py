"""The programme in figures (aggregates, no names) and what it stores about whom (the DPO's page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q
from django.http import HttpResponse
from django.shortcuts import render

from resonanz.buddy.aggregates import KINDS, unit_figures
from resonanz.buddy.models import (
    BuddyProfile,
    CoachingOptIn,
    CoachingPlan,
    CoachingSession,
    MatchingRun,
    MatchingWeights,
    Milestone,
    Pair,
    ProfileCheck,
    ProfileCheckCriterion,
    TopicCampaign,
)
from resonanz.core.access import get_membership_for, org_view
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.personal_data import declaration_for
from resonanz.core.roles import Capability

C = Capability
MODELS: tuple[type[Model], ...] = (
    BuddyProfile,
    CoachingOptIn,
    MatchingWeights,
    MatchingRun,
    Pair,
    CoachingPlan,
    CoachingSession,
    Milestone,
    TopicCampaign,
    ProfileCheckCriterion,
    ProfileCheck,
)


@org_view(C.VIEW_AGGREGATES)
def buddy_aggregates(request: MemberRequest) -> HttpResponse:
    units, total = unit_figures(request.member.organization)
    return render(request, "buddy/aggregates.html", {"units": units, "total": total, "kinds": KINDS})


def _organization_filter(model: type[Model], organization_id: int) -> Q:
    if model in (CoachingPlan, CoachingSession, Milestone, TopicCampaign):
        return Q(pair__organization_id=organization_id)
    return Q(organization_id=organization_id)


def _person_filter(model: type[Model], person: Membership) -> Q | None:
    """The rows of ``model`` about ``person`` (or None: the model holds nothing about anyone)."""
    if model in (BuddyProfile, CoachingOptIn):
        return Q(membership=person)
    if model is Pair:
        return Q(buddy=person) | Q(coachee=person)
    if model in (CoachingPlan, CoachingSession, Milestone, TopicCampaign):
        return Q(pair__buddy=person) | Q(pair__coachee=person)
    if model is MatchingRun:
        return Q(started_by=person) | Q(pairs__buddy=person) | Q(pairs__coachee=person)
    if model is ProfileCheck:
        return Q(membership=person) | Q(checked_by=person)
    return None


@dataclass
class StoredModel:
    name: str
    fields: list[dict[str, Any]]
    count: int
    about_person: int | None


@org_view(C.VIEW_PERSONAL_DATA)
def buddy_personal_data(request: MemberRequest) -> HttpResponse:
    """Every model of the programme, its personal fields (category, purpose, basis, retention) and how
    many rows the organization holds; with ``?membership=<id>`` how many are about that person."""
    member = request.member
    wanted = request.GET.get("membership")
    person = get_membership_for(member, wanted, C.VIEW_PERSONAL_DATA) if wanted else None  # type: ignore[arg-type]
    stored = []
    for model in MODELS:
        declaration = declaration_for(model)
        fields = [
            {
                "name": str(getattr(model._meta.get_field(name), "verbose_name", name)),
                "category": field.category.label,
                "purpose": str(field.purpose),
                "basis": field.basis.label,
                "retention": str(field.retention),
            }
            for name, field in (declaration.personal.items() if declaration else [])
        ]
        rows = model._default_manager.filter(_organization_filter(model, member.organization_id))
        about = None
        if person is not None:
            condition = _person_filter(model, person)
            about = rows.filter(condition).distinct().count() if condition is not None else 0
        stored.append(StoredModel(str(model._meta.verbose_name_plural), fields, rows.count(), about))
    return render(request, "buddy/personal_data.html", {"stored": stored, "person": person})
