"""Pages of the quality app: incidents (list with search, detail with the next step's form), opening an
incident, and one's own corrective actions. Views parse input, call one action, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.reviews import local_today
from resonanz.quality import actions
from resonanz.quality.access import (
    corrective_action_queryset,
    get_completable_action_for,
    get_incident_for,
    incident_queryset,
)
from resonanz.quality.forms import (
    AnalysisForm,
    ContainmentForm,
    DoneForm,
    EffectivenessForm,
    GradeForm,
    IncidentActionForm,
    IncidentForm,
    ReopenForm,
    ScheduleForm,
    SearchForm,
)
from resonanz.quality.models import Incident, Status
from resonanz.quality.search import search, similar_cases

PAGE_SIZE = 50


@org_view(Capability.VIEW_HOME)
def quality_index(request: MemberRequest) -> HttpResponse:
    """The quality area's start: one's own open corrective actions; the open incidents for readers."""
    member = request.member
    mine = (
        corrective_action_queryset(member)
        .filter(owner=member, status="open")
        .select_related("incident")
        .order_by("due_date", "pk")[:PAGE_SIZE]
    )
    context: dict[str, Any] = {
        "mine": mine,
        "done_form": DoneForm(),
        "today": local_today(member.organization),
    }
    context["can_view"] = member.can(Capability.VIEW_INCIDENTS)
    # The quality area's other registers, each for who may read it.
    context["areas"] = {
        "objectives": member.can(Capability.VIEW_OBJECTIVES),
        "risks": member.can(Capability.VIEW_RISKS),
        "matrix": member.can(Capability.VIEW_AGGREGATES),
        "standards": member.can(Capability.VIEW_STANDARDS),
        "audits": member.can(Capability.VIEW_AUDITS),
        "reviews": member.can(Capability.VIEW_REVIEWS),
    }
    if context["can_view"]:
        context["open_incidents"] = (
            incident_queryset(member).exclude(status=Status.CLOSED).order_by("-number")[:10]
        )
    return render(request, "quality/index.html", context)


@org_view(Capability.VIEW_INCIDENTS)
def quality_incidents(request: MemberRequest) -> HttpResponse:
    member = request.member
    form = SearchForm(request.GET or None)
    incidents = incident_queryset(member).order_by("-number")
    if form.is_valid():
        incidents = search(incidents, form.cleaned_data["q"])
        if form.cleaned_data["status"]:
            incidents = incidents.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["cause_category"]:
            incidents = incidents.filter(cause_category=form.cleaned_data["cause_category"])
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "quality/incidents.html",
        {"form": form, "page": page, "can_open": member.can(Capability.OPEN_INCIDENTS)},
    )


@org_view(Capability.OPEN_INCIDENTS)
@require_http_methods(["GET", "POST"])
def quality_incident_new(request: MemberRequest) -> HttpResponse:
    member = request.member
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = actions.open_incident(
                member,
                title=data["title"],
                description=data["description"],
                source=data["source"],
                grade=data["grade"],
                checklist=data["checklist"].splitlines(),
            )
        except ActionRefused as error:
            error.show_on(form)
        else:
            messages.success(
                request, _("Incident #%(number)s has been opened.") % {"number": incident.number}
            )
            return redirect("quality:quality_incident", member.organization.slug, incident.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "quality/incident_new.html", {"form": form}, status=status)


def _detail_context(member: Membership, incident: Incident, **forms_given: Any) -> dict[str, Any]:
    can_manage = member.can(Capability.MANAGE_INCIDENTS)
    can_open = member.can(Capability.OPEN_INCIDENTS)
    current = incident.effectiveness_checks.filter(round=incident.round).first()
    context: dict[str, Any] = {
        "incident": incident,
        "corrective_actions": incident.corrective_actions.select_related("owner__user").order_by(
            "round", "due_date", "pk"
        ),
        "checks": incident.effectiveness_checks.order_by("round"),
        "current_check": current,
        "similar": similar_cases(incident),
        "can_manage": can_manage,
        "can_open": can_open,
        "today": local_today(member.organization),
        "steps": [
            (Status.OPEN, Status.OPEN.label),
            (Status.CONTAINED, Status.CONTAINED.label),
            (Status.ANALYSED, Status.ANALYSED.label),
            (Status.ACTIONS, Status.ACTIONS.label),
            (Status.CHECKING, Status.CHECKING.label),
            (Status.CLOSED, Status.CLOSED.label),
        ],
        "step_index": list(Status.values).index(incident.status),
    }
    if can_open and incident.status in (Status.OPEN, Status.CONTAINED):
        context["containment_form"] = ContainmentForm(initial={"containment": incident.containment})
    if can_manage:
        if incident.status in (Status.CONTAINED, Status.ANALYSED):
            initial = {f"why_{number}": why for number, why in enumerate(incident.whys, start=1)}
            context["analysis_form"] = AnalysisForm(
                initial={**initial, "cause_category": incident.cause_category}
            )
        if incident.status in (Status.ANALYSED, Status.ACTIONS):
            context["action_form"] = IncidentActionForm(member)
        if incident.status == Status.CHECKING and current is not None:
            context["schedule_form"] = ScheduleForm(
                initial={"weeks": current.weeks, "criterion": current.criterion}
            )
            context["effectiveness_form"] = EffectivenessForm()
        if incident.status != Status.CLOSED:
            context["grade_form"] = GradeForm(initial={"grade": incident.grade})
        else:
            context["reopen_form"] = ReopenForm()
    context.update(forms_given)
    return context


@org_view(Capability.VIEW_INCIDENTS)
def quality_incident(request: MemberRequest, incident_id: int) -> HttpResponse:
    incident = get_incident_for(request.member, incident_id)
    return render(request, "quality/incident.html", _detail_context(request.member, incident))


def _step(
    request: MemberRequest,
    incident_id: int,
    form_class: Callable[..., forms.Form],
    name: str,
    run: Callable[[Membership, Incident, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Validate one step's form, run its action, and show the page again with the errors if refused."""
    member = request.member
    incident = get_incident_for(member, incident_id)
    form = form_class(member, request.POST) if form_class is IncidentActionForm else form_class(request.POST)
    if form.is_valid():
        try:
            run(member, incident, form.cleaned_data)
        except ActionRefused as error:
            if isinstance(form, forms.Form) and hasattr(error, "show_on"):
                error.show_on(form)
        else:
            messages.success(request, done)
            return redirect("quality:quality_incident", member.organization.slug, incident.pk)
    incident.refresh_from_db()
    context = _detail_context(member, incident, **{name: form})
    return render(request, "quality/incident.html", context, status=400)


@org_view(Capability.OPEN_INCIDENTS)
@require_POST
def quality_incident_contain(request: MemberRequest, incident_id: int) -> HttpResponse:
    return _step(
        request,
        incident_id,
        ContainmentForm,
        "containment_form",
        lambda member, incident, data: actions.record_containment(
            member, incident, containment=data["containment"]
        ),
        _("The containment has been recorded."),
    )


@org_view(Capability.MANAGE_INCIDENTS)
@require_POST
def quality_incident_analyse(request: MemberRequest, incident_id: int) -> HttpResponse:
    def run(member: Membership, incident: Incident, data: dict[str, Any]) -> Incident:
        whys = [data.get(f"why_{number}") or "" for number in range(1, 6)]
        return actions.record_cause_analysis(
            member, incident, whys=whys, cause_category=data["cause_category"]
        )

    return _step(
        request, incident_id, AnalysisForm, "analysis_form", run, _("The cause analysis has been recorded.")
    )


@org_view(Capability.MANAGE_INCIDENTS)
@require_POST
def quality_incident_grade(request: MemberRequest, incident_id: int) -> HttpResponse:
    return _step(
        request,
        incident_id,
        GradeForm,
        "grade_form",
        lambda member, incident, data: actions.grade_incident(member, incident, grade=data["grade"]),
        _("The grade has been saved."),
    )


@org_view(Capability.MANAGE_INCIDENTS)
@require_POST
def quality_incident_add_action(request: MemberRequest, incident_id: int) -> HttpResponse:
    return _step(
        request,
        incident_id,
        IncidentActionForm,
        "action_form",
        lambda member, incident, data: actions.add_corrective_action(
            member, incident, title=data["title"], owner=data["owner"], due_date=data["due_date"]
        ),
        _("The corrective action has been assigned."),
    )


@org_view(Capability.MANAGE_INCIDENTS)
@require_POST
def quality_incident_schedule(request: MemberRequest, incident_id: int) -> HttpResponse:
    return _step(
        request,
        incident_id,
        ScheduleForm,
        "schedule_form",
        lambda member, incident, data: actions.schedule_effectiveness_check(
            member, incident, weeks=data["weeks"]
        ),
        _("The effectiveness check has been scheduled."),
    )


@org_view(Capability.MANAGE_INCIDENTS)
@require_POST
def quality_incident_effectiveness(request: MemberRequest, incident_id: int) -> HttpResponse:
    return _step(
        request,
        incident_id,
        EffectivenessForm,
        "effectiveness_form",
        lambda member, incident, data: actions.record_effectiveness(
            member, incident, effective=data["effective"], note=data["note"]
        ),
        _("The result of the effectiveness check has been recorded."),
    )


@org_view(Capability.MANAGE_INCIDENTS)
@require_POST
def quality_incident_reopen(request: MemberRequest, incident_id: int) -> HttpResponse:
    return _step(
        request,
        incident_id,
        ReopenForm,
        "reopen_form",
        lambda member, incident, data: actions.reopen_incident(member, incident, reason=data["reason"]),
        _("The incident has been reopened."),
    )


@org_view(Capability.OPEN_INCIDENTS)
@require_POST
def quality_incident_tick(request: MemberRequest, incident_id: int) -> HttpResponse:
    member = request.member
    incident = get_incident_for(member, incident_id)
    try:
        index = int(request.POST.get("index", ""))
    except ValueError:
        index = -1
    try:
        actions.tick_checklist_item(member, incident, index=index, done=request.POST.get("done") == "1")
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
        return render(request, "quality/incident.html", _detail_context(member, incident), status=400)
    return redirect("quality:quality_incident", member.organization.slug, incident.pk)


@org_view(Capability.TAKE_PART)
@require_POST
def quality_action_done(request: MemberRequest, incident_action_id: int) -> HttpResponse:
    """Mark one's own corrective action as done (from the quality start page or the incident's page)."""
    member = request.member
    corrective = get_completable_action_for(member, incident_action_id)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            actions.complete_corrective_action(member, corrective, note=form.cleaned_data["note"])
        except ActionRefused as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The corrective action has been marked as done."))
            return redirect("quality:quality_index", member.organization.slug)
    else:
        messages.error(request, _("Say briefly what was done."))
    return redirect("quality:quality_index", member.organization.slug)
