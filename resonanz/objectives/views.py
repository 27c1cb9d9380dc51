"""Pages of the quality objectives: the list with status badges, one objective with its trend, the form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.core import metrics
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.objectives import access, actions
from resonanz.objectives.evaluation import evaluate, trend
from resonanz.objectives.forms import EntryForm, ObjectiveForm
from resonanz.objectives.models import Objective, ObjectiveStatus
from resonanz.reach.charts import trend_chart

C = Capability
MAX_LISTED = 200
MAX_ENTRIES_SHOWN = 400


@org_view(C.VIEW_OBJECTIVES)
@require_GET
def objective_list(request: MemberRequest) -> HttpResponse:
    member = request.member
    objectives = list(access.objective_queryset(member).order_by("status", "deadline", "pk")[:MAX_LISTED])
    context = {
        "evaluations": [evaluate(objective) for objective in objectives],
        "can_manage": member.can(C.MANAGE_OBJECTIVES),
        "show_names": member.can(C.VIEW_NAMES),
    }
    return render(request, "objectives/list.html", context)


def _form_page(request: MemberRequest, objective: Objective | None) -> HttpResponse:
    member = request.member
    initial: dict[str, Any] = {}
    if objective is not None:
        initial = {field: getattr(objective, field) for field in actions.FIELDS}
    form = ObjectiveForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        owners=access.owner_choices(member),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if objective is None:
                objective = actions.create_objective(member, **form.cleaned_data)
            else:
                objective = actions.update_objective(member, objective, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The objective is saved."))
            return redirect("objectives:objective_detail", member.organization.slug, objective.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "objectives/form.html", {"form": form, "objective": objective}, status=status)


@org_view(C.MANAGE_OBJECTIVES)
@require_http_methods(["GET", "POST"])
def objective_new(request: MemberRequest) -> HttpResponse:
    return _form_page(request, None)


@org_view(C.MANAGE_OBJECTIVES)
@require_http_methods(["GET", "POST"])
def objective_edit(request: MemberRequest, objective_id: int) -> HttpResponse:
    objective = access.get_objective_for(request.member, objective_id, C.MANAGE_OBJECTIVES)
    return _form_page(request, objective)


def _detail(
    request: MemberRequest, objective: Objective, entry_form: EntryForm | None, status: int
) -> HttpResponse:
    member = request.member
    points = trend(objective)
    chart = None
    if points:
        chart = trend_chart(
            [point.day for point in points],
            [float(point.value) if point.value is not None else None for point in points],
            [float(point.expected) for point in points],
            alt=_("The value over time beside the expected course; the figures are in the table below."),
            label=_("Value"),
            expected_label=_("Expected"),
        )
    can_manage = member.can(C.MANAGE_OBJECTIVES)
    active = objective.status == ObjectiveStatus.ACTIVE
    if entry_form is None and can_manage and active and objective.is_manual:
        entry_form = EntryForm()
    context = {
        "objective": objective,
        "evaluation": evaluate(objective),
        "points": points,
        "chart": chart,
        "entries": list(access.entry_queryset(member, objective)[:MAX_ENTRIES_SHOWN]),
        "entry_form": entry_form,
        "can_manage": can_manage and active,
        "show_names": member.can(C.VIEW_NAMES),
        "metric_label": metric.label if (metric := metrics.find(objective.metric_key)) else "",
    }
    return render(request, "objectives/detail.html", context, status=status)


@org_view(C.VIEW_OBJECTIVES)
@require_GET
def objective_detail(request: MemberRequest, objective_id: int) -> HttpResponse:
    objective = access.get_objective_for(request.member, objective_id)
    return _detail(request, objective, None, 200)


@org_view(C.MANAGE_OBJECTIVES)
@require_POST
def objective_entry(request: MemberRequest, objective_id: int) -> HttpResponseBase:
    member = request.member
    objective = access.get_objective_for(member, objective_id, C.MANAGE_OBJECTIVES)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            actions.record_entry(member, objective, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The value is recorded."))
            return redirect("objectives:objective_detail", member.organization.slug, objective.pk)
    return _detail(request, objective, form, 400)


def _finish(request: MemberRequest, objective_id: int, close: bool) -> HttpResponseBase:
    member = request.member
    objective = access.get_objective_for(member, objective_id, C.MANAGE_OBJECTIVES)
    try:
        if close:
            actions.close_objective(member, objective)
        else:
            actions.cancel_objective(member, objective)
    except ActionRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The objective is closed.") if close else _("The objective is cancelled.")
        )
    return redirect("objectives:objective_detail", member.organization.slug, objective.pk)


@org_view(C.MANAGE_OBJECTIVES)
@require_POST
def objective_close(request: MemberRequest, objective_id: int) -> HttpResponseBase:
    return _finish(request, objective_id, close=True)


@org_view(C.MANAGE_OBJECTIVES)
@require_POST
def objective_cancel(request: MemberRequest, objective_id: int) -> HttpResponseBase:
    return _finish(request, objective_id, close=False)
