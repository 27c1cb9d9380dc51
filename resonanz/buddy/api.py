"""API endpoints of the buddy app under /api/v1/buddy.

Every change goes through ``resonanz.buddy.actions``; objects come from ``resonanz.buddy.access``, and
every id in a body is looked up in the caller's organization (a foreign id is a 404 or a 422).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.buddy import access, actions
from resonanz.buddy.aggregates import unit_figures
from resonanz.buddy.api_schemas import (
    BuddyIn,
    BuddyOut,
    BuddyPatch,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    CriterionIn,
    CriterionMoveIn,
    CriterionOut,
    CriterionPatch,
    GoalsIn,
    GoalsOut,
    MilestoneIn,
    MilestoneOut,
    MilestonePatch,
    MoveIn,
    OptInIn,
    OptInOut,
    PairEndIn,
    PairOut,
    PinIn,
    ProfileCheckIn,
    ProfileCheckOut,
    RunDetailOut,
    RunIn,
    RunOut,
    RunQueuedOut,
    SessionIn,
    SessionOut,
    SessionPatch,
    UnitFiguresOut,
    WeightsIn,
    WeightsOut,
)
from resonanz.buddy.matching_input import weights_of
from resonanz.buddy.models import (
    BuddyProfile,
    CoachingOptIn,
    CoachingPlan,
    CoachingSession,
    MatchingRun,
    Milestone,
    Pair,
    ProfileCheck,
    ProfileCheckCriterion,
    TopicCampaign,
)
from resonanz.core.access import get_membership_for
from resonanz.core.errors import ActionRefused
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

router = Router(tags=["buddy"])
C = Capability


def _changeable(member: Membership, pair: Pair, *, as_buddy: bool) -> Pair:
    """A pair the caller sees but is not in (a manager) is refused with a reason, not hidden."""
    if not (access.is_buddy_of(member, pair) if as_buddy else access.is_party(member, pair)):
        raise ActionRefused(_("Only the pair's buddy and colleague change its coaching plan."))
    return pair


def _pair_to_change(member: Membership, pair_id: int, *, as_buddy: bool) -> Pair:
    return _changeable(member, access.get_pair_for(member, pair_id), as_buddy=as_buddy)


def _in_visible_pair(member: Membership, model: Any, pk: int) -> Any:
    try:
        return model.objects.select_related("pair").get(pk=pk, pair__in=access.pair_queryset(member))
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def _sent(payload: Any) -> dict[str, Any]:
    return dict(payload.dict(exclude_unset=True))


def _topics(data: dict[str, Any]) -> dict[str, Any]:
    if "topic_ids" in data:
        data["topics"] = data.pop("topic_ids") or []
    return data


# ---------------------------------------------------------------- buddies and opt-ins


@router.get("/buddies", response=list[BuddyOut], summary="Buddies (the managers see all, a buddy their own)")
@paginate(Pagination)
def list_buddies(request: ApiRequest) -> Any:
    member = member_of(request, C.MANAGE_PROGRAM)
    return access.buddy_queryset(member).prefetch_related("topics").order_by("pk")


@router.post("/buddies", response={201: BuddyOut}, summary="Make a member a buddy")
def create_buddy(request: ApiRequest, payload: BuddyIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_PROGRAM)
    data = _topics(payload.dict())
    person = get_membership_for(member, data.pop("membership_id"), C.MANAGE_PROGRAM)
    return Status(201, actions.save_buddy_profile(member, person, **data))


@router.get("/buddies/{buddy_profile_id}", response=BuddyOut, summary="One buddy")
def get_buddy(request: ApiRequest, buddy_profile_id: int) -> BuddyProfile:
    return access.get_buddy_profile_for(member_of(request, C.MANAGE_PROGRAM), buddy_profile_id)


@router.patch("/buddies/{buddy_profile_id}", response=BuddyOut, summary="Change a buddy's profile")
def patch_buddy(request: ApiRequest, buddy_profile_id: int, payload: BuddyPatch) -> BuddyProfile:
    member = member_of(request, C.MANAGE_PROGRAM)
    buddy = access.get_buddy_profile_for(member, buddy_profile_id)
    current: dict[str, Any] = {
        "capacity": buddy.capacity,
        "topics": [topic.pk for topic in buddy.topics.all()],
        "languages": buddy.languages,
        "time_zone": buddy.time_zone,
        "introduction": buddy.introduction,
        "is_active": buddy.is_active,
    }
    changes = {key: value for key, value in _topics(_sent(payload)).items() if value is not None}
    return actions.save_buddy_profile(member, buddy.membership, **{**current, **changes})


@router.get(
    "/opt-ins", response=list[OptInOut], summary="Coaching opt-ins (the managers see all, others their own)"
)
@paginate(Pagination)
def list_opt_ins(request: ApiRequest) -> Any:
    return access.opt_in_queryset(member_of(request, C.TAKE_PART)).prefetch_related("topics").order_by("pk")


@router.post("/opt-ins", response={201: OptInOut}, summary="Opt in to coaching, or change one's opt-in")
def create_opt_in(request: ApiRequest, payload: OptInIn) -> Status[Any]:
    member = member_of(request, C.TAKE_PART)
    return Status(201, actions.opt_in(member, **_topics(payload.dict())))


@router.post("/opt-ins/withdraw", response={204: None}, summary="Opt out of coaching (ends one's pair)")
def withdraw_opt_in(request: ApiRequest) -> Status[None]:
    actions.opt_out(member_of(request, C.TAKE_PART))
    return Status(204, None)


@router.get("/opt-ins/{coaching_opt_in_id}", response=OptInOut, summary="One opt-in")
def get_opt_in(request: ApiRequest, coaching_opt_in_id: int) -> CoachingOptIn:
    return access.get_coaching_opt_in_for(member_of(request, C.TAKE_PART), coaching_opt_in_id)


# ---------------------------------------------------------------- matching


@router.get("/weights", response=WeightsOut, summary="The weights of the matching cost")
def get_weights(request: ApiRequest) -> Any:
    return weights_of(member_of(request, C.MANAGE_PROGRAM).organization)


@router.put("/weights", response=WeightsOut, summary="Change the weights of the matching cost")
def put_weights(request: ApiRequest, payload: WeightsIn) -> Any:
    member = member_of(request, C.MANAGE_PROGRAM)
    actions.update_matching_weights(member, **payload.dict(exclude_none=True))
    return weights_of(member.organization)


@router.get("/runs", response=list[RunOut], summary="Matching runs, newest first")
@paginate(Pagination)
def list_runs(request: ApiRequest) -> Any:
    return access.run_queryset(member_of(request, C.MANAGE_PROGRAM))


@router.post("/runs", response={201: RunDetailOut, 202: RunQueuedOut}, summary="Run the optimal matching")
def create_run(request: ApiRequest, payload: RunIn) -> Any:
    """A small programme is matched at once (201, the run with its pairs). A large one is queued for
    the worker: 202 with ``Retry-After`` and ``Location``, the run's URL, whose ``status`` goes from
    ``queued`` and ``running`` to ``done`` or ``failed``. Refused (422) while another run is open."""
    member = member_of(request, C.MANAGE_PROGRAM)
    run = actions.run_matching(member, **payload.dict())
    if not run.is_open:
        return Status(201, _run_detail(run))
    url = reverse("api:buddy_get_run", args=[run.pk])
    queued = JsonResponse(
        RunQueuedOut(
            id=run.pk,
            status=run.status,
            url=url,
            detail=str(_("The matching is running. Ask the run's URL again in a few seconds.")),
        ).dict(),
        status=202,
    )
    queued["Retry-After"] = "5"
    queued["Location"] = url
    return queued


MAX_RUN_ENTRIES = 5000


def _run_detail(run: MatchingRun) -> dict[str, Any]:
    data = RunOut.from_orm(run).dict()
    data["pairs"] = list(
        run.pairs.select_related("buddy__user", "coachee__user").order_by("pk")[:MAX_RUN_ENTRIES]
    )
    data["unmatched"] = [entry for entry in run.unmatched[:MAX_RUN_ENTRIES] if isinstance(entry, dict)]
    return data


@router.get(
    "/runs/{matching_run_id}",
    response=RunDetailOut,
    summary="One run with its pairs and who stayed unmatched",
    url_name="buddy_get_run",
)
def get_run(request: ApiRequest, matching_run_id: int) -> Any:
    return _run_detail(access.get_matching_run_for(member_of(request, C.MANAGE_PROGRAM), matching_run_id))


# ---------------------------------------------------------------- pairs and overrides


@router.get("/pairs", response=list[PairOut], summary="Pairs (the managers see all, others their own)")
@paginate(Pagination)
def list_pairs(request: ApiRequest) -> Any:
    return access.pair_queryset(member_of(request, C.TAKE_PART)).order_by("pk")


@router.post("/pairs", response={201: PairOut}, summary="Set a pair by hand (an audited override)")
def pin_pair(request: ApiRequest, payload: PinIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_PROGRAM)
    buddy = access.get_buddy_profile_for(member, payload.buddy_profile_id)
    opt_in = access.get_coaching_opt_in_for(member, payload.coaching_opt_in_id)
    return Status(
        201,
        actions.pin_pair(member, buddy, opt_in, reason=payload.reason, over_capacity=payload.over_capacity),
    )


@router.get("/pairs/{pair_id}", response=PairOut, summary="One pair")
def get_pair(request: ApiRequest, pair_id: int) -> Pair:
    return access.get_pair_for(member_of(request, C.TAKE_PART), pair_id)


@router.post("/pairs/{pair_id}/move", response={201: PairOut}, summary="Move the colleague to another buddy")
def move_pair(request: ApiRequest, pair_id: int, payload: MoveIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_PROGRAM)
    pair = access.get_pair_for(member, pair_id)
    buddy = access.get_buddy_profile_for(member, payload.buddy_profile_id)
    return Status(
        201,
        actions.move_coachee(member, pair, buddy, reason=payload.reason, over_capacity=payload.over_capacity),
    )


@router.post("/pairs/{pair_id}/end", response=PairOut, summary="End a pair")
def end_pair(request: ApiRequest, pair_id: int, payload: PairEndIn) -> Pair:
    member = member_of(request, C.MANAGE_PROGRAM)
    return actions.end_pair(member, access.get_pair_for(member, pair_id), reason=payload.reason)


# ---------------------------------------------------------------- the coaching plan


@router.get("/pairs/{pair_id}/plan", response=GoalsOut, summary="A pair's goals")
def get_plan(request: ApiRequest, pair_id: int) -> Any:
    pair = access.get_pair_with_details_for(member_of(request, C.TAKE_PART), pair_id)
    plan = CoachingPlan.objects.filter(pair=pair).first()
    return {"pair_id": pair.pk, "goals": plan.goals if plan is not None else ""}


@router.put(
    "/pairs/{pair_id}/plan", response=GoalsOut, summary="Change a pair's goals (its buddy or colleague)"
)
def put_plan(request: ApiRequest, pair_id: int, payload: GoalsIn) -> Any:
    member = member_of(request, C.TAKE_PART)
    pair = _pair_to_change(member, pair_id, as_buddy=False)
    plan = actions.update_coaching_plan(member, pair, goals=payload.goals)
    return {"pair_id": pair.pk, "goals": plan.goals}


@router.get("/pairs/{pair_id}/sessions", response=list[SessionOut], summary="A pair's sessions")
@paginate(Pagination)
def list_sessions(request: ApiRequest, pair_id: int) -> Any:
    pair = access.get_pair_with_details_for(member_of(request, C.TAKE_PART), pair_id)
    return CoachingSession.objects.filter(pair=pair).select_related("pair").order_by("starts_at", "pk")


@router.post(
    "/pairs/{pair_id}/sessions", response={201: SessionOut}, summary="Plan a session (the pair's buddy)"
)
def create_session(request: ApiRequest, pair_id: int, payload: SessionIn) -> Status[Any]:
    member = member_of(request, C.COACH)
    pair = _pair_to_change(member, pair_id, as_buddy=True)
    return Status(201, actions.add_session(member, pair, **payload.dict()))


@router.patch(
    "/sessions/{coaching_session_id}", response=SessionOut, summary="Change a session (the pair's buddy)"
)
def patch_session(request: ApiRequest, coaching_session_id: int, payload: SessionPatch) -> CoachingSession:
    member = member_of(request, C.COACH)
    session = _in_visible_pair(member, CoachingSession, coaching_session_id)
    _changeable(member, session.pair, as_buddy=True)
    return actions.update_session(member, session, **_sent(payload))


@router.get("/pairs/{pair_id}/milestones", response=list[MilestoneOut], summary="A pair's milestones")
@paginate(Pagination)
def list_milestones(request: ApiRequest, pair_id: int) -> Any:
    pair = access.get_pair_with_details_for(member_of(request, C.TAKE_PART), pair_id)
    return Milestone.objects.filter(pair=pair).order_by("due_on", "pk")


@router.post(
    "/pairs/{pair_id}/milestones", response={201: MilestoneOut}, summary="Add a milestone (the pair's buddy)"
)
def create_milestone(request: ApiRequest, pair_id: int, payload: MilestoneIn) -> Status[Any]:
    member = member_of(request, C.COACH)
    pair = _pair_to_change(member, pair_id, as_buddy=True)
    return Status(201, actions.add_milestone(member, pair, **payload.dict()))


@router.patch(
    "/milestones/{milestone_id}", response=MilestoneOut, summary="Change a milestone or mark it done"
)
def patch_milestone(request: ApiRequest, milestone_id: int, payload: MilestonePatch) -> Milestone:
    member = member_of(request, C.COACH)
    milestone = _in_visible_pair(member, Milestone, milestone_id)
    _changeable(member, milestone.pair, as_buddy=True)
    return actions.update_milestone(member, milestone, **_sent(payload))


@router.get("/pairs/{pair_id}/campaigns", response=list[CampaignOut], summary="A pair's topic campaigns")
@paginate(Pagination)
def list_campaigns(request: ApiRequest, pair_id: int) -> Any:
    pair = access.get_pair_with_details_for(member_of(request, C.TAKE_PART), pair_id)
    return TopicCampaign.objects.filter(pair=pair).order_by("starts_on", "pk")


@router.post("/pairs/{pair_id}/campaigns", response={201: CampaignOut}, summary="Add a topic campaign")
def create_campaign(request: ApiRequest, pair_id: int, payload: CampaignIn) -> Status[Any]:
    member = member_of(request, C.TAKE_PART)
    pair = _pair_to_change(member, pair_id, as_buddy=False)
    data = payload.dict()
    data["topic"] = data.pop("topic_id")
    return Status(201, actions.add_campaign(member, pair, **data))


@router.patch("/campaigns/{topic_campaign_id}", response=CampaignOut, summary="Change a topic campaign")
def patch_campaign(request: ApiRequest, topic_campaign_id: int, payload: CampaignPatch) -> TopicCampaign:
    member = member_of(request, C.TAKE_PART)
    campaign = _in_visible_pair(member, TopicCampaign, topic_campaign_id)
    _changeable(member, campaign.pair, as_buddy=False)
    changes = _sent(payload)
    if "topic_id" in changes:
        changes["topic"] = changes.pop("topic_id")
    return actions.update_campaign(member, campaign, **changes)


# ---------------------------------------------------------------- profile checks


@router.get("/checks", response=list[ProfileCheckOut], summary="Profile checks the caller may see")
@paginate(Pagination)
def list_checks(request: ApiRequest) -> Any:
    return access.check_queryset(member_of(request, C.TAKE_PART)).order_by("checked_on", "pk")


@router.get("/checks/{profile_check_id}", response=ProfileCheckOut, summary="One profile check")
def get_check(request: ApiRequest, profile_check_id: int) -> ProfileCheck:
    return access.get_profile_check_for(member_of(request, C.TAKE_PART), profile_check_id)


@router.post(
    "/pairs/{pair_id}/checks",
    response={201: ProfileCheckOut},
    summary="Record a profile check (the pair's buddy)",
)
def create_check(request: ApiRequest, pair_id: int, payload: ProfileCheckIn) -> Status[Any]:
    member = member_of(request, C.COACH)
    pair = _pair_to_change(member, pair_id, as_buddy=True)
    return Status(201, actions.record_profile_check(member, pair, **payload.dict()))


@router.get("/criteria", response=list[CriterionOut], summary="Profile check criteria per network")
@paginate(Pagination)
def list_criteria(request: ApiRequest) -> Any:
    return access.criterion_queryset(member_of(request, C.TAKE_PART)).order_by("network", "position", "pk")


@router.post("/criteria", response={201: CriterionOut}, summary="Add a profile check criterion")
def create_criterion(request: ApiRequest, payload: CriterionIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_PROGRAM)
    return Status(201, actions.create_criterion(member, **payload.dict()))


@router.patch("/criteria/{profile_check_criterion_id}", response=CriterionOut, summary="Change a criterion")
def patch_criterion(
    request: ApiRequest, profile_check_criterion_id: int, payload: CriterionPatch
) -> ProfileCheckCriterion:
    member = member_of(request, C.MANAGE_PROGRAM)
    criterion = access.get_profile_check_criterion_for(member, profile_check_criterion_id)
    return actions.update_criterion(member, criterion, **_sent(payload))


@router.post(
    "/criteria/{profile_check_criterion_id}/move",
    response=CriterionOut,
    summary="Move a criterion one place up or down in its network's order",
)
def move_criterion(
    request: ApiRequest, profile_check_criterion_id: int, payload: CriterionMoveIn
) -> ProfileCheckCriterion:
    member = member_of(request, C.MANAGE_PROGRAM)
    criterion = access.get_profile_check_criterion_for(member, profile_check_criterion_id)
    return actions.move_criterion(member, criterion, up=payload.up)


@router.delete(
    "/criteria/{profile_check_criterion_id}",
    response={204: None},
    summary="Delete a criterion no check has used (a used one: 422, deactivate it instead)",
)
def delete_criterion(request: ApiRequest, profile_check_criterion_id: int) -> Status[None]:
    member = member_of(request, C.MANAGE_PROGRAM)
    criterion = access.get_profile_check_criterion_for(member, profile_check_criterion_id)
    actions.delete_criterion(member, criterion)
    return Status(204, None)


@router.get(
    "/figures",
    response=list[UnitFiguresOut],
    summary="The programme per unit, without names (counts under 5 as “< 5”)",
)
def figures(request: ApiRequest) -> Any:
    member = member_of(request, C.VIEW_AGGREGATES)
    units, total = unit_figures(member.organization)
    return [
        {
            "unit": row.unit,
            **dict(zip(("buddies", "opt_ins", "pairs", "sessions", "checks"), row.cells, strict=True)),
            "average_score_change": row.average_change,
        }
        for row in [*units, total]
    ]
