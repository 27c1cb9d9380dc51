"""Pages of the risk register: the list, the likelihood × impact matrix, one risk with actions and reviews."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.risks import access, actions
from resonanz.risks.forms import ReviewForm, RiskActionForm, RiskForm
from resonanz.risks.models import SCALE, Risk, RiskStatus

C = Capability
MAX_LISTED = 300


def _rating(value: str | None) -> int | None:
    return int(value) if value in {str(step) for step in SCALE} else None


@org_view(C.VIEW_RISKS)
@require_http_methods(["GET", "POST"])
def risk_list(request: MemberRequest) -> HttpResponse:
    member = request.member
    can_manage = member.can(C.MANAGE_RISKS)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_RISKS)
    form = None
    if can_manage:
        form = RiskForm(
            request.POST if request.method == "POST" else None, owners=access.owner_choices(member)
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            risk = actions.create_risk(member, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("“%(title)s” is registered.") % {"title": risk.title})
            return redirect("risks:risk_detail", member.organization.slug, risk.pk)
    risks = access.risk_queryset(member)
    likelihood, impact = _rating(request.GET.get("likelihood")), _rating(request.GET.get("impact"))
    if likelihood and impact:
        risks = risks.filter(likelihood=likelihood, impact=impact).exclude(status=RiskStatus.CLOSED)
    context = {
        "risks": list(risks[:MAX_LISTED]),
        "form": form,
        "cell": (likelihood, impact) if likelihood and impact else None,
    }
    return render(request, "risks/list.html", context, status=400 if request.method == "POST" else 200)


@org_view(C.VIEW_AGGREGATES)
@require_GET
def risk_matrix(request: MemberRequest) -> HttpResponse:
    member = request.member
    counts = access.matrix_counts(member)
    rows = [
        {
            "likelihood": likelihood,
            "cells": [(impact, counts.get((likelihood, impact), 0)) for impact in SCALE],
        }
        for likelihood in reversed(SCALE)
    ]
    context = {"rows": rows, "impacts": list(SCALE), "linked": member.can(C.VIEW_RISKS)}
    return render(request, "risks/matrix.html", context)


def _detail(request: MemberRequest, risk: Risk, forms: dict[str, Any], status: int = 200) -> HttpResponse:
    member = request.member
    manage = member.can(C.MANAGE_RISKS) and risk.status != RiskStatus.CLOSED
    owners = access.owner_choices(member)
    if manage:
        forms.setdefault("action_form", RiskActionForm(owners=owners))
        forms.setdefault(
            "review_form",
            ReviewForm(initial={"likelihood_after": risk.likelihood, "impact_after": risk.impact}),
        )
    context = {
        "risk": risk,
        "risk_actions": list(risk.actions.select_related("owner__user")[:200]),
        "reviews": list(risk.reviews.all()[:200]),
        "can_manage": manage,
        **forms,
    }
    return render(request, "risks/detail.html", context, status=status)


@org_view(C.VIEW_RISKS)
@require_GET
def risk_detail(request: MemberRequest, risk_id: int) -> HttpResponse:
    return _detail(request, access.get_risk_for(request.member, risk_id), {})


@org_view(C.MANAGE_RISKS)
@require_http_methods(["GET", "POST"])
def risk_edit(request: MemberRequest, risk_id: int) -> HttpResponse:
    member = request.member
    risk = access.get_risk_for(member, risk_id, C.MANAGE_RISKS)
    initial = {field: getattr(risk, field) for field in actions.FIELDS}
    form = RiskForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        owners=access.owner_choices(member),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_risk(member, risk, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The risk is saved."))
            return redirect("risks:risk_detail", member.organization.slug, risk.pk)
    return render(
        request,
        "risks/edit.html",
        {"form": form, "risk": risk},
        status=400 if request.method == "POST" else 200,
    )


@org_view(C.MANAGE_RISKS)
@require_POST
def risk_action_add(request: MemberRequest, risk_id: int) -> HttpResponseBase:
    member = request.member
    risk = access.get_risk_for(member, risk_id, C.MANAGE_RISKS)
    form = RiskActionForm(request.POST, owners=access.owner_choices(member))
    if form.is_valid():
        try:
            actions.add_risk_action(member, risk, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The action is planned."))
            return redirect("risks:risk_detail", member.organization.slug, risk.pk)
    return _detail(request, risk, {"action_form": form}, 400)


@org_view(C.MANAGE_RISKS)
@require_POST
def risk_review(request: MemberRequest, risk_id: int) -> HttpResponseBase:
    member = request.member
    risk = access.get_risk_for(member, risk_id, C.MANAGE_RISKS)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_risk(member, risk, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The review is recorded; the next one is scheduled."))
            return redirect("risks:risk_detail", member.organization.slug, risk.pk)
    return _detail(request, risk, {"review_form": form}, 400)


@org_view(C.MANAGE_RISKS)
@require_POST
def risk_close(request: MemberRequest, risk_id: int) -> HttpResponseBase:
    member = request.member
    risk = access.get_risk_for(member, risk_id, C.MANAGE_RISKS)
    try:
        actions.close_risk(member, risk)
    except ActionRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The risk is closed."))
    return redirect("risks:risk_detail", member.organization.slug, risk.pk)


@org_view(C.MANAGE_RISKS)
@require_POST
def risk_action_done(request: MemberRequest, risk_action_id: int) -> HttpResponseBase:
    member = request.member
    planned = access.get_risk_action_for(member, risk_action_id)
    actions.complete_risk_action(member, planned)
    messages.success(request, _("The action is marked as done."))
    return redirect("risks:risk_detail", member.organization.slug, planned.risk_id)
