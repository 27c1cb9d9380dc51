"""Access helpers of the buddy app: the only way views and API handlers reach its objects.

Anything outside the member's organization is a 404. Inside it:

- programme managers (MANAGE_PROGRAM) see every buddy, opt-in, run and pair; a pair's coaching details
  (goals, sessions, milestones, campaigns, profile checks) only when the colleague agreed to share them;
- a pair's buddy and colleague see their pair with everything in it; session notes are theirs alone;
- everyone else sees no pair, and their own opt-in only.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from resonanz.buddy.models import (
    BuddyProfile,
    CoachingOptIn,
    CoachingSession,
    MatchingRun,
    Milestone,
    Pair,
    ProfileCheck,
    ProfileCheckCriterion,
    TopicCampaign,
)
from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

M = TypeVar("M", bound=models.Model)
C = Capability


def _get(queryset: QuerySet[M], pk: Any) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def manages(member: Membership) -> bool:
    return bool(member.can(C.MANAGE_PROGRAM))


# ---------------------------------------------------------------- buddies, opt-ins, runs


def buddy_queryset(member: Membership) -> QuerySet[BuddyProfile]:
    """Every buddy for the managers; a buddy sees their own profile."""
    if not (manages(member) or member.can(C.COACH)):
        raise Http404
    buddies = BuddyProfile.objects.filter(organization_id=member.organization_id).select_related(
        "membership__user"
    )
    return buddies if manages(member) else buddies.filter(membership=member)


def get_buddy_profile_for(member: Membership, buddy_profile_id: Any) -> BuddyProfile:
    return _get(buddy_queryset(member), buddy_profile_id)


def opt_in_queryset(member: Membership) -> QuerySet[CoachingOptIn]:
    """Every opt-in for the managers; a colleague sees their own."""
    if not (manages(member) or member.can(C.TAKE_PART)):
        raise Http404
    opt_ins = CoachingOptIn.objects.filter(organization_id=member.organization_id).select_related(
        "membership__user"
    )
    return opt_ins if manages(member) else opt_ins.filter(membership=member)


def get_coaching_opt_in_for(member: Membership, coaching_opt_in_id: Any) -> CoachingOptIn:
    return _get(opt_in_queryset(member), coaching_opt_in_id)


def active_opt_in(member: Membership) -> CoachingOptIn | None:
    return CoachingOptIn.objects.filter(membership=member, is_active=True).first()


def run_queryset(member: Membership) -> QuerySet[MatchingRun]:
    require_or_404(member, C.MANAGE_PROGRAM)
    return MatchingRun.objects.filter(organization_id=member.organization_id).select_related(
        "started_by__user"
    )


def get_matching_run_for(member: Membership, matching_run_id: Any) -> MatchingRun:
    return _get(run_queryset(member), matching_run_id)


def criterion_queryset(member: Membership) -> QuerySet[ProfileCheckCriterion]:
    """The criteria are no one's personal data: everyone in the programme reads them."""
    return ProfileCheckCriterion.objects.filter(organization_id=member.organization_id)


def get_profile_check_criterion_for(
    member: Membership, profile_check_criterion_id: Any
) -> ProfileCheckCriterion:
    return _get(criterion_queryset(member), profile_check_criterion_id)


# ---------------------------------------------------------------- pairs and what is in them


def pair_queryset(member: Membership) -> QuerySet[Pair]:
    pairs = Pair.objects.filter(organization_id=member.organization_id).select_related(
        "buddy__user", "coachee__user", "opt_in", "run"
    )
    if manages(member):
        return pairs
    return pairs.filter(Q(buddy=member) | Q(coachee=member))


def get_pair_for(member: Membership, pair_id: Any) -> Pair:
    return _get(pair_queryset(member), pair_id)


def is_party(member: Membership, pair: Pair) -> bool:
    """The pair's buddy or colleague (not any other role, however strong)."""
    return member.pk in (pair.buddy_id, pair.coachee_id) and pair.organization_id == member.organization_id


def is_buddy_of(member: Membership, pair: Pair) -> bool:
    return pair.buddy_id == member.pk and pair.organization_id == member.organization_id


def consented(pair: Pair) -> bool:
    """Whether the colleague agreed that the programme managers see their coaching details."""
    return bool(pair.opt_in is not None and pair.opt_in.share_details_with_program_managers)


def sees_details(member: Membership, pair: Pair) -> bool:
    """Goals, sessions (without notes), milestones, campaigns and checks of a pair."""
    return is_party(member, pair) or (manages(member) and consented(pair))


def get_pair_with_details_for(member: Membership, pair_id: Any) -> Pair:
    pair = get_pair_for(member, pair_id)
    if not sees_details(member, pair):
        raise Http404
    return pair


def get_own_pair_for(member: Membership, pair_id: Any) -> Pair:
    """A pair the member belongs to, as its buddy or its colleague."""
    pair = get_pair_for(member, pair_id)
    if not is_party(member, pair):
        raise Http404
    return pair


def get_coached_pair_for(member: Membership, pair_id: Any) -> Pair:
    """A pair the member coaches as its buddy."""
    pair = get_pair_for(member, pair_id)
    if not is_buddy_of(member, pair):
        raise Http404
    return pair


def _details_filter(member: Membership, prefix: str = "pair__") -> Q:
    """Rows of pairs whose details the member sees (see ``sees_details``), as one filter."""
    visible = Q(**{f"{prefix}buddy": member}) | Q(**{f"{prefix}coachee": member})
    if manages(member):
        visible |= Q(**{f"{prefix}opt_in__share_details_with_program_managers": True})
    return visible


def session_queryset(member: Membership) -> QuerySet[CoachingSession]:
    return CoachingSession.objects.filter(pair__organization_id=member.organization_id).filter(
        _details_filter(member)
    )


def milestone_queryset(member: Membership) -> QuerySet[Milestone]:
    return Milestone.objects.filter(pair__organization_id=member.organization_id).filter(
        _details_filter(member)
    )


def campaign_queryset(member: Membership) -> QuerySet[TopicCampaign]:
    return TopicCampaign.objects.filter(pair__organization_id=member.organization_id).filter(
        _details_filter(member)
    )


def get_pair_to_change_for(member: Membership, pair_id: Any, *, as_buddy: bool) -> Pair:
    """A pair the member may see, for a form that changes its plan: a manager who is not in the pair
    sees it but may not change it (403); to anyone else outside the pair it does not exist (404)."""
    pair = get_pair_for(member, pair_id)
    if not (is_buddy_of(member, pair) if as_buddy else is_party(member, pair)):
        raise PermissionDenied
    return pair


def get_milestone_to_change_for(member: Membership, milestone_id: Any) -> Milestone:
    milestone = _get(
        Milestone.objects.filter(pair__in=pair_queryset(member)).select_related("pair"), milestone_id
    )
    if not is_buddy_of(member, milestone.pair):
        raise PermissionDenied
    return milestone


def get_coaching_session_for(member: Membership, coaching_session_id: Any) -> CoachingSession:
    """A session of a pair the member coaches (only the buddy plans and writes sessions)."""
    session = _get(
        CoachingSession.objects.filter(pair__organization_id=member.organization_id).select_related("pair"),
        coaching_session_id,
    )
    if not is_buddy_of(member, session.pair):
        raise Http404
    return session


def get_milestone_for(member: Membership, milestone_id: Any) -> Milestone:
    milestone = _get(
        Milestone.objects.filter(pair__organization_id=member.organization_id).select_related("pair"),
        milestone_id,
    )
    if not is_buddy_of(member, milestone.pair):
        raise Http404
    return milestone


def get_topic_campaign_for(member: Membership, topic_campaign_id: Any) -> TopicCampaign:
    campaign = _get(
        TopicCampaign.objects.filter(pair__organization_id=member.organization_id).select_related("pair"),
        topic_campaign_id,
    )
    if not is_party(member, campaign.pair):
        raise Http404
    return campaign


def check_queryset(member: Membership) -> QuerySet[ProfileCheck]:
    """Checks of the member's own profile, of those they coach, and (with consent) for the managers."""
    checks = ProfileCheck.objects.filter(organization_id=member.organization_id).select_related(
        "checked_by__user", "membership__user"
    )
    return checks.filter(Q(membership=member) | _details_filter(member))


def get_profile_check_for(member: Membership, profile_check_id: Any) -> ProfileCheck:
    return _get(check_queryset(member), profile_check_id)
