"""The pages of the people in a pair: a buddy's coachees, "My coaching" (also one pair's plan for its
buddy, ``?pair=<id>``), opting in and out, and the forms that change a pair's plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.buddy import access, actions
from resonanz.buddy.forms import CampaignForm, CheckForm, GoalsForm, MilestoneForm, OptInForm, SessionForm
from resonanz.buddy.models import Pair
from resonanz.buddy.overview import coachees_overview, criteria_by_network, my_coaching, pair_details
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability

C = Capability


@org_view(C.COACH)
def buddy_coachees(request: MemberRequest) -> HttpResponse:
    return render(request, "buddy/coachees.html", {"overview": coachees_overview(request.member)})


def _pair_context(request: MemberRequest, pair: Pair) -> dict[str, Any]:
    member = request.member
    is_buddy = access.is_buddy_of(member, pair)
    context: dict[str, Any] = {
        "details": pair_details(member, pair),
        "is_buddy": is_buddy,
        "goals_form": GoalsForm(
            initial={"goals": getattr(getattr(pair, "coaching_plan", None), "goals", "")}
        ),
        "campaign_form": CampaignForm(organization_id=member.organization_id),
    }
    if is_buddy:
        context["session_form"] = SessionForm()
        context["milestone_form"] = MilestoneForm()
        context["criteria"] = criteria_by_network(member)
    return context


@org_view(C.TAKE_PART)
def buddy_coaching(request: MemberRequest) -> HttpResponse:
    """My coaching; with ``?pair=<id>`` the plan of a pair the member belongs to (a buddy's coachee)."""
    member = request.member
    wanted = request.GET.get("pair")
    if wanted is not None:
        pair = access.get_own_pair_for(member, wanted)
        return render(request, "buddy/coaching_pair.html", {"pair": pair, **_pair_context(request, pair)})
    coaching = my_coaching(member)
    context: dict[str, Any] = {"coaching": coaching}
    if coaching.pair is not None:
        context.update(_pair_context(request, coaching.pair))
    return render(request, "buddy/coaching.html", context)


@org_view(C.TAKE_PART)
@require_http_methods(["GET", "POST"])
def buddy_opt_in(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    current = access.active_opt_in(member)
    initial = None
    if current is not None:
        initial = {
            "topics": list(current.topics.all()),
            "languages": ", ".join(current.languages),
            "time_zone": current.time_zone,
            "prefers_other_unit": current.prefers_other_unit,
            "wishes": current.wishes,
            "share_details_with_program_managers": current.share_details_with_program_managers,
        }
    form = OptInForm(request.POST or None, organization_id=member.organization_id, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["topics"] = [topic.pk for topic in data["topics"]]
            try:
                actions.opt_in(member, **data)
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("Your opt-in is saved."))
                return redirect("buddy:buddy_coaching", member.organization.slug)
        return render(request, "buddy/opt_in.html", {"form": form, "current": current}, status=400)
    return render(request, "buddy/opt_in.html", {"form": form, "current": current})


@org_view(C.TAKE_PART)
@require_POST
def buddy_opt_out(request: MemberRequest) -> HttpResponseBase:
    actions.opt_out(request.member)
    messages.success(request, _("You have opted out. What was recorded stays with the ended pair."))
    return redirect("buddy:buddy_coaching", request.member.organization.slug)


def _back(request: MemberRequest, pair: Pair) -> HttpResponseBase:
    url = reverse("buddy:buddy_coaching", args=[request.member.organization.slug])
    if pair.coachee_id != request.member.pk:
        url = f"{url}?pair={pair.pk}"
    return redirect(url)


def _run(request: MemberRequest, pair: Pair, form: Any, call: Any, done: str) -> HttpResponseBase:
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
            for name, errors in form.errors.items()
        ]
        messages.error(request, " ".join(problems))
        return _back(request, pair)
    try:
        call(form.cleaned_data)
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, done)
    return _back(request, pair)


@org_view(C.TAKE_PART)
@require_POST
def buddy_pair_goals(request: MemberRequest, pair_id: int) -> HttpResponseBase:
    member = request.member
    pair = access.get_pair_to_change_for(member, pair_id, as_buddy=False)
    return _run(
        request,
        pair,
        GoalsForm(request.POST),
        lambda data: actions.update_coaching_plan(member, pair, goals=data["goals"]),
        _("The goals are saved."),
    )


@org_view(C.COACH)
@require_POST
def buddy_pair_session(request: MemberRequest, pair_id: int) -> HttpResponseBase:
    member = request.member
    pair = access.get_pair_to_change_for(member, pair_id, as_buddy=True)
    return _run(
        request,
        pair,
        SessionForm(request.POST),
        lambda data: actions.add_session(member, pair, **data),
        _("The session is planned."),
    )


@org_view(C.COACH)
@require_POST
def buddy_pair_milestone(request: MemberRequest, pair_id: int) -> HttpResponseBase:
    member = request.member
    pair = access.get_pair_to_change_for(member, pair_id, as_buddy=True)
    return _run(
        request,
        pair,
        MilestoneForm(request.POST),
        lambda data: actions.add_milestone(member, pair, **data),
        _("The milestone is added."),
    )


@org_view(C.COACH)
@require_POST
def buddy_milestone_done(request: MemberRequest, milestone_id: int) -> HttpResponseBase:
    member = request.member
    milestone = access.get_milestone_to_change_for(member, milestone_id)
    try:
        actions.update_milestone(
            member, milestone, done_on=timezone.localdate() if milestone.done_on is None else None
        )
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
    return _back(request, milestone.pair)


@org_view(C.TAKE_PART)
@require_POST
def buddy_pair_campaign(request: MemberRequest, pair_id: int) -> HttpResponseBase:
    member = request.member
    pair = access.get_pair_to_change_for(member, pair_id, as_buddy=False)
    form = CampaignForm(request.POST, organization_id=member.organization_id)

    def add(data: dict[str, Any]) -> Any:
        topic = data.pop("topic")
        return actions.add_campaign(member, pair, topic=topic.pk if topic is not None else None, **data)

    return _run(request, pair, form, add, _("The campaign is added."))


@org_view(C.COACH)
@require_POST
def buddy_pair_check(request: MemberRequest, pair_id: int) -> HttpResponseBase:
    member = request.member
    pair = access.get_pair_to_change_for(member, pair_id, as_buddy=True)
    network = request.POST.get("network", "")
    criteria = criteria_by_network(member).get(network if isinstance(network, str) else "", [])
    form = CheckForm(request.POST, keys=[(criterion.key, criterion.label) for criterion in criteria])
    return _run(
        request,
        pair,
        form,
        lambda data: actions.record_profile_check(
            member,
            pair,
            network=data["network"],
            passed=data["passed"],
            recommendations=data["recommendations"],
        ),
        _("The profile check is recorded."),
    )
