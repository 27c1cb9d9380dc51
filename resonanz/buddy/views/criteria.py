"""The programme managers' pages for the profile-check criteria of each network: list, add, change
(label, weight, active), move up or down, delete while no check has used them. Thin: parse, call one
action, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.buddy import access, actions
from resonanz.buddy.forms import CriterionEditForm, CriterionForm
from resonanz.buddy.models import MAX_CRITERIA, ProfileCheckCriterion
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.people.models import Network

C = Capability


def _list_url(request: MemberRequest, criterion: ProfileCheckCriterion | None = None) -> str:
    url = reverse("buddy:buddy_criteria", args=[request.member.organization.slug])
    return f"{url}#network-{criterion.network}" if criterion is not None else url


def per_network(criteria: list[ProfileCheckCriterion]) -> list[dict[str, Any]]:
    """The criteria grouped by network in the networks' order, each active one with its share of the
    score (its weight among the network's active weights, in whole percent)."""
    networks = []
    for value, label in Network.choices:
        items = [criterion for criterion in criteria if criterion.network == value]
        if not items:
            continue
        total = sum(criterion.weight for criterion in items if criterion.is_active)
        rows = [
            {"criterion": criterion, "share": round(100 * criterion.weight / total) if total else 0}
            for criterion in items
        ]
        networks.append({"value": value, "label": label, "rows": rows})
    return networks


@org_view(C.MANAGE_PROGRAM)
@require_http_methods(["GET", "POST"])
def buddy_criteria(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    form = CriterionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                criterion = actions.create_criterion(member, **form.cleaned_data)
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("The criterion is added."))
                return redirect(_list_url(request, criterion))
        status = 400
    # At most MAX_CRITERIA per network (the action refuses more), so the whole list is bounded.
    criteria = list(
        access.criterion_queryset(member).order_by("network", "position", "pk")[: MAX_CRITERIA * len(Network)]
    )
    return render(
        request, "buddy/criteria.html", {"form": form, "networks": per_network(criteria)}, status=status
    )


@org_view(C.MANAGE_PROGRAM)
@require_http_methods(["GET", "POST"])
def buddy_criterion_edit(request: MemberRequest, profile_check_criterion_id: int) -> HttpResponseBase:
    member = request.member
    criterion = access.get_profile_check_criterion_for(member, profile_check_criterion_id)
    initial = {"label": criterion.label, "weight": criterion.weight, "is_active": criterion.is_active}
    form = CriterionEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_criterion(member, criterion, **form.cleaned_data)
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("The criterion is saved."))
                return redirect(_list_url(request, criterion))
        return render(
            request, "buddy/criterion_form.html", {"form": form, "criterion": criterion}, status=400
        )
    return render(request, "buddy/criterion_form.html", {"form": form, "criterion": criterion})


@org_view(C.MANAGE_PROGRAM)
@require_POST
def buddy_criterion_move(request: MemberRequest, profile_check_criterion_id: int) -> HttpResponse:
    member = request.member
    criterion = access.get_profile_check_criterion_for(member, profile_check_criterion_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Move a criterion up or down."))
    else:
        actions.move_criterion(member, criterion, up=direction == "up")
    return redirect(_list_url(request, criterion))


@org_view(C.MANAGE_PROGRAM)
@require_POST
def buddy_criterion_active(request: MemberRequest, profile_check_criterion_id: int) -> HttpResponse:
    member = request.member
    criterion = access.get_profile_check_criterion_for(member, profile_check_criterion_id)
    active = request.POST.get("active") == "1"
    actions.update_criterion(member, criterion, is_active=active)
    if active:
        messages.success(request, _("The criterion counts again from the next check."))
    else:
        messages.success(request, _("The criterion is deactivated; recorded checks keep their scores."))
    return redirect(_list_url(request, criterion))


@org_view(C.MANAGE_PROGRAM)
@require_POST
def buddy_criterion_delete(request: MemberRequest, profile_check_criterion_id: int) -> HttpResponse:
    member = request.member
    criterion = access.get_profile_check_criterion_for(member, profile_check_criterion_id)
    try:
        actions.delete_criterion(member, criterion)
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The criterion is deleted."))
    return redirect(_list_url(request, criterion))
