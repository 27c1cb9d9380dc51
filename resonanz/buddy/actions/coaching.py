"""The coaching plan of a pair: goals, sessions, milestones and topic campaigns.

The pair's buddy plans sessions and milestones; the colleague may edit the goals and their own
campaigns too. Nobody else changes a pair's plan: to them the pair does not exist (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import normalise
from resonanz.buddy.access import is_buddy_of, is_party
from resonanz.buddy.models import (
    CampaignStatus,
    CoachingPlan,
    CoachingSession,
    Milestone,
    Pair,
    TopicCampaign,
)
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

C = Capability
SESSION_FIELDS = ("starts_at", "duration_minutes", "topic", "notes")
MILESTONE_FIELDS = ("title", "due_on", "done_on")
CAMPAIGN_FIELDS = ("title", "topic", "starts_on", "ends_on", "status")
MAX_PER_PAIR = 500  # sessions, milestones or campaigns of one pair: bounded pages


def _party(member: Membership, pair: Pair) -> None:
    if not is_party(member, pair):
        raise Http404


def _buddy(member: Membership, pair: Pair) -> None:
    if not is_buddy_of(member, pair):
        raise Http404


def _open(pair: Pair) -> None:
    if pair.ended_at is not None:
        raise ActionRefused(_("This pair has ended; its plan is kept as it was."))


def _unknown(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})


def _full(pair: Pair, related: str) -> None:
    if getattr(pair, related).count() >= MAX_PER_PAIR:
        raise ActionRefused(
            _("This pair has reached the limit of %(count)s entries."), params={"count": MAX_PER_PAIR}
        )


@action(C.COACH, C.TAKE_PART)
def update_coaching_plan(member: Membership, pair: Pair, *, goals: Any) -> CoachingPlan:
    _party(member, pair)
    _open(pair)
    cleaned = normalise.text(goals, "goals")
    with transaction.atomic():
        plan, _created = CoachingPlan.objects.select_for_update().get_or_create(pair=pair)
        before = audit.snapshot(plan, ("goals",))
        if before["goals"] == cleaned:
            return plan
        plan.goals = cleaned
        plan.save(update_fields=["goals", "updated_at"])
        audit.record(
            member.organization, member, "buddy.plan_updated", plan, before=before, after={"goals": cleaned}
        )
    return plan


def _session_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "starts_at" in values:
        cleaned["starts_at"] = normalise.moment(values["starts_at"], "starts_at")
    if "duration_minutes" in values:
        minutes = values["duration_minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 5 <= minutes <= 480:
            raise ActionRefused(_("The duration is 5 to 480 minutes."), field="duration_minutes")
        cleaned["duration_minutes"] = minutes
    if "topic" in values:
        cleaned["topic"] = normalise.text(values["topic"], "topic", 200)
    if "notes" in values:
        cleaned["notes"] = normalise.text(values["notes"], "notes")
    return cleaned


@action(C.COACH)
def add_session(member: Membership, pair: Pair, *, starts_at: dt.datetime, **values: Any) -> CoachingSession:
    _buddy(member, pair)
    _open(pair)
    _unknown(values, SESSION_FIELDS)
    cleaned = _session_values({"starts_at": starts_at, **values})
    with transaction.atomic():
        _full(pair, "sessions")
        session = CoachingSession.objects.create(pair=pair, **cleaned)
        audit.record(
            member.organization,
            member,
            "buddy.session_added",
            session,
            after=audit.snapshot(session, SESSION_FIELDS),
            personal=("notes", "topic"),
        )
    return session


@action(C.COACH)
def update_session(member: Membership, session: CoachingSession, **changes: Any) -> CoachingSession:
    _buddy(member, session.pair)
    _unknown(changes, SESSION_FIELDS)
    cleaned = _session_values(changes)
    with transaction.atomic():
        locked = CoachingSession.objects.select_for_update().get(pk=session.pk)
        before = audit.snapshot(locked, SESSION_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        after = audit.snapshot(locked, SESSION_FIELDS)
        if before != after:
            locked.save()
            audit.record(
                member.organization,
                member,
                "buddy.session_updated",
                locked,
                before=before,
                after=after,
                personal=("notes", "topic"),
            )
    return locked


def _milestone_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "title" in values:
        cleaned["title"] = normalise.text(values["title"], "title", 200, required=True)
    for field in ("due_on", "done_on"):
        if field in values:
            cleaned[field] = normalise.day(values[field], field)
    return cleaned


@action(C.COACH)
def add_milestone(member: Membership, pair: Pair, *, title: Any, due_on: Any = None) -> Milestone:
    _buddy(member, pair)
    _open(pair)
    cleaned = _milestone_values({"title": title, "due_on": due_on})
    with transaction.atomic():
        _full(pair, "milestones")
        milestone = Milestone.objects.create(pair=pair, **cleaned)
        audit.record(
            member.organization,
            member,
            "buddy.milestone_added",
            milestone,
            after=audit.snapshot(milestone, MILESTONE_FIELDS),
        )
    return milestone


@action(C.COACH)
def update_milestone(member: Membership, milestone: Milestone, **changes: Any) -> Milestone:
    """Change a milestone or mark it done (``done_on``)."""
    _buddy(member, milestone.pair)
    _unknown(changes, MILESTONE_FIELDS)
    cleaned = _milestone_values(changes)
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        before = audit.snapshot(locked, MILESTONE_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        after = audit.snapshot(locked, MILESTONE_FIELDS)
        if before != after:
            locked.save()
            audit.record(
                member.organization, member, "buddy.milestone_updated", locked, before=before, after=after
            )
    return locked


def _campaign_values(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "title" in values:
        cleaned["title"] = normalise.text(values["title"], "title", 200, required=True)
    if "topic" in values:
        topic = values["topic"]
        cleaned["topic"] = normalise.topics(member, [topic], "topic_id")[0] if topic is not None else None
    for field in ("starts_on", "ends_on"):
        if field in values:
            cleaned[field] = normalise.day(values[field], field)
    if "status" in values:
        if values["status"] not in CampaignStatus.values:
            raise ActionRefused(_("Choose a status from the list."), field="status")
        cleaned["status"] = values["status"]
    return cleaned


def _refuse_reversed(campaign: TopicCampaign) -> None:
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        raise ActionRefused(_("The campaign cannot end before it starts."), field="ends_on")


@action(C.COACH, C.TAKE_PART)
def add_campaign(member: Membership, pair: Pair, *, title: Any, **values: Any) -> TopicCampaign:
    _party(member, pair)
    _open(pair)
    _unknown(values, CAMPAIGN_FIELDS)
    cleaned = _campaign_values(member, {"title": title, **values})
    campaign = TopicCampaign(pair=pair, **cleaned)
    _refuse_reversed(campaign)
    with transaction.atomic():
        _full(pair, "campaigns")
        campaign.save()
        audit.record(
            member.organization,
            member,
            "buddy.campaign_added",
            campaign,
            after=audit.snapshot(campaign, CAMPAIGN_FIELDS),
        )
    return campaign


@action(C.COACH, C.TAKE_PART)
def update_campaign(member: Membership, campaign: TopicCampaign, **changes: Any) -> TopicCampaign:
    _party(member, campaign.pair)
    _unknown(changes, CAMPAIGN_FIELDS)
    cleaned = _campaign_values(member, changes)
    with transaction.atomic():
        locked = TopicCampaign.objects.select_for_update().get(pk=campaign.pk)
        before = audit.snapshot(locked, CAMPAIGN_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        _refuse_reversed(locked)
        after = audit.snapshot(locked, CAMPAIGN_FIELDS)
        if before != after:
            locked.save()
            audit.record(
                member.organization, member, "buddy.campaign_updated", locked, before=before, after=after
            )
    return locked
