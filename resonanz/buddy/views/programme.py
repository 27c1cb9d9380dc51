"""The programme managers' pages: overview (buddies, opt-ins, matching), runs, buddies, weights, pairs.
(The profile-check criteria: ``views.criteria``.) Thin: parse, call one action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.buddy import access, actions
from resonanz.buddy.forms import (
    BuddyForm,
    OverrideForm,
    PinForm,
    ReasonForm,
    RunForm,
    WeightsForm,
)
from resonanz.buddy.matching_input import Reason, weights_of
from resonanz.buddy.models import BuddyProfile, MatchingWeights, Pair, RunStatus
from resonanz.buddy.overview import pair_details
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

C = Capability
MAX_LISTED = 500


def _slug(request: MemberRequest) -> str:
    return request.member.organization.slug


def buddies_with_load(member: Membership) -> list[BuddyProfile]:
    return list(
        access.buddy_queryset(member)
        .annotate(
            load=Count(
                "membership__buddy_pairs_as_buddy",
                filter=Q(membership__buddy_pairs_as_buddy__ended_at__isnull=True),
            )
        )
        .prefetch_related("topics")
        .order_by("-is_active", "membership__user__full_name")[:MAX_LISTED]
    )


@org_view(C.MANAGE_PROGRAM)
def buddy_index(request: MemberRequest) -> HttpResponse:
    member = request.member
    opt_ins = access.opt_in_queryset(member).filter(is_active=True)
    paired = set(
        Pair.objects.filter(organization_id=member.organization_id, ended_at__isnull=True).values_list(
            "coachee_id", flat=True
        )
    )
    waiting = [
        opt_in
        for opt_in in opt_ins.order_by("membership__user__full_name")[:MAX_LISTED]
        if opt_in.membership_id not in paired
    ]
    return render(
        request,
        "buddy/index.html",
        {
            "buddies": buddies_with_load(member),
            "opt_in_count": opt_ins.count(),
            "paired_count": len(paired),
            "waiting": waiting,
            "runs": list(access.run_queryset(member)[:5]),
            "run_form": RunForm(),
            "pin_form": PinForm(organization_id=member.organization_id),
            "weights": weights_of(member.organization),
        },
    )


@org_view(C.MANAGE_PROGRAM)
@require_POST
def buddy_run(request: MemberRequest) -> HttpResponseBase:
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the note: at most 200 characters."))
        return redirect("buddy:buddy_index", _slug(request))
    try:
        run = actions.run_matching(
            request.member, rematch=form.cleaned_data["rematch"], note=form.cleaned_data["note"]
        )
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("buddy:buddy_index", _slug(request))
    if run.is_open:
        messages.info(request, _("The matching is running; this page shows the result when it is done."))
    else:
        messages.success(request, _("The matching has run."))
    return redirect("buddy:buddy_run_detail", _slug(request), run.pk)


REASONS = {
    Reason.NO_LANGUAGE: _("no buddy speaks one of the colleague's languages"),
    Reason.NO_CAPACITY: _("the buddies who speak the colleague's languages are full"),
}


@org_view(C.MANAGE_PROGRAM)
def buddy_run_detail(request: MemberRequest, matching_run_id: int) -> HttpResponse:
    member = request.member
    run = access.get_matching_run_for(member, matching_run_id)
    if run.status != RunStatus.DONE:
        return render(request, "buddy/run.html", {"run": run, "pairs": [], "unmatched": []})
    pairs = list(
        run.pairs.select_related("buddy__user", "coachee__user").order_by("buddy__user__full_name", "pk")[
            :MAX_LISTED
        ]
    )
    entries = [entry for entry in run.unmatched if isinstance(entry, dict)][:MAX_LISTED]
    wanted = [entry["membership"] for entry in entries if isinstance(entry.get("membership"), int)]
    people = {
        m.pk: m
        for m in Membership.objects.filter(
            organization_id=member.organization_id, pk__in=wanted
        ).select_related("user")
    }
    unmatched = [
        {
            "member": people.get(entry.get("membership", 0)),
            "reason": str(REASONS.get(str(entry.get("reason")), "")),
        }
        for entry in entries
    ]
    return render(request, "buddy/run.html", {"run": run, "pairs": pairs, "unmatched": unmatched})


@org_view(C.MANAGE_PROGRAM)
@require_GET
def buddy_run_state(request: MemberRequest, matching_run_id: int) -> HttpResponse:
    """The waiting note of a queued or running run, polled by htmx; once it has finished, the page
    reloads to show the result (or why it failed)."""
    run = access.get_matching_run_for(request.member, matching_run_id)
    if not wants_fragment(request):
        return redirect("buddy:buddy_run_detail", _slug(request), run.pk)
    if not run.is_open:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "buddy/_run_wait.html", {"run": run})


def _buddy_form(request: MemberRequest, buddy: BuddyProfile | None) -> HttpResponseBase:
    member = request.member
    initial: dict[str, Any] | None = None
    if buddy is not None:
        initial = {
            "membership": buddy.membership_id,
            "capacity": buddy.capacity,
            "topics": list(buddy.topics.all()),
            "languages": ", ".join(buddy.languages),
            "time_zone": buddy.time_zone,
            "introduction": buddy.introduction,
            "is_active": buddy.is_active,
        }
    form = BuddyForm(
        request.POST or None, organization_id=member.organization_id, buddy=buddy, initial=initial
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_buddy_profile(
                    member,
                    buddy.membership if buddy is not None else data["membership"],
                    capacity=data["capacity"],
                    topics=[topic.pk for topic in data["topics"]],
                    languages=data["languages"],
                    time_zone=data["time_zone"],
                    introduction=data["introduction"],
                    is_active=data["is_active"],
                )
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("The buddy profile is saved."))
                return redirect("buddy:buddy_index", _slug(request))
        status = 400
    return render(request, "buddy/buddy_form.html", {"form": form, "buddy": buddy}, status=status)


@org_view(C.MANAGE_PROGRAM)
@require_http_methods(["GET", "POST"])
def buddy_buddy_new(request: MemberRequest) -> HttpResponseBase:
    return _buddy_form(request, None)


@org_view(C.MANAGE_PROGRAM)
@require_http_methods(["GET", "POST"])
def buddy_buddy_edit(request: MemberRequest, buddy_profile_id: int) -> HttpResponseBase:
    return _buddy_form(request, access.get_buddy_profile_for(request.member, buddy_profile_id))


@org_view(C.MANAGE_PROGRAM)
@require_http_methods(["GET", "POST"])
def buddy_weights(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    current = weights_of(member.organization)
    initial = {name: getattr(current, name) for name in ("topic_miss", "timezone_hour", "unit", "load")}
    form = WeightsForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_matching_weights(member, **form.cleaned_data)
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("The weights are saved; the next run uses them."))
                return redirect("buddy:buddy_index", _slug(request))
        return render(request, "buddy/weights.html", {"form": form}, status=400)
    return render(
        request,
        "buddy/weights.html",
        {"form": form, "stored": MatchingWeights.objects.filter(organization=member.organization).exists()},
    )


@org_view(C.MANAGE_PROGRAM)
def buddy_pair(request: MemberRequest, pair_id: int) -> HttpResponse:
    """A pair for the managers: why it was made and the overrides; its details only with consent."""
    member = request.member
    pair = access.get_pair_for(member, pair_id)
    details = pair_details(member, pair) if access.sees_details(member, pair) else None
    return render(
        request,
        "buddy/pair.html",
        {
            "pair": pair,
            "details": details,
            "move_form": OverrideForm(organization_id=member.organization_id),
            "end_form": ReasonForm(),
        },
    )


def _refused(request: MemberRequest, refused: ActionRefused) -> None:
    messages.error(request, " ".join(refused.messages))


@org_view(C.MANAGE_PROGRAM)
@require_POST
def buddy_pair_pin(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    form = PinForm(request.POST, organization_id=member.organization_id)
    if not form.is_valid():
        messages.error(request, _("Choose a buddy and a colleague and give a reason."))
        return redirect("buddy:buddy_index", _slug(request))
    data = form.cleaned_data
    try:
        pair = actions.pin_pair(
            member,
            data["buddy_profile"],
            data["coaching_opt_in"],
            reason=data["reason"],
            over_capacity=data["over_capacity"],
        )
    except ActionRefused as refused:
        _refused(request, refused)
        return redirect("buddy:buddy_index", _slug(request))
    messages.success(request, _("The pair is set."))
    return redirect("buddy:buddy_pair", _slug(request), pair.pk)


@org_view(C.MANAGE_PROGRAM)
@require_POST
def buddy_pair_move(request: MemberRequest, pair_id: int) -> HttpResponseBase:
    member = request.member
    pair = access.get_pair_for(member, pair_id)
    form = OverrideForm(request.POST, organization_id=member.organization_id)
    if not form.is_valid():
        messages.error(request, _("Choose a buddy and give a reason."))
        return redirect("buddy:buddy_pair", _slug(request), pair.pk)
    data = form.cleaned_data
    try:
        moved = actions.move_coachee(
            member, pair, data["buddy_profile"], reason=data["reason"], over_capacity=data["over_capacity"]
        )
    except ActionRefused as refused:
        _refused(request, refused)
        return redirect("buddy:buddy_pair", _slug(request), pair.pk)
    messages.success(request, _("The colleague has a new buddy."))
    return redirect("buddy:buddy_pair", _slug(request), moved.pk)


@org_view(C.MANAGE_PROGRAM)
@require_POST
def buddy_pair_end(request: MemberRequest, pair_id: int) -> HttpResponseBase:
    member = request.member
    pair = access.get_pair_for(member, pair_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: it is kept in the audit trail."))
        return redirect("buddy:buddy_pair", _slug(request), pair.pk)
    try:
        actions.end_pair(member, pair, reason=form.cleaned_data["reason"])
    except ActionRefused as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("The pair has ended."))
    return redirect("buddy:buddy_pair", _slug(request), pair.pk)
